package org.convnetij.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Hashtable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.convnetij.ij1.CommandCatalog;
import org.scijava.command.CommandInfo;

import ij.IJ;
import ij.Menus;

/**
 * ImageJ 1 without a display. ImageJ builds its command table together with its menu bar, which needs a display,
 * so here the table is filled directly: the ConvNet commands plus ImageJ's commands listed in IJ_Props.txt and
 * those of its menu bar that work without a display ({@link ImageJMenuCommands}: type conversions, crop, ...).
 * Macro functions (open, saveAs, getArgument, File.*, batch mode) need no table and work as usual.
 */
final class HeadlessImageJ {

	private static final Pattern PROPS_COMMAND = Pattern.compile("^[a-z_]+\\d+=\"([^\"]+)\",(.+)$");

	private HeadlessImageJ() {}

	/** Fills ImageJ's command table (once) so that run("Convolve", ...) finds the ConvNet commands. */
	static synchronized void installCommands() {
		try {
			final Field field = Menus.class.getDeclaredField("pluginsTable");
			field.setAccessible(true);
			if (field.get(null) != null) return;
			final Hashtable<String, String> table = new Hashtable<>();
			addImageJCommands(table);
			for (final String[] c : ImageJMenuCommands.COMMANDS) table.putIfAbsent(c[0], c[1]);
			for (final CommandInfo info : CommandCatalog.shared().all()) {
				table.put(info.getLabel(), bridge(info.getLabel()));
			}
			// old labels keep working where ImageJ has no command of that name (ImageJ's own Median stays its own)
			CommandCatalog.RENAMED.forEach((old, renamed) -> table.putIfAbsent(old, bridge(renamed)));
			field.set(null, table);
		}
		catch (final ReflectiveOperationException e) {
			throw new IllegalStateException("this ImageJ version has no command table to fill: " + e, e);
		}
	}

	private static String bridge(final String label) {
		return "org.convnetij.ij1.CommandBridge(\"" + label + "\")";
	}

	private static void addImageJCommands(final Hashtable<String, String> table) {
		try (InputStream in = IJ.class.getResourceAsStream("/IJ_Props.txt")) {
			if (in == null) return;
			final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
			String line;
			while ((line = reader.readLine()) != null) {
				final Matcher m = PROPS_COMMAND.matcher(line.trim());
				if (m.matches() && !m.group(1).equals("-")) table.put(m.group(1), m.group(2));
			}
		}
		catch (final IOException e) {
			// ImageJ's own commands are a convenience here; the ConvNet commands are installed regardless
		}
	}
}
