package org.convnetij.filter;

/**
 * A rank-1 kernel as its two 1D factors: k[v][u] = column[v] * row[u]. Filters run such kernels as two 1D passes
 * (X, then Y): (kw + kh) instead of kw * kh multiplications per pixel. Also the 1D Gaussian both engines use.
 */
public final class Separable {

	/** ImageJ's GaussianBlur accuracy for float images: kernel tails below this fraction are cut. */
	public static final double GAUSSIAN_ACCURACY = 0.0002;
	/** ImageJ's UnsharpMask blurs with this accuracy. */
	public static final double UNSHARP_ACCURACY = 0.01;

	public static final Kernel SOBEL_X = Kernel.parse("-1 0 1; -2 0 2; -1 0 1");
	public static final Kernel SOBEL_Y = Kernel.parse("-1 -2 -1; 0 0 0; 1 2 1");

	private final float[] row, column;

	private Separable(final float[] row, final float[] column) {
		this.row = row;
		this.column = column;
	}

	public float[] row() {
		return row.clone();
	}

	public float[] column() {
		return column.clone();
	}

	/**
	 * The factors when the kernel is rank 1 within float rounding (every value within 1e-6 of the largest of
	 * column[v] * row[u]), else null. The column is the kernel's column through its largest value, the row that
	 * value's row divided by it; a 1 x n or n x 1 kernel is always rank 1.
	 */
	public static Separable of(final Kernel k) {
		final int w = k.width(), h = k.height();
		final float[] v = k.values();
		int best = 0;
		for (int i = 1; i < v.length; i++) {
			if (Math.abs(v[i]) > Math.abs(v[best])) best = i;
		}
		final float pivot = v[best];
		if (pivot == 0) return null; // all zeros: the 2D path handles it
		final int bx = best % w, by = best / w;
		final float[] column = new float[h], row = new float[w];
		for (int y = 0; y < h; y++) column[y] = v[y * w + bx];
		for (int x = 0; x < w; x++) row[x] = v[by * w + x] / pivot;
		final double tolerance = 1e-6 * Math.abs(pivot);
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				if (Math.abs((double) column[y] * row[x] - v[y * w + x]) > tolerance) return null;
			}
		}
		return new Separable(row, column);
	}

	/**
	 * The normalised 1D Gaussian of ImageJ's GaussianBlur.makeGaussianKernel, as a full odd-length kernel: radius
	 * ceil(sigma * sqrt(-2 ln accuracy)) + 1 (capped at max(50, axis length)), tails smoothed to zero as ImageJ
	 * does, so that with clamp padding the results match ImageJ's Gaussian Blur (without its downscaling for large
	 * sigma).
	 */
	public static float[] gaussian(final double sigma, final double accuracy, final int axisLength) {
		final int maxRadius = Math.max(50, axisLength);
		int kRadius = (int) Math.ceil(sigma * Math.sqrt(-2 * Math.log(accuracy))) + 1;
		if (kRadius > maxRadius) kRadius = maxRadius;
		final float[] half = new float[kRadius];
		for (int i = 0; i < kRadius; i++) half[i] = (float) Math.exp(-0.5 * i * i / sigma / sigma);
		if (kRadius < maxRadius && kRadius > 3) { // edge correction, as ImageJ
			double sqrtSlope = Double.MAX_VALUE;
			int r = kRadius;
			while (r > kRadius / 2) {
				r--;
				final double a = Math.sqrt(half[r]) / (kRadius - r);
				if (a < sqrtSlope) sqrtSlope = a;
				else break;
			}
			for (int r1 = r + 2; r1 < kRadius; r1++) {
				half[r1] = (float) ((kRadius - r1) * (kRadius - r1) * sqrtSlope * sqrtSlope);
			}
		}
		double sum;
		if (kRadius < maxRadius) {
			sum = half[0];
			for (int i = 1; i < kRadius; i++) sum += 2 * half[i];
		}
		else sum = sigma * Math.sqrt(2 * Math.PI);
		final float[] full = new float[2 * kRadius - 1];
		for (int i = 0; i < kRadius; i++) {
			final float value = (float) (half[i] / sum);
			full[kRadius - 1 + i] = value;
			full[kRadius - 1 - i] = value;
		}
		return full;
	}

	/** Correlates on {@code engine} as the filters do: rank-1 kernels as two 1D passes, others in 2D. */
	public static float[] correlate(final FilterEngine engine, final float[] plane, final int width, final int height,
		final Kernel kernel, final Padding padding, final int stride)
	{
		final Separable s = of(kernel);
		return s != null ? engine.correlateSeparable(plane, width, height, s.row(), s.column(), padding, stride)
			: engine.correlate(plane, width, height, kernel, padding, stride);
	}
}
