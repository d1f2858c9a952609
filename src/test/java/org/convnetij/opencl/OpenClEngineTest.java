package org.convnetij.opencl;

import static org.convnetij.filter.TestImages.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;

import org.convnetij.filter.FilterBank;
import org.convnetij.filter.JavaFilterEngine;
import org.convnetij.filter.Kernel;
import org.convnetij.filter.Kernel3D;
import org.convnetij.filter.Padding;
import org.convnetij.filter.Pooling;
import org.convnetij.filter.Rank;
import org.convnetij.filter.Separable;
import org.convnetij.filter.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each OpenCL kernel against the Java reference on cell.png, with every padding. */
class OpenClEngineTest {

	static final double TOLERANCE = 1e-5;
	static final JavaFilterEngine JAVA = JavaFilterEngine.INSTANCE;
	static OpenClFilterEngine cl;
	static float[] cell;
	static int w, h;

	@BeforeAll
	static void setUp() {
		assumeTrue(OpenCl.engine().isPresent(), "no OpenCL device: " + OpenCl.notice());
		cl = OpenCl.engine().get().withJavaFallback(false);
		cell = TestImages.cellPlane();
		w = (int) TestImages.cell().dimension(0);
		h = (int) TestImages.cell().dimension(1);
	}

	static Kernel random(final int size, final long seed) {
		final Random r = new Random(seed);
		final float[] v = new float[size * size];
		for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
		return Kernel.of(size, size, v);
	}

	@Test
	void correlateMatchesJavaForEveryPaddingStrideAndVariant() {
		for (final Padding p : Padding.values()) {
			for (final int stride : new int[] { 1, 2 }) {
				for (final int size : new int[] { 3, 15 }) {
					final Kernel k = random(size, size * 31 + stride);
					final float[] expected = JAVA.correlate(cell, w, h, k, p, stride);
					assertTrue(cl.usesLocalMemory(k, stride));
					assertClose(expected, cl.correlate(cell, w, h, k, p, stride), TOLERANCE, "local " + size + " " + p +
						" stride " + stride);
					assertClose(expected, cl.withLocalMemoryLimit(0).correlate(cell, w, h, k, p, stride), TOLERANCE,
						"global " + size + " " + p + " stride " + stride);
				}
			}
		}
	}

	/** A plane whose width is no multiple of 8 or 16 and whose height is no multiple of 4, 6 or 8 (tails run too). */
	static float[] oddPlane(final int w2, final int h2) {
		final float[] plane = new float[w2 * h2];
		for (int y = 0; y < h2; y++) System.arraycopy(cell, y * w, plane, y * w2, w2);
		return plane;
	}

	/** Runs {@code body} with system properties set (name, value, name, value, ...), then restores them. */
	static void withProperties(final Runnable body, final String... namesAndValues) {
		final String[] before = new String[namesAndValues.length / 2];
		for (int i = 0; i < before.length; i++) {
			before[i] = System.getProperty(namesAndValues[2 * i]);
			System.setProperty(namesAndValues[2 * i], namesAndValues[2 * i + 1]);
		}
		try {
			body.run();
		}
		finally {
			for (int i = 0; i < before.length; i++) {
				if (before[i] == null) System.clearProperty(namesAndValues[2 * i]);
				else System.setProperty(namesAndValues[2 * i], before[i]);
			}
		}
	}

	@Test
	void localCorrelationGivesJavasNumbersForEveryVectorWidthAndRowCount() {
		final int w2 = w - 5, h2 = 23 + 24 * ((h - 24) / 24); // h2 = 23 mod 24
		assertTrue(h2 <= h);
		final float[] plane = oddPlane(w2, h2);
		for (final Padding p : Padding.values()) {
			for (final int size : new int[] { 3, 15 }) {
				final Kernel k = random(size, 7 + size);
				final float[] expected = JAVA.correlate(plane, w2, h2, k, p, 1);
				for (final String vx : new String[] { "8", "16" }) {
					for (final String rows : new String[] { "1", "6" }) {
						withProperties(() -> {
							assertClose(expected, cl.correlate(plane, w2, h2, k, p, 1), 0, size + " x " + size + " " + p + ", " +
								vx + " outputs in " + rows + " rows per work item");
							assertClose(expected, cl.withTilePixels(w2 * 29L).correlate(plane, w2, h2, k, p, 1), 0, size +
								" x " + size + " " + p + " in bands, " + vx + " outputs in " + rows + " rows per work item");
						}, CorrelateKernels.VX_PROPERTY, vx, CorrelateKernels.ROWS_PROPERTY, rows);
					}
				}
			}
		}
	}

