package org.convnetij.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.convnetij.util.UserInputException;
import org.convnetij.util.IoReasons;
import org.convnetij.util.TempPaths;

/** Text results (tables, summaries) written whole or not at all. */
final class TextFiles {

	private TextFiles() {}

	static void write(final String path, final String text) {
		final Path target = new File(path).getAbsoluteFile().toPath();
		if (!Files.isDirectory(target.getParent())) {
			throw new UserInputException("cannot write output '" + path + "': folder " + target.getParent() +
				" does not exist");
		}
		try {
			final Path temp = TempPaths.newFile(target.getParent(), "." + target.getFileName(), ".part");
			try {
				Files.write(temp, text.getBytes(StandardCharsets.UTF_8));
				Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
			}
			finally {
				Files.deleteIfExists(temp);
			}
		}
		catch (final IOException e) {
			throw new UserInputException("cannot write output '" + path + "': " + IoReasons.of(e));
		}
	}
}
