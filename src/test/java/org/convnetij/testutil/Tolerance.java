package org.convnetij.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Float comparisons that hold across CPUs (AVX2 vs AVX-512 kernels), thread counts and batch sizes. Those change
 * the order of the sums inside convolutions and matrix products, so two correct float32 results differ by a few
 * units of rounding times the length of the sums, scaled to the magnitude of the values summed: a bound relative
 * to the magnitude, never an absolute one. The magnitude of one element is not enough either: an element near 0
 * that comes from a sum of large terms carries the rounding of those terms, so the bound uses the root mean square
 * of all expected values as a floor.
 */
public final class Tolerance {

	/** float32's unit roundoff, 2^-24. */
	public static final double FLOAT_ROUNDOFF = Math.ulp(1f) / 2;

	private Tolerance() {}

	/**
	 * A relative bound for results of a float32 network or filter computed two ways (other kernels, batch, threads
	 * or CPU): {@code 8 u sqrt(terms x depth)}, with u the float32 roundoff, {@code termsPerSum} the length of the
	 * longest sum (a convolution's F x F x C, a dense layer's inputs) and {@code depth} the number of such sums in a
	 * row (layers). Rounding errors of independent operations add like a random walk (Higham, Accuracy and Stability
	 * of Numerical Algorithms, 2nd ed., 3.1), so they grow with the square root of the number of operations; the
	 * factor 8 covers fused multiply-adds and reordering. Real mistakes (padding, channel order, a wrong weight or
	 * epsilon) change values by 1e-3 and more.
	 */
	public static double relative(final long termsPerSum, final int depth) {
		return 8 * FLOAT_ROUNDOFF * Math.sqrt((double) Math.max(1, termsPerSum) * Math.max(1, depth));
	}

	/** The largest difference relative to max(|expected_i|, rms(expected)). */
	public static double relativeDifference(final float[] expected, final float[] actual) {
		assertEquals(expected.length, actual.length, "lengths differ");
		final double floor = rms(expected);
		double worst = 0;
		for (int i = 0; i < expected.length; i++) {
			final double scale = Math.max(Math.abs(expected[i]), floor);
			final double d = Math.abs((double) expected[i] - actual[i]);
			if (d == 0) continue;
			worst = Math.max(worst, scale == 0 ? Double.POSITIVE_INFINITY : d / scale);
		}
		return worst;
	}

	/** Asserts that every actual value is within {@code relative} of its expected value (see the class comment). */
	public static void assertClose(final float[] expected, final float[] actual, final double relative,
		final String what)
	{
		assertEquals(expected.length, actual.length, what + ": lengths differ");
		final double floor = rms(expected);
		for (int i = 0; i < expected.length; i++) {
			final double bound = relative * Math.max(Math.abs(expected[i]), floor);
			final double d = Math.abs((double) expected[i] - actual[i]);
			final int index = i;
			assertTrue(d <= bound, () -> what + ": element " + index + " is " + actual[index] + ", expected " +
				expected[index] + " within " + bound + " (relative " + relative + ")");
		}
	}

	private static double rms(final float[] values) {
		double s = 0;
		for (final float v : values) s += (double) v * v;
		return values.length == 0 ? 0 : Math.sqrt(s / values.length);
	}
}
