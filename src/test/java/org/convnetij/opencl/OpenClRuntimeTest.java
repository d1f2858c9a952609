package org.convnetij.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.convnetij.filter.JavaFilterEngine;
import org.convnetij.filter.Kernel;
import org.convnetij.filter.Padding;
import org.convnetij.filter.Rank;
import org.convnetij.filter.TestImages;
import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Device discovery and choice, the program cache, build errors, concurrent use and device pipelines. */
class OpenClRuntimeTest {

	static OpenClFilterEngine cl;

	@BeforeAll
	static void setUp() {
		assumeTrue(OpenCl.engine().isPresent(), "no OpenCL device: " + OpenCl.notice());
		cl = OpenCl.engine().get().withJavaFallback(false);
	}

	@Test
	void devicesAreListedWithMemoryAndLimits() {
		final List<ClDevice> devices = OpenCl.devices();
		assertFalse(devices.isEmpty());
		final String info = OpenCl.info();
		for (final ClDevice d : devices) {
			assertTrue(info.contains(d.name()), info);
			assertTrue(d.globalMemory() > 0 && d.maxAllocation() > 0 && d.localMemory() > 0 && d.maxWorkGroupSize() > 0);
		}
		assertTrue(info.contains("global memory") && info.contains("local memory") && info.contains("* "), info);
	}

	@Test
	void deviceChoiceByIndexNameAndDefault() {
		final List<ClDevice> devices = OpenCl.devices();
		final ClDevice first = devices.get(0);
		assertSame(first, OpenCl.choose(devices, "0"));
		assertSame(first, OpenCl.choose(devices, first.name().substring(0, 4).toUpperCase()));
		final ClDevice byDefault = OpenCl.choose(devices, "");
		assertTrue(byDefault.isGpu() || devices.stream().noneMatch(ClDevice::isGpu), "a GPU when there is one");
		final UserInputException e = assertThrows(UserInputException.class, () -> OpenCl.choose(devices,
			"no such device"));
		assertTrue(e.getMessage().contains("'no such device'"), e.getMessage());
	}

	@Test
	void programsAreCompiledOncePerDeviceAndDefines() {
		final ClContext ctx = cl.context();
		assertSame(ctx.program("correlate.cl", "-DPAD=1 -DKW=3 -DKH=3 -DPX=1 -DPY=1 -DSTRIDE=1"), ctx.program(
			"correlate.cl", "-DPAD=1 -DKW=3 -DKH=3 -DPX=1 -DPY=1 -DSTRIDE=1"));
	}

	@Test
	void buildErrorNamesKernelAndDevice() {
		final ClBuildException e = assertThrows(ClBuildException.class, () -> cl.context().build("broken.cl",
			"__kernel void broken(__global float* a) { a[0] = undefined_name; }", ""));
		assertTrue(e.getMessage().contains("broken.cl"), e.getMessage());
		assertTrue(e.getMessage().contains(cl.device().name()), e.getMessage());
		assertTrue(e.getMessage().contains("undefined_name"), "the compiler log: " + e.getMessage());
	}

	@Test
	void twoThreadsAtOnceGetCorrectResults() throws Exception {
		final float[] cell = TestImages.cellPlane();
		final int w = (int) TestImages.cell().dimension(0), h = (int) TestImages.cell().dimension(1);
		final Kernel k = Kernel.parse("1 2 3; 4 5 6; 7 8 -9");
		final float[] expectedConv = JavaFilterEngine.INSTANCE.correlate(cell, w, h, k, Padding.MIRROR, 1);
		final float[] expectedMedian = JavaFilterEngine.INSTANCE.rank(cell, w, h, Rank.MEDIAN, 1, Padding.CLAMP);
		final ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			final List<Future<float[]>> conv = new ArrayList<>(), median = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				conv.add(pool.submit(() -> cl.correlate(cell, w, h, k, Padding.MIRROR, 1)));
				median.add(pool.submit(() -> cl.rank(cell, w, h, Rank.MEDIAN, 1, Padding.CLAMP)));
			}
			for (final Future<float[]> f : conv) TestImages.assertClose(expectedConv, f.get(), 1e-5, "concurrent 3x3");
			for (final Future<float[]> f : median) assertArrayEquals(expectedMedian, f.get(), "concurrent median");
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void thousandsOfCallsKeepTheBufferPoolBounded() {
		final float[] cell = TestImages.cellPlane();
		final int w = (int) TestImages.cell().dimension(0), h = (int) TestImages.cell().dimension(1);
		final Kernel k = Kernel.parse("1 2 3; 4 5 6; 7 8 9");
		for (int i = 0; i < 2000; i++) {
			final int rows = 3 + i % 97; // many different buffer sizes
			final float[] part = java.util.Arrays.copyOf(cell, w * rows);
			assertEquals(w * rows, cl.correlate(part, w, rows, k, Padding.ZERO, 1).length);
		}
		final long[] pool = cl.context().pooledBytes();
		assertTrue(pool[0] <= pool[1], "pooled " + pool[0] + " bytes, limit " + pool[1]);
	}