	@Test
	void mappedTransfersGiveTheNumbersOfCopies() {
		if (!cl.device().isGpu()) assertFalse(cl.context().mapsBuffers(), "CPU devices copy (mapping measured no faster)");
		try (OpenClFilterEngine mappedEngine = new OpenClFilterEngine(new ClContext(cl.device(), true))) {
			final OpenClFilterEngine mapped = mappedEngine.withJavaFallback(false);
			assertTrue(mapped.context().mapsBuffers());
			final Kernel k = random(15, 3);
			final float[] g = Separable.gaussian(2, Separable.GAUSSIAN_ACCURACY, w);
			for (final OpenClFilterEngine[] pair : new OpenClFilterEngine[][] { { cl, mapped }, { cl.withTilePixels(w *
				40L), mapped.withTilePixels(w * 40L) } })
			{
				final String bands = pair[0] == cl ? "one piece" : "bands of 40 rows";
				assertClose(pair[0].correlate(cell, w, h, k, Padding.MIRROR, 1), pair[1].correlate(cell, w, h, k,
					Padding.MIRROR, 1), 0, "15 x 15, " + bands);
				assertClose(pair[0].correlateSeparable(cell, w, h, g, g, Padding.CLAMP, 2), pair[1].correlateSeparable(cell,
					w, h, g, g, Padding.CLAMP, 2), 0, "Gaussian, stride 2, " + bands);
				assertClose(pair[0].rank(cell, w, h, Rank.MEDIAN, 2, Padding.CLAMP), pair[1].rank(cell, w, h, Rank.MEDIAN, 2,
					Padding.CLAMP), 0, "median, " + bands);
			}
			try (DeviceImage in = mapped.upload(cell, w, h); DeviceImage out = in.gaussian(2, Padding.CLAMP)) {
				assertClose(cl.correlateSeparable(cell, w, h, g, g, Padding.CLAMP, 1), out.download(), 0, "device chain");
			}
		}
	}

	@Test
	void kernelTooLargeForLocalMemoryFallsBackToGlobalKernel() {
		final OpenClFilterEngine small = cl.withLocalMemoryLimit(4096);
		final Kernel k = random(31, 5);
		assertFalse(small.usesLocalMemory(k, 1));
		final float[] expected = JAVA.correlate(cell, w, h, k, Padding.MIRROR, 1);
		assertClose(expected, small.correlate(cell, w, h, k, Padding.MIRROR, 1), TOLERANCE, "31 x 31 from global memory");
		// With PoCL's 2 MiB (and most GPUs' 48 KiB) the 29 KiB tile of a 31 x 31 kernel fits in local memory.
		assertClose(expected, cl.correlate(cell, w, h, k, Padding.MIRROR, 1), TOLERANCE, "31 x 31, local memory: " + cl
			.usesLocalMemory(k, 1));
	}

	@Test
	void separablePassesMatchJava() {
		final float[] g = Separable.gaussian(2, Separable.GAUSSIAN_ACCURACY, w);
		final float[] c = { 1, 2, 3, 2, 1 };
		final float[] three = { 1, 2, -1 }, five = { 1, -4, 6, -4, 1 };
		for (final Padding p : Padding.values()) {
			// Small kernels (one pass), and the local-memory kernel that GPUs use: the same numbers.
			assertClose(JAVA.correlateSeparable(cell, w, h, three, five, p, 1), cl.correlateSeparable(cell, w, h, three,
				five, p, 1), 0, "3 x 5 in one pass " + p);
			assertClose(JAVA.correlateSeparable(cell, w, h, g, c, p, 1), cl.withSeparableKernel(
				OpenClFilterEngine.SeparableKernel.LOCAL).correlateSeparable(cell, w, h, g, c, p, 1), 0, "fused in local memory " +
					p);
			for (final int stride : new int[] { 1, 3 }) {
				final float[] expected = JAVA.correlateSeparable(cell, w, h, g, c, p, stride);
				assertClose(expected, cl.correlateSeparable(cell, w, h, g, c, p, stride), 0, "separable " + p + " stride " +
					stride);
				assertClose(expected, cl.withLocalMemoryLimit(0).correlateSeparable(cell, w, h, g, c, p, stride), 0,
					"two passes " + p + " stride " + stride);
			}
		}
	}

