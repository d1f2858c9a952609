package org.convnetij.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure exits non-zero through the launcher and {@code --macro}, with one line on stderr: errors inside a
 * macro, exit("..."), ImageJ's own error messages, commands that need a window, and the example macros on bad
 * arguments. Renamed labels keep working in the launcher; an unquoted label with spaces gets a hint.
 */
class ExitCodesIT {

	@TempDir
	Path tmp;

	private Processes.Result macro(final String text, final String... argument) throws Exception {
		final Path file = tmp.resolve("m.ijm");
		Files.writeString(file, text);
		return argument.length == 0 ? Processes.launcher("--macro", file.toString()) : Processes.launcher("--macro",
			file.toString(), argument[0]);
	}

	private static void assertOneLine(final Processes.Result r, final String expected) {
		assertEquals(2, r.exitCode, r::toString);
		final String err = r.err.trim();
		assertFalse(err.contains("\n"), () -> "one line expected:\n" + r);
		assertTrue(err.startsWith("convnet: ") && err.contains(expected), () -> "expected '" + expected + "':\n" + r);
		assertFalse((r.out + r.err).contains("Exception"), r::toString);
	}

	@Test
	void macroFailuresExitNonZeroWithOneLine() throws Exception {
		assertOneLine(macro("print(\"a\");\nexit(\"the folder is missing\");\nprint(\"b\");\n"),
			"m.ijm: the folder is missing");
		assertOneLine(macro("x = y + 1;\n"), "Undefined variable");
		assertOneLine(macro("open(\"/no/such/file.tif\");\nprint(\"after\");\n"), "File not found");
		assertOneLine(macro("run(\"No Such Command\");\n"), "Unrecognized command: \"No Such Command\"");
		final Processes.Result ok = macro("print(\"a\");\nexit();\nprint(\"b\");\n");
		assertEquals(0, ok.exitCode, ok::toString);
		assertTrue(ok.out.contains("a") && !ok.out.contains("b"), ok::toString);
	}

	@Test
	void imageJsTypeConversionsRunHeadless() throws Exception {
		final Processes.Result r = macro("newImage(\"r\", \"8-bit ramp\", 64, 48, 1);\nrun(\"32-bit\");\n" +
			"print(\"depth \" + bitDepth());\nrun(\"Median Filter\", \"radius=1\");\nprint(getTitle());\n");
		assertEquals(0, r.exitCode, r::toString);
		assertTrue(r.out.contains("depth 32") && r.out.contains("r-median-filter"), r::toString);
	}

	@Test
	void theReadmeFolderExampleWorksAsWrittenAndBadArgumentsFail() throws Exception {
		// relative folders from the current folder, parents created (run from a copy of the folder layout)
		final File work = tmp.toFile();
		final Path images = tmp.resolve("sample-images");
		Files.createDirectories(images);
		for (final String n : List.of("cell.png", "ihc.png")) {
			Files.copy(Processes.ROOT.toPath().resolve("sample-images").resolve(n), images.resolve(n));
		}
		final List<String> cmd = List.of(new File(Processes.ROOT, "convnet").getPath(), "--macro", new File(
			Processes.ROOT, "macros/filter-folder.ijm").getPath(), "input=[sample-images] output=[results/filtered]");
		final Processes.Result r = Processes.run(cmd, true, 300, true, work);
		assertEquals(0, r.exitCode, r::toString);
		assertTrue(r.out.contains("filtered 2 images"), r::toString);
		assertEquals(4, tmp.resolve("results/filtered").toFile().list().length);

		final String macro = new File(Processes.ROOT, "macros/filter-folder.ijm").getPath();
		assertOneLine(Processes.launcher("--macro", macro, "input=[" + tmp.resolve("none") + "] output=[" + tmp
			.resolve("o1") + "]"), "does not exist");
		Files.createDirectories(tmp.resolve("empty"));
		assertOneLine(Processes.launcher("--macro", macro, "input=[" + tmp.resolve("empty") + "] output=[" + tmp
			.resolve("o2") + "]"), "no images");
		assertOneLine(Processes.launcher("--macro", macro, "inptu=[x]"), "unknown key 'inptu'");
		assertOneLine(Processes.launcher("--macro", new File(Processes.ROOT, "macros/train-classifier.ijm").getPath(),
			"data=[" + tmp.resolve("none") + "]"), "does not exist");
		assertOneLine(Processes.launcher("--macro", new File(Processes.ROOT, "macros/transfer-learning.ijm")
			.getPath(), "outptu=[" + tmp.resolve("o3") + "]"), "unknown key 'outptu'");
		assertOneLine(Processes.launcher("--macro", new File(Processes.ROOT, "macros/transfer-learning.ijm")
			.getPath(), "data=[" + tmp.resolve("none") + "] output=[" + tmp.resolve("o4") + "]"), "does not exist");
	}

	@Test
	void oldLabelsStillRunAndUnquotedLabelsGetAHint() throws Exception {
		final Path out = tmp.resolve("m.tif");
		final Processes.Result r = Processes.launcher("Median", "input=sample-images/cell.png", "radius=1",
			"output=" + out);
		assertEquals(0, r.exitCode, r::toString);
		assertTrue(r.out.contains("Median Filter: wrote"), r::toString);
		assertOneLine(Processes.launcher("Gaussian", "Blur", "input=sample-images/cell.png", "output=" + out),
			"quote a label with spaces, as in ./convnet \"Gaussian Blur\"");
	}
}
