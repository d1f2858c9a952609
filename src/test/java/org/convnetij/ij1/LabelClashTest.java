package org.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.scijava.command.CommandInfo;

import ij.IJ;

/**
 * No ConvNet label (plugins.config and the SciJava commands) equals a command of ImageJ 1 (its command table
 * IJ_Props.txt inside ij.jar); ImageJ would otherwise report "Duplicate command" at start and run ConvNet's
 * command for its own. The table ImageJ builds with its menus is checked too, under a display (PlainImageJIT).
 */
class LabelClashTest {

	private static final Pattern PROPS_COMMAND = Pattern.compile("^[a-z_0-9]+=\"([^\"]+)\",.+$");
	private static final Pattern CONFIG_LINE = Pattern.compile("^[^#].*?,\\s*\"([^\"]+)\",.+$");

	static Set<String> imageJCommands() throws IOException {
		final Set<String> commands = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		try (InputStream in = IJ.class.getResourceAsStream("/IJ_Props.txt")) {
			assertNotNull(in, "ij.jar has IJ_Props.txt");
			final BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
			for (String line; (line = r.readLine()) != null;) {
				final Matcher m = PROPS_COMMAND.matcher(line.trim());
				if (m.matches()) commands.add(m.group(1));
			}
		}
		return commands;
	}

	static List<String> convNetLabels() throws IOException {
		final List<String> labels = new ArrayList<>();
		try (InputStream in = LabelClashTest.class.getResourceAsStream("/plugins.config")) {
			assertNotNull(in, "plugins.config on the class path");
			final BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			for (String line; (line = r.readLine()) != null;) {
				final Matcher m = CONFIG_LINE.matcher(line.trim());
				if (m.matches()) labels.add(m.group(1));
			}
		}
		for (final CommandInfo info : CommandCatalog.shared().all()) labels.add(info.getLabel());
		return labels;
	}

	@Test
	void noConvNetLabelEqualsAnImageJCommand() throws IOException {
		final Set<String> imagej = imageJCommands();
		// the table is read right: ImageJ's filters and its binary Median are in it
		assertTrue(imagej.contains("Gaussian Blur...") && imagej.contains("Median") && imagej.size() > 300, imagej
			.toString());
		final List<String> labels = convNetLabels();
		assertTrue(labels.size() >= 2 * 26, labels.toString());
		for (final String label : labels) {
			assertFalse(imagej.contains(label), "'" + label + "' is also an ImageJ 1 command (IJ_Props.txt)");
		}
	}

	@Test
	void renamedLabelsStillFindTheirCommandInTheCatalog() {
		CommandCatalog.RENAMED.forEach((old, renamed) -> {
			assertTrue(CommandCatalog.shared().find(old).getLabel().equals(renamed), old);
			assertTrue(CommandCatalog.shared().find(renamed).getLabel().equals(renamed), renamed);
		});
	}
}
