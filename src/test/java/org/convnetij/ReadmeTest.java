package org.convnetij;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.convnetij.ij1.CommandCall;
import org.convnetij.ij1.CommandCatalog;
import org.junit.jupiter.api.Test;
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;

/** README documents every command and every key (keys are a public contract). */
class ReadmeTest {

	@Test
	void everyCommandAndKeyIsInTheReadme() throws Exception {
		final String readme = new String(Files.readAllBytes(Path.of("README.md")), StandardCharsets.UTF_8);
		for (final CommandInfo info : CommandCatalog.shared().all()) {
			assertTrue(readme.contains("| " + info.getLabel() + " |"), "README has no table row for command " + info
				.getLabel());
			for (final ModuleItem<?> item : CommandCall.inputs(info)) {
				if (item.getName().equals(CommandCall.INPUT)) continue;
				assertTrue(readme.contains("`" + item.getName() + "`"), "README does not mention key `" + item
					.getName() + "` of " + info.getLabel());
			}
		}
	}
}
