package org.convnetij.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import ij.IJ;
import ij.ImagePlus;

/**
 * Every example macro in macros/ runs in real ImageJ 1 and in the headless launcher. By convention each takes the
 * argument "output=[folder]" and writes its results there.
 */
class MacrosIT {

	@TempDir
	Path tmp;

	static Stream<String> macros() {
		final File[] files = new File(Processes.ROOT, "macros").listFiles((d, n) -> n.endsWith(".ijm"));
		assertTrue(files != null && files.length > 0, "no macros in macros/");
		return Arrays.stream(files).map(File::getName).sorted();
	}

	@ParameterizedTest
	@MethodSource("macros")
	void runsInImageJ(final String name) throws Exception {
		final File out = tmp.resolve("imagej").toFile();
		final Processes.Result r = Processes.imagej(new File(Processes.ROOT, "macros/" + name), "output=[" + out +
			"]");
		assertEquals(0, r.exitCode, r::toString);
		checkResults(name, out, r);
	}

	@ParameterizedTest
	@MethodSource("macros")
	void runsInTheLauncher(final String name) throws Exception {
		final File out = tmp.resolve("launcher").toFile();
		final Processes.Result r = Processes.launcher("--macro", "macros/" + name, "output=[" + out + "]");
		assertEquals(0, r.exitCode, r::toString);
		checkResults(name, out, r);
	}

	private static void checkResults(final String name, final File out, final Processes.Result r) {
		final String[] files = out.list();
		assertTrue(files != null && files.length > 0, () -> name + " wrote nothing into " + out + "\n" + r);
		assertFalse(r.out.contains("Exception"), r::toString);
		if (name.equals("filter-folder.ijm")) {
			// four sample images, two results each, at the sizes of the formula
			assertEquals(8, files.length, Arrays.toString(files));
			final ImagePlus mean = IJ.openImage(new File(out, "cell-mean.tif").getPath());
			assertEquals(275, mean.getWidth()); // (550 - 5 + 4) / 2 + 1
			assertEquals(330, mean.getHeight());
			final ImagePlus edges = IJ.openImage(new File(out, "ihc-edges.tif").getPath());
			assertEquals(3, edges.getNChannels());
			assertTrue(r.out.contains("filtered 4 images"), r::toString);
		}
	}
}
