package org.convnetij.filter;

/**
 * Computes filters on float planes and volumes. The Java engine is the reference; an OpenCL engine gives the same
 * numbers faster. Planes are row by row, {@code width * height} values; volumes are planes one after the other;
 * results are new arrays. Callers ({@link Filters}) check the arguments; engines may assume they are valid.
 * <p>
 * Sums run in a fixed order with fused multiply-add ({@code acc = fma(w, x, acc)}), so both engines round alike.
 */
public interface FilterEngine {

	/** A short name for notices and benchmarks ("java", "opencl: pthread-cpu"). */
	String name();

	/**
	 * Correlates a plane with a kernel: out[ox, oy] = sum over v, then u, of k[u,v] * in[ox*S + u - Px, oy*S + v - Py],
	 * with pixels outside the plane given by the padding (Px = (kw-1)/2, Py = (kh-1)/2, or 0 for NONE).
	 *
	 * @return the output plane, {@code OutputSize.of(width, kw, ...) * OutputSize.of(height, kh, ...)} values
	 */
	float[] correlate(float[] plane, int width, int height, Kernel kernel, Padding padding, int stride);

	/**
	 * Correlates with the rank-1 kernel {@code column[v] * row[u]} as two 1D passes: along X with {@code row}, then
	 * along Y with {@code column}; both odd-sized. The same output size as {@link #correlate}.
	 */
	float[] correlateSeparable(float[] plane, int width, int height, float[] row, float[] column, Padding padding,
		int stride);

	/**
	 * The Sobel gradient magnitude, sqrt(gx^2 + gy^2) in float, gx and gy being {@link #correlate} (or, as rank-1
	 * kernels, {@link #correlateSeparable}) with {@link Separable#SOBEL_X} and {@link Separable#SOBEL_Y}. Engines
	 * that keep planes on a device override it to compute all three there.
	 */
	default float[] sobelMagnitude(final float[] plane, final int width, final int height, final Padding padding,
		final int stride)
	{
		final float[] gx = Separable.correlate(this, plane, width, height, Separable.SOBEL_X, padding, stride);
		final float[] gy = Separable.correlate(this, plane, width, height, Separable.SOBEL_Y, padding, stride);
		for (int j = 0; j < gx.length; j++) gx[j] = (float) Math.sqrt(gx[j] * gx[j] + gy[j] * gy[j]);
		return gx;
	}

	/** Minimum, maximum or median over the circular window of {@link Rank#window(int)}; radius 0 copies. */
	float[] rank(float[] plane, int width, int height, Rank rank, int radius, Padding padding);

	/** Max or average pooling of F x F windows with stride S, no padding. */
	float[] pool(float[] plane, int width, int height, Pooling pooling, int size, int stride);

	/** Correlates a volume (depth planes) with a 3D kernel at stride 1, padded on all three axes. */
	float[] correlate3d(float[] volume, int width, int height, int depth, Kernel3D kernel, Padding padding);

	/**
	 * A convolution layer: each of the bank's N kernels (F x F x D) is correlated with the D planes of the volume,
	 * summed, its bias added and, with {@code relu}, negatives set to 0; N output planes one after the other.
	 */
	float[] convLayer(float[] volume, int width, int height, int depth, FilterBank bank, Padding padding, int stride,
		boolean relu);

	/**
	 * The normalised cross-correlation of a template (tw x th) at every position where it fits in the plane:
	 * (W - tw + 1) x (H - th + 1) values in [-1, 1], 0 where the image window or the template is flat.
	 */
	float[] matchTemplate(float[] plane, int width, int height, float[] template, int templateWidth,
		int templateHeight);
}