	@Test
	void weightsAreKeptByContentAndAnEditedArrayIsSeen() {
		try (ClContext ctx = new ClContext(cl.device())) {
			final float[] w = { 1, 2, 3, 4, 5 };
			final ClBuffer first = ctx.weights(w);
			final org.jocl.cl_mem kept = first.mem();
			first.close(); // gives it back to the context, which keeps it
			final ClBuffer again = ctx.weights(new float[] { 1, 2, 3, 4, 5 });
			assertSame(kept, again.mem(), "the same contents find the kept copy");
			assertArrayEquals(w, ctx.download(again));
			w[2] = -3; // the caller's array edited in place: its new contents are uploaded
			final ClBuffer edited = ctx.weights(w);
			assertFalse(edited.mem() == again.mem(), "an edited array is a new copy");
			assertArrayEquals(new float[] { 1, 2, -3, 4, 5 }, ctx.download(edited));
			// more arrays than are kept: the oldest go, and every copy read back holds its own values
			// again while every one is still in use (none is released under a caller)
			for (int i = 0; i < ClContext.KEPT_WEIGHTS + 8; i++) {
				final float[] v = { i, i + 0.5f, -i };
				try (ClBuffer b = ctx.weights(v)) {
					assertArrayEquals(v, ctx.download(b), "weights " + i);
				}
			}
			final List<ClBuffer> held = new ArrayList<>();
			for (int i = 0; i < ClContext.KEPT_WEIGHTS + 8; i++) held.add(ctx.weights(new float[] { -i, 7 }));
			for (int i = 0; i < held.size(); i++) {
				assertArrayEquals(new float[] { -i, 7 }, ctx.download(held.get(i)), "held weights " + i);
				held.get(i).close();
			}
			assertArrayEquals(new float[] { 1, 2, 3, 4, 5 }, ctx.download(ctx.weights(new float[] { 1, 2, 3, 4, 5 })));
		}
	}

	@Test
	void buffersHandedOutInTurnStartAtDifferentPlacesInAPage() {
		assumeTrue(!cl.device().isGpu(), "buffers are spread on CPU devices");
		final float[] plane = TestImages.cellPlane();
		final int w = (int) TestImages.cell().dimension(0), h = (int) TestImages.cell().dimension(1);
		final float[] g = org.convnetij.filter.Separable.gaussian(2, org.convnetij.filter.Separable.GAUSSIAN_ACCURACY, w);
		final float[] expected = JavaFilterEngine.INSTANCE.correlateSeparable(plane, w, h, g, g, Padding.CLAMP, 1);
		final String before = System.getProperty(ClContext.SPREAD_PROPERTY);
		try {
			for (final String spread : new String[] { "true", "false" }) {
				System.setProperty(ClContext.SPREAD_PROPERTY, spread);
				try (ClContext ctx = new ClContext(cl.device()); OpenClFilterEngine e = new OpenClFilterEngine(ctx)) {
					assertEquals(spread.equals("true"), ctx.spreadsBuffers());
					final List<ClBuffer> held = new ArrayList<>();
					final java.util.Set<Integer> offsets = new java.util.TreeSet<>();
					// fresh blocks, then the same blocks again from the pool
					for (int round = 0; round < 2; round++) {
						for (int i = 0; i < 4; i++) held.add(ctx.buffer(2048L * 64));
						// a driver that shows no buffer address (mapping through a copy) leaves buffers where they are
						if (spread.equals("true")) assumeTrue(ctx.pageOffset(held.get(0).mem()) >= 0, "no buffer address shown");
						for (int i = held.size() - 4; i < held.size(); i++) {
							final int offset = ctx.pageOffset(held.get(i).mem());
							if (spread.equals("true")) {
								assertEquals((i % 4) * ClContext.SPREAD_STEP, Math.floorMod(offset - ctx.pageOffset(held.get(held
									.size() - 4).mem()), ClContext.PAGE), "buffer " + i + " one step after the one before");
							}
							offsets.add(offset);
						}
						for (final ClBuffer b : held) b.close();
						held.clear();
					}
					if (spread.equals("true")) assertEquals(4, offsets.size(), "four places in a page: " + offsets);
					// every filter reads and writes regions of larger blocks: the same numbers
					TestImages.assertClose(expected, e.correlateSeparable(plane, w, h, g, g, Padding.CLAMP, 1), 0, spread);
					final float[] data = { 1, 2, 3, 4, 5, 6, 7 };
					try (ClBuffer b = ctx.upload(data, 2, 4)) {
						assertArrayEquals(new float[] { 3, 4, 5, 6 }, ctx.download(b), "a region holds its own floats");
					}
				}
			}
		}
		finally {
			if (before == null) System.clearProperty(ClContext.SPREAD_PROPERTY);
			else System.setProperty(ClContext.SPREAD_PROPERTY, before);
		}
	}