	@Test
	void separableKernelCanBeChosenByProperty() {
		final String before = System.getProperty(OpenClFilterEngine.SeparableKernel.PROPERTY);
		try {
			for (final String[] c : new String[][] { { "rolling", "ROLLING" }, { "LOCAL", "LOCAL" }, { " passes ",
				"TWO_PASSES" } })
			{
				System.setProperty(OpenClFilterEngine.SeparableKernel.PROPERTY, c[0]);
				assertEquals(c[1], OpenClFilterEngine.SeparableKernel.defaultFor(cl.device()).name(), c[0]);
			}
			System.setProperty(OpenClFilterEngine.SeparableKernel.PROPERTY, "fastest");
			assertEquals(cl.device().isGpu() ? "LOCAL" : "ROLLING", OpenClFilterEngine.SeparableKernel.defaultFor(cl
				.device()).name(), "an unknown value keeps the device's default");
		}
		finally {
			if (before == null) System.clearProperty(OpenClFilterEngine.SeparableKernel.PROPERTY);
			else System.setProperty(OpenClFilterEngine.SeparableKernel.PROPERTY, before);
		}
	}

	@Test
	void rollingSeparableKernelGivesJavasNumbers() {
		// a width that is no multiple of 16 and a height that is no multiple of the rolling kernel's bands of rows
		final int w2 = w - 5, h2 = 23 + 24 * ((h - 24) / 24);
		final float[] plane = oddPlane(w2, h2);
		final OpenClFilterEngine rolling = cl.withSeparableKernel(OpenClFilterEngine.SeparableKernel.ROLLING);
		final float[] g = Separable.gaussian(2, Separable.GAUSSIAN_ACCURACY, w2), c = { 1, 2, 3, 2, 1 };
		final float[] longest = new float[CorrelateKernels.ROLLING_MAX_COLUMN];
		for (int i = 0; i < longest.length; i++) longest[i] = (i % 7) - 2.5f;
		for (final Padding p : Padding.values()) {
			for (final float[][] k : new float[][][] { { g, c }, { c, g }, { g, longest } }) {
				final String what = k[0].length + " x " + k[1].length + " taps, " + p;
				final float[] expected = JAVA.correlateSeparable(plane, w2, h2, k[0], k[1], p, 1);
				assertClose(expected, rolling.correlateSeparable(plane, w2, h2, k[0], k[1], p, 1), 0, what);
				assertClose(expected, rolling.withTilePixels(w2 * 40L).correlateSeparable(plane, w2, h2, k[0], k[1], p, 1), 0,
					what + ", in bands");
			}
		}
	}

	@Test
	void separablePassesGiveJavasNumbersForEveryVectorWidthAndRowCount() {
		final int w2 = w - 5, h2 = 23 + 24 * ((h - 24) / 24);
		final float[] plane = oddPlane(w2, h2);
		final float[] g = Separable.gaussian(2, Separable.GAUSSIAN_ACCURACY, w2), c = { 1, 2, 3, 2, 1 };
		final OpenClFilterEngine passes = cl.withSeparableKernel(OpenClFilterEngine.SeparableKernel.TWO_PASSES);
		for (final Padding p : Padding.values()) {
			for (final int stride : new int[] { 1, 2 }) {
				final float[] expected = JAVA.correlateSeparable(plane, w2, h2, g, c, p, stride);
				for (final String vx : new String[] { "8", "16" }) {
					for (final String rows : new String[] { "1", "4" }) {
						withProperties(() -> {
							assertClose(expected, passes.correlateSeparable(plane, w2, h2, g, c, p, stride), 0, "two passes " + p +
								" stride " + stride + ", " + vx + " outputs in " + rows + " rows per work item");
							assertClose(expected, passes.withTilePixels(w2 * 29L).correlateSeparable(plane, w2, h2, g, c, p,
								stride), 0, "two passes in bands " + p + " stride " + stride + ", " + vx + " outputs in " + rows +
									" rows per work item");
						}, CorrelateKernels.PASS_VX_PROPERTY, vx, CorrelateKernels.PASS_ROWS_PROPERTY, rows);
					}
				}
			}
		}
	}

