package org.convnetij.opencl;

import static org.convnetij.filter.TestImages.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;

import org.convnetij.filter.JavaFilterEngine;
import org.convnetij.filter.Padding;
import org.convnetij.filter.Pooling;
import org.convnetij.filter.Rank;
import org.convnetij.filter.Separable;
import org.convnetij.filter.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The device copies kept for chains of filters: a chain gives the same numbers with and without them, an edit of
 * the pixels between two calls is seen, memory stays bounded and every buffer is given back.
 */
class ResultCacheTest {

	static OpenClFilterEngine cached, uncached;
	static float[] cell;
	static int w, h;
	static final float[] GAUSS = Separable.gaussian(2, Separable.GAUSSIAN_ACCURACY, 1000);

	@BeforeAll
	static void setUp() {
		assumeTrue(OpenCl.engine().isPresent(), "no OpenCL device: " + OpenCl.notice());
		cached = engine("4");
		uncached = engine("0");
		cell = TestImages.cellPlane();
		w = (int) TestImages.cell().dimension(0);
		h = (int) TestImages.cell().dimension(1);
	}

	/** An engine on a context of its own whose cache keeps {@code entries} planes. */
	static OpenClFilterEngine engine(final String entries) {
		final String before = System.getProperty(ResultCache.PROPERTY);
		System.setProperty(ResultCache.PROPERTY, entries);
		try {
			return new OpenClFilterEngine(new ClContext(OpenCl.chosenDevice())).withJavaFallback(false);
		}
		finally {
			if (before == null) System.clearProperty(ResultCache.PROPERTY);
			else System.setProperty(ResultCache.PROPERTY, before);
		}
	}

	@AfterAll
	static void tearDown() {
		if (cached != null) cached.context().close();
		if (uncached != null) uncached.context().close();
	}

	/** Gaussian blur, Sobel magnitude, max pool, median: each step's input is the step before's result. */
	static float[][] chain(final org.convnetij.filter.FilterEngine e, final float[] plane) {
		final float[] blurred = e.correlateSeparable(plane, w, h, GAUSS, GAUSS, Padding.CLAMP, 1);
		final float[] edges = e.sobelMagnitude(blurred, w, h, Padding.CLAMP, 1);
		final float[] median = e.rank(edges, w, h, Rank.MEDIAN, 2, Padding.CLAMP);
		final float[] pooled = e.pool(median, w, h, Pooling.MAX, 2, 2);
		return new float[][] { blurred, edges, median, pooled };
	}

	@Test
	void aChainGivesTheSameNumbersWithAndWithoutTheCacheAndUsesIt() {
		assertTrue(cached.context().results().enabled());
		assertTrue(!uncached.context().results().enabled());
		final long hitsBefore = cached.cacheStats()[2];
		final float[][] with = chain(cached, cell), without = chain(uncached, cell);
		final float[][] java = chain(JavaFilterEngine.INSTANCE, cell);
		for (int i = 0; i < with.length; i++) {
			assertClose(without[i], with[i], 0, "step " + i + " with and without the cache");
			assertClose(java[i], with[i], 1e-5, "step " + i + " against Java");
		}
		assertEquals(3, cached.cacheStats()[2] - hitsBefore, "the three steps after the first found their input");
		assertEquals(0, uncached.cacheStats()[0]);
	}

	@Test
	void anEditBetweenTwoCallsIsSeen() {
		final float[] blurred = cached.correlateSeparable(cell, w, h, GAUSS, GAUSS, Padding.CLAMP, 1);
		final float[] unedited = uncached.sobelMagnitude(blurred, w, h, Padding.CLAMP, 1);
		// a macro's setPixel, a plugin writing into the array: the same array, other values
		blurred[w * 10 + 10] += 1000;
		blurred[blurred.length - 1] = -0f * blurred[blurred.length - 1] - 0f; // a sign flip of a zero counts too
		final long[] before = cached.cacheStats();
		final float[] edges = cached.sobelMagnitude(blurred, w, h, Padding.CLAMP, 1);
		final long[] after = cached.cacheStats();
		assertClose(uncached.sobelMagnitude(blurred, w, h, Padding.CLAMP, 1), edges, 0, "after an edit");
		assertNotEquals(unedited[w * 10 + 11], edges[w * 10 + 11], "the edit changes the gradient next to it");
		assertEquals(before[2], after[2], "no hit: the kept copy differs from the edited array");
		// unedited since: found again
		final float[] again = cached.sobelMagnitude(blurred, w, h, Padding.CLAMP, 1);
		assertEquals(after[2] + 1, cached.cacheStats()[2]);
		assertClose(edges, again, 0, "the kept copy of the edited array");
	}

	@Test
	void memoryStaysBoundedAndEveryBufferIsGivenBack() {
		final Random r = new Random(3);
		for (int i = 0; i < 40; i++) {
			final int cw = 20 + r.nextInt(200), ch = 20 + r.nextInt(200);
			final float[] plane = new float[cw * ch];
			for (int j = 0; j < plane.length; j++) plane[j] = r.nextFloat();
			float[] x = cached.rank(plane, cw, ch, Rank.MAXIMUM, 1, Padding.CLAMP);
			x = cached.pool(x, cw, ch, Pooling.AVERAGE, 2, 2);
			final long[] s = cached.cacheStats();
			assertTrue(s[0] <= ResultCache.DEFAULT_ENTRIES, s[0] + " entries");
			assertTrue(s[1] <= 4L * 4 * cw * ch * 4, s[1] + " bytes");
		}
		final float[] kept = cached.correlateSeparable(cell, w, h, GAUSS, GAUSS, Padding.CLAMP, 1);
		final long entries = cached.cacheStats()[0];
		assertTrue(entries >= 2, "the input and the result are kept");
		ResultCache.forgetEverywhere(kept); // its image was closed
		assertEquals(entries - 1, cached.cacheStats()[0]);
		cached.forgetResults();
		assertEquals(0, cached.cacheStats()[0]);
		assertEquals(0, cached.cacheStats()[1]);
		final long[] pool = cached.context().pooledBytes();
		assertTrue(pool[0] <= pool[1], "the buffers given back stay within the pool's limit");
	}

	@Test
	void aClosedContextKeepsNothing() {
		final OpenClFilterEngine e = engine("2");
		final float[] r = e.rank(cell, w, h, Rank.MINIMUM, 1, Padding.ZERO);
		assertEquals(2, e.cacheStats()[0]);
		e.context().close();
		assertEquals(0, e.cacheStats()[0]);
		assertEquals(0, e.context().pooledBytes()[0], "every buffer released");
	}
}
