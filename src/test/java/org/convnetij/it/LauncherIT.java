package org.convnetij.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.convnetij.filter.Filters;
import org.convnetij.filter.Kernel;
import org.convnetij.filter.Padding;
import org.convnetij.ij1.ImagePlusImages;
import org.convnetij.image.Planes;
import org.convnetij.testutil.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ij.IJ;
import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

/** The launcher as a user runs it: a subprocess without a display. */
class LauncherIT {

	@TempDir
	Path tmp;

	@Test
	void convolveWritesTheCoresNumbersWithScaledCalibration() throws Exception {
		final File out = tmp.resolve("edges.tif").toFile();
		final Processes.Result r = Processes.launcher("Convolve", "input=sample-images/cell.png",
			"kernel=-1 -1 -1; -1 8 -1; -1 -1 -1", "padding=mirror", "stride=2", "output=" + out);
		assertEquals(0, r.exitCode, r::toString);
		assertTrue(r.out.contains("Convolve: wrote"), r::toString);
		final ImagePlus written = IJ.openImage(out.getPath());
		final RandomAccessibleInterval<UnsignedByteType> cell = ImagePlusImages.wrapReal(TestImages.open(
			"cell.png"));
		final Img<FloatType> expected = Filters.convolve(cell, Kernel.parse("-1 -1 -1; -1 8 -1; -1 -1 -1"),
			Padding.MIRROR, 2);
		assertEquals(275, written.getWidth());
		assertEquals(330, written.getHeight());
		assertEquals(32, written.getBitDepth());
		assertArrayEquals(Planes.floatsOf(expected, 0), (float[]) written.getProcessor().getPixels());
		assertEquals(2 * TestImages.open("cell.png").getCalibration().pixelWidth, written.getCalibration()
			.pixelWidth, 1e-9);
	}

	@Test
	void meanOnAnRgbImageGivesThreeChannels() throws Exception {
		final File out = tmp.resolve("ihc-mean.tif").toFile();
		final Processes.Result r = Processes.launcher("Mean", "input=sample-images/ihc.png", "radius=2",
			"padding=none", "stride=3", "output=" + out);
		assertEquals(0, r.exitCode, r::toString);
		final ImagePlus written = IJ.openImage(out.getPath());
		assertEquals(170, written.getWidth()); // (512 - 5) / 3 + 1
		assertEquals(3, written.getStackSize());
		final RandomAccessibleInterval<UnsignedByteType> ihc = ImagePlusImages.wrapReal(TestImages.open("ihc.png"));
		final Img<FloatType> expected = Filters.mean(ihc, 2, Padding.NONE, 3);
		for (int c = 0; c < 3; c++) {
			assertArrayEquals(Planes.floatsOf(expected, c), (float[]) written.getStack().getPixels(c + 1));
		}
	}

	@Test
	void sixteenBitStacksAndKernelImagesFromFiles() throws Exception {
		final ImagePlus stack = IJ.createImage("stack", "16-bit ramp", 64, 40, 5);
		for (int z = 1; z <= 5; z++) stack.getStack().getProcessor(z).multiply(z);
		final File in = tmp.resolve("stack.tif").toFile();
		IJ.saveAsTiff(stack, in.getPath());
		final ImagePlus kernelImage = IJ.createImage("kernel", "32-bit black", 3, 5, 1);
		final float[] k = { 1, 0, -1, 2, 0, -2, 3, 1, -3, 2, 0, -2, 1, 0, -1 };
		kernelImage.getProcessor().setPixels(k.clone());
		final File kernelFile = tmp.resolve("kernel.tif").toFile();
		IJ.saveAsTiff(kernelImage, kernelFile.getPath());

		final File fromImage = tmp.resolve("from-image.tif").toFile(), fromText = tmp.resolve("from-text.tif")
			.toFile();
		assertEquals(0, Processes.launcher("Convolve", "input=" + in, "kernelimage=" + kernelFile, "padding=clamp",
			"output=" + fromImage).exitCode);
		assertEquals(0, Processes.launcher("Convolve", "input=" + in, "kernel=1 0 -1; 2 0 -2; 3 1 -3; 2 0 -2; 1 0 -1",
			"padding=clamp", "output=" + fromText).exitCode);
		final ImagePlus a = IJ.openImage(fromImage.getPath()), b = IJ.openImage(fromText.getPath());
		assertEquals(5, a.getStackSize());
		final RandomAccessibleInterval<UnsignedShortType> original = ImagePlusImages.wrapReal(IJ.openImage(in
			.getPath()));
		final Img<FloatType> expected = Filters.convolve(original, Kernel.of(3, 5, k), Padding.CLAMP, 1);
		for (int z = 0; z < 5; z++) {
			assertArrayEquals((float[]) b.getStack().getPixels(z + 1), (float[]) a.getStack().getPixels(z + 1));
			assertArrayEquals(Planes.floatsOf(expected, z), (float[]) a.getStack().getPixels(z + 1), "slice " + z);
		}
	}