	@Test
	void imagesOfMillionsOfPixelsGiveJavasNumbersInOneBandAndInMany() {
		// from a million floats the result array is made on a helper thread while the input uploads
		final int w = 1031, h = 1100;
		assertTrue((long) w * h >= ResultArrays.ASYNC_FLOATS);
		final float[] plane = new float[w * h];
		final java.util.Random r = new java.util.Random(7);
		for (int i = 0; i < plane.length; i++) plane[i] = (float) r.nextGaussian();
		final float[] g = org.convnetij.filter.Separable.gaussian(2, org.convnetij.filter.Separable.GAUSSIAN_ACCURACY, w);
		final float[] expected = JavaFilterEngine.INSTANCE.correlateSeparable(plane, w, h, g, g, Padding.CLAMP, 1);
		TestImages.assertClose(expected, cl.correlateSeparable(plane, w, h, g, g, Padding.CLAMP, 1), 0, "one band");
		TestImages.assertClose(expected, cl.withTilePixels(w * 300L).correlateSeparable(plane, w, h, g, g, Padding.CLAMP,
			1), 0, "bands of 300 rows");
		final float[] median = JavaFilterEngine.INSTANCE.rank(plane, w, h, Rank.MEDIAN, 2, Padding.CLAMP);
		assertArrayEquals(median, cl.rank(plane, w, h, Rank.MEDIAN, 2, Padding.CLAMP), "median");
	}

	@Test
	void deviceImagePipelineGivesTheEngineResults() {
		final float[] cell = TestImages.cellPlane();
		final int w = (int) TestImages.cell().dimension(0), h = (int) TestImages.cell().dimension(1);
		final float[] expected;
		{
			final float[] median = JavaFilterEngine.INSTANCE.rank(cell, w, h, Rank.MEDIAN, 1, Padding.CLAMP);
			final Kernel k = Kernel.parse("0 -1 0; -1 5 -1; 0 -1 0");
			expected = JavaFilterEngine.INSTANCE.correlate(median, w, h, k, Padding.ZERO, 2);
		}
		try (DeviceImage in = cl.upload(cell, w, h); DeviceImage median = in.rank(Rank.MEDIAN, 1, Padding.CLAMP);
			DeviceImage sharp = median.correlate(Kernel.parse("0 -1 0; -1 5 -1; 0 -1 0"), Padding.ZERO, 2))
		{
			assertEquals((w - 1) / 2 + 1, sharp.width());
			TestImages.assertClose(expected, sharp.download(), 1e-5, "median then sharpen on the device");
		}
	}

	@Test
	void deviceOutOfMemoryIsNoticedAndTilesShrink() {
		// A request beyond the largest buffer fails as the device would when full; the engine then halves its bands.
		final long tooMany = cl.device().maxAllocation() / Float.BYTES * 2;
		final org.jocl.CLException e = assertThrows(org.jocl.CLException.class, () -> {
			try (ClBuffer b = cl.context().buffer(tooMany)) {
				b.floats();
			}
		});
		assertTrue(OpenClFilterEngine.isOutOfMemory(e), e.getMessage());
		final float[] cell = TestImages.cellPlane();
		final int w = (int) TestImages.cell().dimension(0), h = (int) TestImages.cell().dimension(1);
		final Kernel k = Kernel.box(4);
		TestImages.assertClose(JavaFilterEngine.INSTANCE.correlate(cell, w, h, k, Padding.CLAMP, 1), cl.withTilePixels(
			10L * w).correlate(cell, w, h, k, Padding.CLAMP, 1), 1e-5, "tiles of 10 rows, kernel of 9 rows");
	}
}
