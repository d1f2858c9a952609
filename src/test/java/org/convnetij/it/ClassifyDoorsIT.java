package org.convnetij.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;

/**
 * Classify through the launcher (an image file) and through a macro in real ImageJ 1 (the same image open) gives
 * the same rows: an RGB image is one colour image (1 row for an RGB model), a stack of 3 gray slices gives 3 rows
 * for a gray model, with the same probabilities; an RGB image for a gray model is converted by both as its training
 * images were (RGB tiles converted by luminance), or refused by both with one line when it learnt from gray images.
 */
class ClassifyDoorsIT {

	@TempDir
	Path tmp;

	@Test
	void theLauncherAndAMacroGiveTheSameRows() throws Exception {
		final Path rgbModel = tmp.resolve("rgb"), grayModel = tmp.resolve("gray");
		for (final Path m : List.of(rgbModel, grayModel)) { // the gray one from the RGB tiles converted by luminance
			final Processes.Result trained = Processes.launcher("Train Classifier", "data=sample-images/labelled",
				"width=32", "height=32", "channels=" + (m == rgbModel ? 3 : 1), "filters=4", "units=8", "epochs=1",
				"output=" + m);
			assertEquals(0, trained.exitCode, trained::toString);
		}
		final String rgb = new File(Processes.ROOT, "sample-images/ihc.png").getAbsolutePath();
		final Path stack = tmp.resolve("stack.tif");
		final ImagePlus cell = IJ.openImage(new File(Processes.ROOT, "sample-images/cell.png").getPath());
		final ImageStack slices = new ImageStack(64, 64);
		for (int i = 0; i < 3; i++) {
			cell.setRoi(100 * i + 50, 120, 64, 64);
			slices.addSlice("z" + i, cell.getProcessor().crop());
		}
		IJ.saveAsTiff(new ImagePlus("stack", slices), stack.toString());

		final Path cliRgb = tmp.resolve("cli-rgb.csv"), cliStack = tmp.resolve("cli-stack.csv");
		final Processes.Result a = Processes.launcher("Classify", "model=" + rgbModel, "input=" + rgb, "output=" +
			cliRgb);
		assertEquals(0, a.exitCode, a::toString);
		final Processes.Result b = Processes.launcher("Classify", "model=" + grayModel, "input=" + stack, "output=" +
			cliStack);
		assertEquals(0, b.exitCode, b::toString);

		final Path ijRgb = tmp.resolve("ij-rgb.csv"), ijStack = tmp.resolve("ij-stack.csv");
		final Path macro = tmp.resolve("classify.ijm");
		Files.writeString(macro, "setBatchMode(true);\n" + //
			"open(\"" + rgb + "\");\n" + //
			"run(\"Classify\", \"model=[" + rgbModel + "] output=[" + ijRgb + "]\");\n" + //
			"close();\n" + //
			"open(\"" + stack + "\");\n" + //
			"run(\"Classify\", \"model=[" + grayModel + "] output=[" + ijStack + "]\");\n");
		final Processes.Result ij = Processes.imagej(macro.toFile(), null);
		assertEquals(0, ij.exitCode, ij::toString);

		assertSameRows(cliRgb, ijRgb, 1);
		assertSameRows(cliStack, ijStack, 3);

		// the gray model learnt from the RGB tiles converted to gray: it converts an RGB image the same way, and says so
		final Path cliConverted = tmp.resolve("cli-converted.csv"), ijConverted = tmp.resolve("ij-converted.csv");
		final Processes.Result converted = Processes.launcher("Classify", "model=" + grayModel, "input=" + rgb,
			"output=" + cliConverted);
		assertEquals(0, converted.exitCode, converted::toString);
		assertTrue(converted.out.contains("RGB image(s) converted to gray by luminance (0.299 R + 0.587 G + 0.114 B), " +
			"as the model's training images were"), converted::toString);
		final Path convertedMacro = tmp.resolve("converted.ijm");
		Files.writeString(convertedMacro, "open(\"" + rgb + "\");\nrun(\"Classify\", \"model=[" + grayModel +
			"] output=[" + ijConverted + "]\");\n");
		assertEquals(0, Processes.launcher("--macro", convertedMacro.toString()).exitCode);
		assertSameRows(cliConverted, ijConverted, 1);

		// a gray model that learnt from gray images refuses an RGB image: one line from both doors, the same text
		// but for the image's name
		final Path grayTiles = tmp.resolve("gray-tiles"), strictModel = tmp.resolve("strict");
		for (final String c : List.of("gland", "stroma")) {
			final File[] tiles = new File(Processes.ROOT, "sample-images/labelled/" + c).listFiles();
			java.util.Arrays.sort(tiles);
			Files.createDirectories(grayTiles.resolve(c));
			for (int i = 0; i < 5; i++) {
				final ImagePlus tile = IJ.openImage(tiles[i].getPath());
				new ij.process.ImageConverter(tile).convertToGray8();
				new ij.io.FileSaver(tile).saveAsPng(grayTiles.resolve(c).resolve(tiles[i].getName()).toString());
			}
		}
		final Processes.Result strict = Processes.launcher("Train Classifier", "data=" + grayTiles, "width=32",
			"height=32", "filters=4", "units=8", "epochs=1", "output=" + strictModel);
		assertEquals(0, strict.exitCode, strict::toString);
		final Processes.Result refused = Processes.launcher("Classify", "model=" + strictModel, "input=" + rgb);
		assertNotEquals(0, refused.exitCode, refused::toString);
		final String expected = " is an RGB image but the model " + strictModel + " takes gray images (1 channel): " +
			"convert it to gray first (Image > Type > 8-bit), or use a model trained on RGB images";
		assertTrue(refused.err.contains("ihc.png" + expected), refused::toString);
		assertEquals(1, refused.err.lines().filter(l -> l.contains(expected)).count(), refused::toString);
		final Path refusing = tmp.resolve("refused.ijm");
		Files.writeString(refusing, "open(\"" + rgb + "\");\nrun(\"Classify\", \"model=[" + strictModel + "]\");\n");
		final Processes.Result macroRefused = Processes.launcher("--macro", refusing.toString());
		assertTrue((macroRefused.out + macroRefused.err).contains("image" + expected), macroRefused::toString);
	}

	/** The same number of rows with the same class and probabilities (the file column names the source). */
	private static void assertSameRows(final Path launcher, final Path macro, final int rows) throws Exception {
		final List<String> a = Files.readAllLines(launcher), b = Files.readAllLines(macro);
		assertEquals(rows + 1, a.size(), "launcher: " + a);
		assertEquals(a.size(), b.size(), "launcher " + a + " vs macro " + b);
		assertEquals(a.get(0), b.get(0));
		for (int i = 1; i < a.size(); i++) {
			final String[] x = a.get(i).split(","), y = b.get(i).split(",");
			assertEquals(x[1], y[1], "class of row " + i + ": " + a.get(i) + " vs " + b.get(i));
			for (int k = 2; k < x.length; k++) {
				// the same pixels through the same network: the printed 6 significant digits agree but for the last
				final double p = Double.parseDouble(x[k]), q = Double.parseDouble(y[k]);
				assertEquals(p, q, 1e-5 * Math.max(Math.abs(p), 1e-3), "row " + i + ": " + a.get(i) + " vs " + b.get(i));
			}
		}
	}
}
