package org.convnetij.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/**
 * A macro chain of filters in real ImageJ 1 (Gaussian Blur, then Sobel, then Max Pool on the result of each step)
 * gives the same pixels with the device copies kept between calls (the default on CPU devices) and without them,
 * and a pixel the macro edits between two calls is seen by the next call.
 */
class FilterChainIT {

	@TempDir
	Path tmp;

	static final String MACRO = String.join("\n", //
		"out = getArgument();", //
		"newImage('ramp', '32-bit ramp', 300, 200, 1);", //
		"run('Gaussian Blur', 'sigma=2 padding=clamp');", //
		"blurred = getImageID();", //
		"run('Sobel', 'direction=magnitude padding=clamp');", //
		"run('Max Pool', 'window=2 stride=2');", //
		"saveAs('Tiff', out + '/chain.tif');", //
		"selectImage(blurred);", //
		"setPixel(50, 50, 1000);", // an edit between two calls
		"run('Sobel', 'direction=magnitude padding=clamp');", //
		"edges = getImageID();", //
		"selectImage(blurred);", //
		"close();", // the image whose copy is kept closes
		"selectImage(edges);", //
		"run('Max Pool', 'window=2 stride=2');", //
		"saveAs('Tiff', out + '/edited.tif');").replace('\'', '"');

	@Test
	void aChainGivesTheSamePixelsWithAndWithoutTheKeptCopiesAndSeesEdits() throws Exception {
		final File macro = tmp.resolve("chain.ijm").toFile();
		Files.writeString(macro.toPath(), MACRO);
		final File kept = run(macro, "kept", null), none = run(macro, "none", "0");
		final float[] chain = pixels(kept, "chain.tif"), edited = pixels(kept, "edited.tif");
		assertArrayEquals(pixels(none, "chain.tif"), chain, "the chain without kept copies");
		assertArrayEquals(pixels(none, "edited.tif"), edited, "the chain with an edit, without kept copies");
		// the edit at (50, 50) of the blurred image makes strong edges around (25, 25) of the pooled result
		final int w = 150;
		assertTrue(edited[25 * w + 25] > 100 * chain[25 * w + 25] + 100, edited[25 * w + 25] + " against " +
			chain[25 * w + 25]);
		assertEquals(chain[80 * w + 100], edited[80 * w + 100], "far from the edit");
	}

	private File run(final File macro, final String name, final String cacheEntries) throws Exception {
		final File out = tmp.resolve(name).toFile();
		assertTrue(out.mkdirs());
		final List<String> cmd = new ArrayList<>();
		if (System.getenv("DISPLAY") == null) cmd.addAll(List.of("xvfb-run", "-a"));
		cmd.add("java");
		if (cacheEntries != null) cmd.add("-Dconvnet.opencl.cache=" + cacheEntries);
		cmd.addAll(List.of("-jar", Processes.ijJar().getPath(), "-ijpath", Processes.ROOT.getPath(), "-batch", macro
			.getPath(), out.getPath()));
		final Processes.Result r = Processes.run(cmd, false, 180, true);
		assertEquals(0, r.exitCode, r::toString);
		assertFalse(r.out.contains("Exception") || r.err.contains("Exception"), r::toString);
		assertFalse(r.err.contains("filters run in Java"), "OpenCL must run here: " + r);
		return out;
	}

	private static float[] pixels(final File folder, final String file) {
		final ImagePlus imp = IJ.openImage(new File(folder, file).getPath());
		assertEquals(150, imp.getWidth(), file);
		return (float[]) imp.getProcessor().getPixels();
	}
}