	@Test
	void listShowsEveryLabelWithItsKeys() throws Exception {
		final Processes.Result r = Processes.launcher("--list");
		assertEquals(0, r.exitCode, r::toString);
		assertTrue(r.out.contains("Convolve    (Plugins>ConvNet>Filters>Convolve)"), r.out);
		assertTrue(r.out.contains("    kernel=0 -1 0; -1 5 -1; 0 -1 0"), r.out);
		assertTrue(r.out.contains("one of none|zero|mirror|clamp"), r.out);
		assertTrue(r.out.contains("Mean    (Plugins>ConvNet>Filters>Mean)"), r.out);
		assertTrue(r.out.contains("    radius=1 "), r.out);
	}

	/** Each bad input: exit 2, one line on stderr that says what is wrong, no stack trace, no file written. */
	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
		"Convolve|kernel=|the kernel is empty",
		"Convolve|kernel=1 1 1; 1 1 1; 1 1|kernel rows have different lengths: 3, 3, 2",
		"Convolve|kernel=1 x 1|kernel value 'x' in row 1 is not a number",
		"Convolve|kernel=1 1; 1 1|the kernel is 2 wide and 2 high: both sizes must be odd",
		"Mean|stride=0|stride must be 1 or more, not 0",
		"Mean|stride=-2|stride must be 1 or more, not -2",
		"Mean|radius=400|the kernel (801 pixels) is larger than the image (102 pixels) with padding none",
		"Mean|kernel=1|unknown key 'kernel' for Mean: its keys are input, radius, padding, stride, output",
		"Convolve|normalize=yes|normalize must be true or false, not 'yes'",
		"Mean|padding=wrap|padding must be one of none, zero, mirror, clamp, not 'wrap'" })
	void badValuesAreRefusedWithOneLine(final String command, final String arg, final String message)
		throws Exception
	{
		final File out = tmp.resolve("never.tif").toFile();
		final String padding = command.equals("Mean") && arg.startsWith("radius") ? "padding=none" : "stride=1";
		final Processes.Result r = arg.startsWith("stride") ? Processes.launcher(command,
			"input=sample-images/microaneurysms.png", arg, "output=" + out) : Processes.launcher(command,
				"input=sample-images/microaneurysms.png", arg, padding, "output=" + out);
		assertEquals(2, r.exitCode, r::toString);
		assertOneLine(r, message);
		assertFalse(out.exists());
		assertEquals(0, tmp.toFile().list().length, "nothing half-written");
	}

	@Test
	void missingUnreadableAndAbsentInputsAreReported() throws Exception {
		final String out = "output=" + tmp.resolve("x.tif");
		assertOneLine(Processes.launcher("Mean", "input=nothing/here.tif", out), "cannot read input " +
			"'nothing/here.tif': no such file");
		final File notImage = tmp.resolve("notes.tif").toFile();
		Files.writeString(notImage.toPath(), "not an image");
		assertOneLine(Processes.launcher("Mean", "input=" + notImage, out), "not an image ImageJ can open");
		assertOneLine(Processes.launcher("Mean", out), "Mean needs input=<image file>");
		assertOneLine(Processes.launcher("Mean", "input=sample-images/cell.png"), "Mean needs output=<file.tif>");
		assertOneLine(Processes.launcher("Mean", "input=sample-images/cell.png", "output=/no/such/folder/x.tif"),
			"cannot write output '/no/such/folder/x.tif': folder /no/such/folder does not exist");
		assertOneLine(Processes.launcher("Mean", "input=sample-images/cell.png", "output=" + tmp.resolve("x.bmp")),
			"must end in .tif, .png or .jpg");
		assertOneLine(Processes.launcher("Blur", "input=sample-images/cell.png"), "unknown command 'Blur'");
	}

	@Test
	void debugShowsTheStackTrace() throws Exception {
		final Processes.Result r = Processes.launcher("--debug", "Mean", "input=sample-images/cell.png",
			"stride=0", "output=" + tmp.resolve("x.tif"));
		assertEquals(2, r.exitCode);
		assertTrue(r.err.contains("\tat org.convnetij"), r::toString);
	}

	@Test
	void macroRunsHeadlessAndAFailingCommandEndsIt() throws Exception {
		final Path macro = tmp.resolve("noimage.ijm");
		Files.writeString(macro, "print(\"start\");\nrun(\"Convolve\", \"kernel=[1 1 1]\");\nprint(\"after\");\n");
		final Processes.Result r = Processes.launcher("--macro", macro.toString());
		assertEquals(2, r.exitCode, r::toString);
		assertOneLine(r, "noimage.ijm: Convolve needs an image: open one first");
		assertFalse(r.out.contains("after"), "the macro stops at the failing command");

		Files.writeString(macro, "newImage(\"ramp\", \"8-bit ramp\", 64, 48, 1);\nrun(\"Mean\", \"radius=2 " +
			"size=3\");\n");
		assertOneLine(Processes.launcher("--macro", macro.toString()), "unknown key 'size' for Mean: its keys are " +
			"input, radius, padding, stride");

		Files.writeString(macro, "newImage(\"ramp\", \"8-bit ramp\", 64, 48, 1);\nrun(\"Mean\", \"padding=none " +
			"stride=2\");\nprint(getTitle() + \" \" + getWidth() + \"x\" + getHeight() + \" \" + bitDepth());\n" +
			"print(getArgument());\n");
		final Processes.Result ok = Processes.launcher("--macro", macro.toString(), "the argument");
		assertEquals(0, ok.exitCode, ok::toString);
		// radius 1 is the documented default: (64 - 3) / 2 + 1 = 31, (48 - 3) / 2 + 1 = 23
		assertTrue(ok.out.contains("ramp-mean 31x23 32"), ok::toString);
		assertTrue(ok.out.contains("the argument"), ok::toString);
	}

	@Test
	void filterBenchmarkGivesItselfADisplayForImageJsCommands() throws Exception {
		assumeTrue(onPath("xvfb-run"), "no xvfb-run on this machine");
		// a filter name that matches none: the benchmark prints its header lines and measures nothing
		final Processes.Result r = Processes.launcher("benchmark", "filters", "1", "sample-images/cell.png",
			"no filter has this name");
		assertEquals(0, r.exitCode, r::toString);
		assertTrue(r.out.contains("Display: :"), "started under Xvfb without a display of its own:\n" + r);
		assertFalse(r.out.contains("need a display"), r::toString);
		final String preload = r.out.replaceAll("(?s).*LD_PRELOAD=([^ ]*?)\\.\\s.*", "$1");
		assertEquals(1, preload.split("libjsig\\.so", -1).length - 1, "libjsig preloaded once: " + preload);
	}

	private static boolean onPath(final String program) {
		for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (new File(dir, program).canExecute()) return true;
		}
		return false;
	}

	private static void assertOneLine(final Processes.Result r, final String expected) {
		assertEquals(2, r.exitCode, r::toString);
		final String err = r.err.trim();
		assertFalse(err.contains("\n"), () -> "one line expected:\n" + r);
		assertTrue(err.startsWith("convnet: "), r::toString);
		assertTrue(err.contains(expected), () -> "expected '" + expected + "' in:\n" + r);
		assertFalse(err.contains("Exception"), r::toString);
	}
}
