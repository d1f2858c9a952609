package org.convnetij.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;

/**
 * Plain ImageJ 1 as users start it: {@code java -jar ij.jar}, without the JDK's signal-chaining library. It starts
 * without a "Plugin configuration error" (no ConvNet label equals one of its commands), and every filter command
 * runs through a macro without crashing the JVM, with the numbers of the same macro where OpenCL is on.
 */
class PlainImageJIT {

	/** Every filter command with macro keys; the results are saved as TIFFs named by the label. */
	private static final String FILTERS = String.join("\n",
		"out = call(\"ij.Macro.getValue\", getArgument(), \"output\", \"\");",
		"home = getDirectory(\"imagej\");",
		"setBatchMode(true);",
		"open(home + \"sample-images/cell.png\"); cell = getImageID();",
		"makeRectangle(200, 300, 21, 17); run(\"Duplicate...\", \"title=tpl\"); tpl = getImageID();",
		"newImage(\"stack\", \"32-bit black\", 40, 30, 5); stack = getImageID();",
		"for (z = 1; z <= 5; z++) { setSlice(z); for (y = 0; y < 30; y++) for (x = 0; x < 40; x++) "
			+ "setPixel(x, y, (x * 7 + y * 3 + z * 11) % 23); }",
		"open(home + \"sample-images/ihc.png\"); rgb = getImageID();",
		"cmds = newArray(\"Convolve\", \"Mean\", \"Gaussian Blur\", \"Sobel\", \"Laplacian\", \"Unsharp Mask\", "
			+ "\"Minimum Filter\", \"Maximum Filter\", \"Median Filter\", \"3D Convolve\", \"Template Matching\", "
			+ "\"Conv Layer\", \"Max Pool\", \"Average Pool\");",
		"opts = newArray(\"kernel=[1 2 1; 2 4 2; 1 2 1] normalize padding=mirror stride=1\", "
			+ "\"radius=2 padding=zero stride=2\", \"sigma=2 padding=clamp\", \"direction=magnitude padding=clamp\", "
			+ "\"padding=clamp stride=1\", \"sigma=1 weight=0.6 padding=clamp\", \"radius=2 padding=clamp\", "
			+ "\"radius=2 padding=clamp\", \"radius=2 padding=clamp\", "
			+ "\"kernel=[0 1 0; 1 1 1; 0 1 0 / 1 1 1; 1 2 1; 1 1 1 / 0 1 0; 1 1 1; 0 1 0] normalize padding=mirror\", "
			+ "\"template=tpl\", \"kernels=[1 0 -1; 2 0 -2; 1 0 -1 / 0 1 0; 1 -4 1; 0 1 0 / 1 1 1; 1 1 1; 1 1 1 | "
			+ "0 0 0; 0 1 0; 0 0 0 / 0 0 0; 0 1 0; 0 0 0 / 0 0 0; 0 1 0; 0 0 0] bias=[0.5, -1] relu padding=zero "
			+ "stride=2\", \"size=2 stride=2\", \"size=3 stride=2\");",
		"for (i = 0; i < cmds.length; i++) {",
		"  if (cmds[i] == \"3D Convolve\") selectImage(stack);",
		"  else if (cmds[i] == \"Conv Layer\") selectImage(rgb);",
		"  else selectImage(cell);",
		"  run(cmds[i], opts[i]);",
		"  saveAs(\"Tiff\", out + File.separator + cmds[i] + \".tif\");",
		"  close();",
		"}",
		"run(\"OpenCL Info\");",
		"print(\"done \" + cmds.length);");

	@TempDir
	Path tmp;

	@Test
	void everyFilterRunsWithoutSignalChainingAndGivesTheNumbersOfOpenCl() throws Exception {
		final Path macro = tmp.resolve("filters.ijm");
		Files.writeString(macro, FILTERS);
		final File off = tmp.resolve("without-libjsig").toFile(), on = tmp.resolve("with-libjsig").toFile();
		assertTrue(off.mkdir() && on.mkdir());
		final Processes.Result plain = Processes.imagej(macro.toFile(), "output=[" + off + "]", false);
		final Processes.Result chained = Processes.imagej(macro.toFile(), "output=[" + on + "]", true);
		for (final Processes.Result r : List.of(plain, chained)) {
			assertEquals(0, r.exitCode, r::toString);
			assertTrue(r.out.contains("done 14"), r::toString);
			assertFalse((r.out + r.err).contains("SIGSEGV") || (r.out + r.err).contains("hs_err"), r::toString);
			assertFalse((r.out + r.err).contains("Exception"), r::toString);
		}
		// PoCL here: without libjsig one line says why OpenCL is off and how to turn it on (OpenCL Info says it too)
		final String hint = "LD_PRELOAD=" + System.getProperty("java.home") + "/lib/libjsig.so";
		final long notices = (plain.out + plain.err).lines().filter(l -> l.startsWith("OpenCL on ") && l.contains(
			"filters run in Java") && l.contains(hint)).count();
		assertEquals(2, notices, "the fallback notice once, and OpenCL Info's verdict:\n" + plain);
		assertTrue(chained.out.contains("filters run on OpenCL"), chained::toString);

		final String[] names = off.list();
		assertEquals(14, names == null ? 0 : names.length, () -> String.join(", ", names));
		for (final String name : names) {
			final ImagePlus java = IJ.openImage(new File(off, name).getPath());
			final ImagePlus openCl = IJ.openImage(new File(on, name).getPath());
			assertEquals(openCl.getWidth(), java.getWidth(), name);
			assertEquals(openCl.getHeight(), java.getHeight(), name);
			assertEquals(openCl.getStackSize(), java.getStackSize(), name);
			assertEquals(32, java.getBitDepth(), name);
			// the engines agree per pixel to 1e-5 of the largest value (1e-4 for normalised cross-correlation)
			final double tolerance = name.startsWith("Template") ? 1e-4 : 1e-5;
			assertClose(name, openCl.getStack(), java.getStack(), tolerance);
		}
		// numbers one can check: minimum <= median <= maximum everywhere, and the expected output sizes
		final float[] min = pixels(off, "Minimum Filter"), med = pixels(off, "Median Filter"), max = pixels(off,
			"Maximum Filter");
		for (int i = 0; i < min.length; i++) assertTrue(min[i] <= med[i] && med[i] <= max[i], "pixel " + i);
		assertEquals(275, IJ.openImage(new File(off, "Mean.tif").getPath()).getWidth()); // (550 + 4 - 5) / 2 + 1
		assertEquals(550 - 21 + 1, IJ.openImage(new File(off, "Template Matching.tif").getPath()).getWidth());
		final ImagePlus layer = IJ.openImage(new File(off, "Conv Layer.tif").getPath());
		assertEquals(2, layer.getStackSize()); // two kernels over the three channels
	}

