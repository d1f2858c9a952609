package org.convnetij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.convnetij.ij1.CommandCall;
import org.convnetij.ij1.CommandCatalog;
import org.convnetij.ij1.MacroOptions;
import org.junit.jupiter.api.Test;
import org.scijava.command.CommandInfo;

/**
 * README's tables stay short (details live in docs/), and every macro key README shows is a real key: a parameter
 * of the command it is shown with, in the command tables and in the example macro and launcher lines (every key
 * appearing somewhere in README is ReadmeTest's).
 */
class ReadmeTablesTest {

	private static final int MAX_CELL = 300;

	private static final Pattern KEY = Pattern.compile("`([a-z0-9]+)`");

	private static final Pattern RUN = Pattern.compile("run\\(\"([^\"]+)\"(?:, \"([^\"]*)\")?\\)");

	private static final Pattern LAUNCHER = Pattern.compile("\\./convnet (\"[^\"]+\"|[A-Z][A-Za-z]+) (.*)");

	/** A launcher argument: characters other than spaces and quotes, or a quoted part. */
	private static final Pattern ARGUMENT = Pattern.compile("(?:[^\\s\"`]|\"[^\"]*\")+");

	private static List<String> readme() throws Exception {
		final List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
		// the changelog names former keys on purpose
		final int changelog = lines.indexOf("## Changelog");
		return changelog < 0 ? lines : lines.subList(0, changelog);
	}

	/** The cells of a table row; {@code \|} is a character of a cell. */
	private static List<String> cells(final String row) {
		final List<String> cells = new ArrayList<>();
		for (final String c : row.replace("\\|", "\u0000").split("\\|", -1)) cells.add(c.replace('\u0000', '|').strip());
		return cells.subList(1, cells.size() - 1);
	}

	@Test
	void noTableCellIsLong() throws Exception {
		final List<String> problems = new ArrayList<>();
		final List<String> all = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
		for (int i = 0; i < all.size(); i++) {
			if (!all.get(i).startsWith("|")) continue;
			for (final String cell : cells(all.get(i))) {
				if (cell.length() > MAX_CELL) problems.add("line " + (i + 1) + ": " + cell.length() + " characters: " + cell
					.substring(0, 60) + "...");
			}
		}
		assertEquals(List.of(), problems, "README table cells over " + MAX_CELL + " characters (move details to docs/)");
	}

	@Test
	void everyKeyInACommandRowIsAParameterOfThatCommand() throws Exception {
		final List<String> problems = new ArrayList<>();
		int rows = 0;
		for (final String line : readme()) {
			if (!line.startsWith("| ")) continue;
			final List<String> cells = cells(line);
			final CommandInfo info = cells.isEmpty() ? null : CommandCatalog.shared().lookUp(cells.get(0));
			if (info == null || cells.size() < 3 || CommandCatalog.RENAMED.containsKey(cells.get(0))) continue;
			rows++;
			final List<String> keys = CommandCall.keys(info, List.of());
			final Matcher m = KEY.matcher(cells.get(1));
			final List<String> shown = new ArrayList<>();
			while (m.find()) shown.add(m.group(1));
			for (final String key : shown) {
				if (!keys.contains(key)) problems.add(info.getLabel() + ": `" + key + "` is not one of its keys " + keys);
			}
		}
		assertEquals(List.of(), problems);
		assertEquals(CommandCatalog.shared().all().size(), rows, "one row per command");
	}

	@Test
	void everySharedKeyIsAKey() throws Exception {
		final Set<String> keys = CommandCatalog.shared().all().stream().flatMap(i -> CommandCall.keys(i, List.of())
			.stream()).collect(Collectors.toSet());
		boolean inTable = false;
		int shared = 0;
		for (final String line : readme()) {
			if (line.equals("| key | meaning |")) inTable = true;
			else if (!line.startsWith("|")) inTable = false;
			else if (inTable && !line.startsWith("|---")) {
				final Matcher m = KEY.matcher(cells(line).get(0));
				while (m.find()) {
					shared++;
					assertTrue(keys.contains(m.group(1)), "shared key `" + m.group(1) + "` is no command's key");
				}
			}
		}
		assertTrue(shared >= 10, "the shared keys table lists " + shared + " keys");
	}

	@Test
	void everyExampleLineUsesRealKeys() throws Exception {
		final List<String> problems = new ArrayList<>();
		int examples = 0;
		for (final String line : readme()) {
			final Matcher run = RUN.matcher(line);
			while (run.find()) {
				final CommandInfo info = CommandCatalog.shared().lookUp(run.group(1));
				if (info == null) continue; // ImageJ's own commands (Duplicate, Tiff)
				examples++;
				check(info, MacroOptions.parse(run.group(2)), line, problems);
			}
			final Matcher launcher = LAUNCHER.matcher(line);
			if (launcher.find()) {
				final CommandInfo info = CommandCatalog.shared().lookUp(launcher.group(1).replace("\"", ""));
				if (info == null) continue; // demo, benchmark, check
				examples++;
				final Map<String, String> given = new java.util.LinkedHashMap<>();
				final Matcher a = ARGUMENT.matcher(launcher.group(2).split("`")[0]);
				while (a.find() && a.group().contains("=")) {
					given.put(a.group().substring(0, a.group().indexOf('=')), "");
				}
				check(info, given, line, problems);
			}
		}
		assertEquals(List.of(), problems);
		assertTrue(examples >= 10, "README shows " + examples + " example lines");
	}

	private static void check(final CommandInfo info, final Map<String, String> given, final String line,
		final List<String> problems)
	{
		final List<String> keys = CommandCall.keys(info, List.of("output"));
		for (final String key : given.keySet()) {
			if (!keys.contains(key)) problems.add(info.getLabel() + ": `" + key + "` is not a key, in: " + line);
		}
	}
}