	@Test
	void radius2MedianGivesJavasNumbersWith8And16OutputsPerWorkItemAndIn2Rows() {
		final int w2 = w - 7; // no multiple of 8 or 16: the last work item of a row stores less
		final Random r = new Random(5);
		final float[] plane = new float[w2 * h];
		// cell.png's rows with ties, negative values and a zero of each sign mixed in
		for (int y = 0; y < h; y++) System.arraycopy(cell, y * w, plane, y * w2, w2);
		for (int i = 0; i < plane.length; i += 1 + r.nextInt(5)) plane[i] = r.nextInt(3) == 0 ? -plane[i] : r.nextInt(
			4) - 2f;
		final String before = System.getProperty(WindowKernels.MEDIAN_RUN_PROPERTY);
		try {
			for (final Padding p : Padding.values()) {
				final float[] expected = JAVA.rank(plane, w2, h, Rank.MEDIAN, 2, p);
				for (final String run : new String[] { "8", "16", "32" }) {
					System.setProperty(WindowKernels.MEDIAN_RUN_PROPERTY, run);
					assertClose(expected, cl.rank(plane, w2, h, Rank.MEDIAN, 2, p), 0, "median " + p + ", " + run +
						" outputs per work item");
					assertClose(expected, cl.withTilePixels(w2 * 9L).rank(plane, w2, h, Rank.MEDIAN, 2, p), 0, "median " +
						p + ", " + run + " outputs per work item, in bands");
				}
			}
		}
		finally {
			if (before == null) System.clearProperty(WindowKernels.MEDIAN_RUN_PROPERTY);
			else System.setProperty(WindowKernels.MEDIAN_RUN_PROPERTY, before);
		}
	}

	/** Bits, with every NaN as Java's one NaN: equal bits are the same value, -0 and +0 told apart. */
	static int[] bits(final float[] values) {
		final int[] b = new int[values.length];
		for (int i = 0; i < values.length; i++) b[i] = Float.floatToIntBits(values[i]);
		return b;
	}

	@Test
	void radius2MedianOrdersNaNInfinitiesAndSignedZerosAsJavasSort() {
		final Random r = new Random(11);
		final float[] plane = cell.clone();
		final float[] special = { Float.NaN, Float.intBitsToFloat(0xffc00001), Float.POSITIVE_INFINITY,
			Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE };
		for (int i = 0; i < plane.length; i += 1 + r.nextInt(3)) plane[i] = special[r.nextInt(special.length)];
		withProperties(() -> {
			for (final String run : new String[] { "8", "16", "32" }) {
				System.setProperty(WindowKernels.MEDIAN_RUN_PROPERTY, run);
				for (final Padding p : Padding.values()) {
					final float[] expected = JAVA.rank(plane, w, h, Rank.MEDIAN, 2, p);
					org.junit.jupiter.api.Assertions.assertArrayEquals(bits(expected), bits(cl.rank(plane, w, h, Rank.MEDIAN,
						2, p)), "median " + p + ", " + run + " outputs per work item");
				}
			}
		}, WindowKernels.MEDIAN_RUN_PROPERTY, "16");
	}

	@Test
	void rankFiltersMatchJava() {
		for (final Rank rank : Rank.values()) {
			for (final Padding p : Padding.values()) {
				assertClose(JAVA.rank(cell, w, h, rank, 2, p), cl.rank(cell, w, h, rank, 2, p), 0, rank + " r=2 " + p);
			}
			for (final int r : new int[] { 1, 3 }) {
				assertClose(JAVA.rank(cell, w, h, rank, r, Padding.CLAMP), cl.rank(cell, w, h, rank, r, Padding.CLAMP), 0,
					rank + " r=" + r);
			}
		}
	}

	@Test
	void poolingMatchesJava() {
		for (final Pooling pooling : Pooling.values()) {
			for (final int[] fs : new int[][] { { 2, 2 }, { 3, 2 }, { 3, 1 } }) {
				assertClose(JAVA.pool(cell, w, h, pooling, fs[0], fs[1]), cl.pool(cell, w, h, pooling, fs[0], fs[1]),
					TOLERANCE, pooling + " " + fs[0] + "/" + fs[1]);
			}
		}
	}

	@Test
	void templateMatchingMatchesJava() {
		final int tw = 21, th = 15, x0 = 100, y0 = 60;
		final float[] t = new float[tw * th];
		for (int y = 0; y < th; y++) System.arraycopy(cell, (y0 + y) * w + x0, t, y * tw, tw);
		final float[] expected = JAVA.matchTemplate(cell, w, h, t, tw, th);
		final float[] actual = cl.matchTemplate(cell, w, h, t, tw, th);
		assertClose(expected, actual, 1e-4, "template match");
		assertEquals(1f, actual[y0 * (w - tw + 1) + x0], 1e-4f, "the template matches itself");
	}