	private static float[] pixels(final File folder, final String label) {
		return (float[]) IJ.openImage(new File(folder, label + ".tif").getPath()).getProcessor().getPixels();
	}

	private static void assertClose(final String name, final ImageStack expected, final ImageStack actual,
		final double relative)
	{
		double largest = 0;
		for (int s = 1; s <= expected.getSize(); s++) {
			for (final float v : (float[]) expected.getPixels(s)) largest = Math.max(largest, Math.abs(v));
		}
		final double bound = relative * Math.max(largest, Float.MIN_NORMAL);
		for (int s = 1; s <= expected.getSize(); s++) {
			final float[] e = (float[]) expected.getPixels(s), a = (float[]) actual.getPixels(s);
			for (int i = 0; i < e.length; i++) {
				final int at = i;
				assertEquals(e[i], a[i], bound, () -> name + " slice " + " pixel " + at);
			}
		}
	}

	/** ImageJ's command table as ImageJ builds it with its menu bar, and the error it would show in a dialog. */
	private static Processes.Result menus(final File imagejFolder) throws Exception {
		final String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		final List<String> cmd = new ArrayList<>();
		if (System.getenv("DISPLAY") == null) cmd.addAll(List.of("xvfb-run", "-a"));
		cmd.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), ImageJMenus.class.getName(),
			imagejFolder.getPath()));
		final Processes.Result r = Processes.run(cmd, false, 120, false);
		assertEquals(0, r.exitCode, r::toString);
		return r;
	}

	@Test
	void plainImageJStartsWithoutAPluginConfigurationError() throws Exception {
		final Processes.Result r = menus(Processes.ROOT);
		final String error = r.out.lines().filter(l -> l.startsWith("ERROR:")).findFirst().orElse("ERROR: none");
		assertEquals("ERROR:", error, "ImageJ would show this error dialog at start:\n" + r);
		assertTrue(r.out.contains("COMMAND:Median Filter") && r.out.contains("COMMAND:Gaussian Blur\n"), r::toString);
	}

	/**
	 * ImageJ started as users start it (its window, no -batch): an error at start is a modal dialog that blocks
	 * ImageJ before it runs the macro given with -eval, so the macro's marker proves that no dialog came.
	 */
	@Test
	void plainImageJStartsWithItsWindowAndNoDialog() throws Exception {
		final Path log = tmp.resolve("log.txt");
		final List<String> cmd = new ArrayList<>();
		if (System.getenv("DISPLAY") == null) cmd.addAll(List.of("xvfb-run", "-a"));
		cmd.addAll(List.of("java", "-jar", Processes.ijJar().getPath(), "-ijpath", Processes.ROOT.getPath(), "-eval",
			"print(\"started \" + getVersion()); File.saveString(getInfo(\"log\"), \"" + log + "\"); run(\"Quit\");"));
		final Processes.Result r;
		try {
			r = Processes.run(cmd, false, 90, false);
		}
		catch (final AssertionError e) {
			throw new AssertionError("ImageJ did not run its start macro: a dialog at start? " + e.getMessage(), e);
		}
		assertEquals(0, r.exitCode, r::toString);
		final String text = Files.readString(log);
		assertTrue(text.contains("started 1."), text);
		assertFalse((text + r.out + r.err).contains("Plugin configuration error"), text + r);
	}

	@Test
	void noConvNetLabelEqualsACommandOfImageJsMenus() throws Exception {
		final File bare = tmp.resolve("bare-imagej").toFile();
		assertTrue(new File(bare, "plugins").mkdirs());
		final Processes.Result r = menus(bare);
		final Set<String> imagej = new TreeSet<>();
		r.out.lines().filter(l -> l.startsWith("COMMAND:")).forEach(l -> imagej.add(l.substring(8)));
		assertTrue(imagej.contains("32-bit") && imagej.contains("Median") && imagej.size() > 300, imagej::toString);
		final String config = new String(Files.readAllBytes(Processes.ROOT.toPath().resolve(
			"src/main/resources/plugins.config")), StandardCharsets.UTF_8);
		final Matcher m = Pattern.compile("(?m)^[^#\\n][^\\n]*?,\\s*\"([^\"]+)\",").matcher(config);
		int labels = 0;
		while (m.find()) {
			labels++;
			assertFalse(imagej.contains(m.group(1)), "'" + m.group(1) + "' is also an ImageJ 1 command");
		}
		assertTrue(labels >= 26, config);
	}
}
