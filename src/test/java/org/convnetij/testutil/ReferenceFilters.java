package org.convnetij.testutil;

/**
 * Straightforward definitions of correlation and padding, written independently of the core's engines so that
 * tests compare the fast code against the formula: out[ox,oy] = sum k[u,v] * in[ox*S + u - Px, oy*S + v - Py].
 */
public final class ReferenceFilters {

	private ReferenceFilters() {}

	/** The pixel at (x, y) under a padding named "zero", "mirror" (reflect-101) or "clamp". */
	public static double pixel(final float[] img, final int w, final int h, int x, int y, final String padding) {
		if (x >= 0 && x < w && y >= 0 && y < h) return img[y * w + x];
		switch (padding) {
			case "zero":
				return 0;
			case "clamp":
				x = Math.max(0, Math.min(w - 1, x));
				y = Math.max(0, Math.min(h - 1, y));
				return img[y * w + x];
			case "mirror":
				return img[reflect(y, h) * w + reflect(x, w)];
			default:
				throw new IllegalArgumentException("padding " + padding + " reads no pixel outside");
		}
	}

	private static int reflect(int i, final int n) {
		if (n == 1) return 0;
		while (i < 0 || i >= n) {
			if (i < 0) i = -i;
			if (i >= n) i = 2 * (n - 1) - i;
		}
		return i;
	}

	/** Correlation with kernel k (kw x kh, row by row); padding "none" is valid-only. */
	public static float[] correlate(final float[] img, final int w, final int h, final float[] k, final int kw,
		final int kh, final String padding, final int stride, final int[] outSize)
	{
		final int px = padding.equals("none") ? 0 : (kw - 1) / 2;
		final int py = padding.equals("none") ? 0 : (kh - 1) / 2;
		final int ow = (w - kw + 2 * px) / stride + 1, oh = (h - kh + 2 * py) / stride + 1;
		outSize[0] = ow;
		outSize[1] = oh;
		final float[] out = new float[ow * oh];
		for (int oy = 0; oy < oh; oy++) {
			for (int ox = 0; ox < ow; ox++) {
				double sum = 0;
				for (int v = 0; v < kh; v++) {
					for (int u = 0; u < kw; u++) {
						sum += k[v * kw + u] * pixel(img, w, h, ox * stride + u - px, oy * stride + v - py, padding
							.equals("none") ? "zero" : padding);
					}
				}
				out[oy * ow + ox] = (float) sum;
			}
		}
		return out;
	}

	/**
	 * The largest |a - b| relative to max(|b|, rms(b)): the float sums of a filter round relative to the magnitude of
	 * the image, so a value near 0 is compared at the image's scale (see {@link Tolerance}).
	 */
	public static double maxRelativeError(final float[] a, final float[] b) {
		if (a.length != b.length) throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
		return Tolerance.relativeDifference(b, a);
	}
}