	@Test
	void correlate3dMatchesJava() {
		final int d = 5;
		final float[] volume = stack(d);
		final Kernel3D k = Kernel3D.parse("0 1 0; 1 2 1; 0 1 0 / 1 2 1; 2 -12 2; 1 2 1 / 0 1 0; 1 3 1; 0 1 0");
		for (final Padding p : Padding.values()) {
			assertClose(JAVA.correlate3d(volume, w, h, d, k, p), cl.correlate3d(volume, w, h, d, k, p), TOLERANCE, "3D " +
				p);
			assertClose(JAVA.correlate3d(volume, w, h, d, k, p), cl.withTilePixels(2L * w * h).correlate3d(volume, w, h, d,
				k, p), 0, "3D in slabs " + p);
		}
	}

	@Test
	void convLayerMatchesJava() {
		final int d = 3;
		final float[] volume = stack(d);
		final FilterBank bank = FilterBank.parse(
			"1 0 -1; 2 0 -2; 1 0 -1 / 0 0 0; 0 1 0; 0 0 0 / 1 1 1; 1 1 1; 1 1 1 | 0 1 0; 1 -4 1; 0 1 0 / 0 0 0; 0 0 0; 0 0 0 / 1 2 1; 0 0 0; -1 -2 -1",
			"0.5 -20");
		for (final Padding p : Padding.values()) {
			for (final boolean relu : new boolean[] { false, true }) {
				final float[] expected = JAVA.convLayer(volume, w, h, d, bank, p, 2, relu);
				assertClose(expected, cl.convLayer(volume, w, h, d, bank, p, 2, relu), TOLERANCE, "layer " + p + " " + relu);
				assertClose(expected, cl.withTilePixels(20L * w * d).convLayer(volume, w, h, d, bank, p, 2, relu), 0,
					"layer in bands " + p);
			}
		}
	}

	/** Small tiles give exactly the numbers of one tile, for every filter that runs in bands. */
	@Test
	void tilesWithHalosGiveIdenticalResults() {
		final OpenClFilterEngine tiled = cl.withTilePixels(13L * w);
		final Kernel k = random(7, 3);
		for (final Padding p : Padding.values()) {
			assertClose(cl.correlate(cell, w, h, k, p, 1), tiled.correlate(cell, w, h, k, p, 1), 0, "tiled 2D " + p);
			assertClose(cl.correlate(cell, w, h, k, p, 3), tiled.correlate(cell, w, h, k, p, 3), 0, "tiled 2D stride " + p);
			assertClose(cl.rank(cell, w, h, Rank.MEDIAN, 3, p), tiled.rank(cell, w, h, Rank.MEDIAN, 3, p), 0, "tiled " +
				"median " + p);
			assertClose(cl.rank(cell, w, h, Rank.MEDIAN, 2, p), tiled.rank(cell, w, h, Rank.MEDIAN, 2, p), 0, "tiled " +
				"median r=2 " + p);
			final float[] g = Separable.gaussian(1.5, Separable.GAUSSIAN_ACCURACY, w);
			assertClose(cl.correlateSeparable(cell, w, h, g, g, p, 1), tiled.correlateSeparable(cell, w, h, g, g, p, 1), 0,
				"tiled separable " + p);
			final float[] small = { 1, 2, 1 };
			assertClose(cl.correlateSeparable(cell, w, h, small, small, p, 1), tiled.correlateSeparable(cell, w, h, small,
				small, p, 1), 0, "tiled one-pass separable " + p);
		}
		assertClose(cl.pool(cell, w, h, Pooling.MAX, 3, 2), tiled.pool(cell, w, h, Pooling.MAX, 3, 2), 0, "tiled pool");
	}

	/** A 5-plane stack from cell.png: the image shifted and scaled per plane. */
	static float[] stack(final int d) {
		final float[] v = new float[w * h * d];
		for (int z = 0; z < d; z++) {
			for (int i = 0; i < w * h; i++) v[z * w * h + i] = cell[(i + 7 * z) % (w * h)] * (1 + 0.1f * z);
		}
		return v;
	}
}
