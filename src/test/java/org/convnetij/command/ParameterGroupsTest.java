package org.convnetij.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.convnetij.filter.Padding;
import org.convnetij.ij1.CommandCall;
import org.convnetij.ij1.CommandCatalog;
import org.junit.jupiter.api.Test;
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;

/**
 * Parameter groups are defined once: every filter's padding offers exactly {@link Padding#keys()}, the architecture
 * group is the same in Model Summary and Train Classifier, and every command stays thin.
 */
class ParameterGroupsTest {

	@Test
	void everyFilterPaddingOffersThePaddingKeys() {
		int filters = 0;
		for (final CommandInfo info : CommandCatalog.shared().all()) {
			if (!CommandCatalog.menuString(info).startsWith(CommandCatalog.MENU_ROOT + "Filters>")) continue;
			for (final ModuleItem<?> item : CommandCall.inputs(info)) {
				if (!item.getName().equals("padding")) continue;
				filters++;
				assertEquals(Arrays.asList(Padding.keys()), item.getChoices().stream().map(Object::toString).toList(),
					info.getLabel());
				assertEquals("padding", CommandCall.label(item), info.getLabel());
				// the dialog keeps its order: the image first, the command's own keys, then padding (and stride)
				final List<String> keys = CommandCall.keys(info, List.of());
				assertEquals("input", keys.get(0), info.getLabel());
				assertTrue(keys.subList(keys.indexOf("padding") + 1, keys.size()).stream().allMatch("stride"::equals),
					info.getLabel() + ": " + keys);
			}
		}
		assertEquals(11, filters, "filters with padding");
		// the order ImageJ's recorder writes (ImageJDialogIT) and the model-folder commands' model first
		assertEquals(List.of("input", "kernel", "kernelimage", "normalize", "padding", "stride"), keys("Convolve"));
		for (final String label : List.of("Classify", "Evaluate Model", "Export Model", "Extract Features",
			"Feature Maps", "Show Filters"))
		{
			assertEquals("model", keys(label).get(0), label);
		}
	}

	/** The dialogs of the CNN commands built from parameter groups: each group's keys together, in this order. */
	@Test
	void theCnnDialogsKeepTheirGroupOrder() {
		assertEquals(List.of("model", "input", "image", "output"), keys("Classify"));
		assertEquals(List.of("model", "input", "window", "stride"), keys("Probability Map"));
		assertEquals(List.of("source", "architecture", "inputsize", "normalization", "classnames", "layer", "notop",
			"output", "overwrite"), keys("Import Model"));
		assertEquals(List.of("model", "name", "description", "authors", "license", "cite", "tags", "input", "output",
			"overwrite"), keys("Export Model"));
		assertEquals(List.of("model", "layer", "grid", "data", "validation", "strategy", "freeze", "epochs", "rate",
			"patience", "fliph", "flipv", "rotate90", "seed", "output", "overwrite"), keys("Transfer Learning"));
		// the feature-layer group is the same in Extract Features and Transfer Learning
		assertEquals(List.of("model", "layer", "grid", "input", "output"), keys("Extract Features"));
		for (final String key : List.of("layer", "grid")) {
			assertEquals(label("Extract Features", key), label("Transfer Learning", key), key);
		}
	}

	@Test
	void theArchitectureGroupIsTheSameInBothCommands() {
		final List<String> summary = keys("Model Summary");
		final List<String> train = keys("Train Classifier");
		final List<String> group = List.of("architecture", "width", "height", "channels", "pattern");
		assertEquals(group, summary.subList(0, group.size()));
		assertEquals(group, train.subList(0, group.size()));
		for (final String key : group) {
			assertEquals(label("Model Summary", key), label("Train Classifier", key), key);
		}
	}

	/**
	 * A command is its parameters plus a few lines: without imports, comments, blank lines and the parameter
	 * declarations, no command has more than {@link #CODE_LINES} lines, and no command's file, all lines counted, more
	 * than {@link #FILE_LINES} (about 40); a parameter group (an abstract base) no more than {@link #GROUP_LINES}.
	 */
	@Test
	void everyCommandIsThin() throws IOException {
		final List<String> thick = new ArrayList<>();
		try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/convnetij/command"))) {
			for (final Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith("Command.java"))::iterator) {
				final List<String> lines = Files.readAllLines(f);
				final int limit = lines.stream().anyMatch(l -> l.startsWith("@Plugin(")) ? FILE_LINES : GROUP_LINES;
				final long code = codeLines(lines);
				if (code > CODE_LINES || lines.size() > limit) thick.add(f.getFileName() + ": " + code +
					" lines of code, " + lines.size() + " in all");
			}
		}
		assertEquals(List.of(), thick);
	}

	private static final int CODE_LINES = 25;

	private static final int FILE_LINES = 50;

	private static final int GROUP_LINES = 100;

	/** Lines other than package, imports, comments, blank lines and {@code @Parameter} declarations. */
	static long codeLines(final List<String> lines) {
		long code = 0;
		boolean parameter = false;
		boolean comment = false;
		for (final String raw : lines) {
			final String l = raw.strip();
			if (comment) {
				comment = !l.endsWith("*/");
				continue;
			}
			if (l.startsWith("/*")) {
				comment = !l.endsWith("*/");
				continue;
			}
			if (l.startsWith("@Parameter")) parameter = true;
			final boolean skip = parameter || l.isEmpty() || l.startsWith("//") || l.startsWith("import ") || l
				.startsWith("package ");
			if (parameter && l.endsWith(";")) parameter = false;
			if (!skip) code++;
		}
		return code;
	}

	private static List<String> keys(final String label) {
		return CommandCall.keys(CommandCatalog.shared().find(label), List.of());
	}

	private static String label(final String command, final String key) {
		return CommandCall.label(CommandCall.inputs(CommandCatalog.shared().find(command)).stream().filter(i -> i
			.getName().equals(key)).findFirst().orElseThrow());
	}
}
