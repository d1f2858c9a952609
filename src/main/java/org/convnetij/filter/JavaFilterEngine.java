package org.convnetij.filter;

import java.util.stream.IntStream;

/**
 * The reference implementation in plain Java: pads the plane once, then accumulates kernel rows over output rows,
 * output rows in parallel. The order of the additions for one pixel is fixed (kernel row by row), so results do
 * not depend on the number of threads.
 */
public final class JavaFilterEngine implements FilterEngine {

	public static final JavaFilterEngine INSTANCE = new JavaFilterEngine();

	private JavaFilterEngine() {}

	@Override
	public String name() {
		return "java";
	}

	@Override
	public float[] correlate(final float[] plane, final int width, final int height, final Kernel kernel,
		final Padding padding, final int stride)
	{
		final int kw = kernel.width(), kh = kernel.height();
		final int outW = OutputSize.of(width, kw, padding, stride, "kernel");
		final int outH = OutputSize.of(height, kh, padding, stride, "kernel");
		final int bx = padding.border(kw), by = padding.border(kh);
		final Padded padded = pad(plane, width, height, bx, by, padding);
		final float[] k = kernel.values();
		final float[] out = new float[outW * outH];
		IntStream.range(0, outH).parallel().forEach(oy -> {
			final float[] acc = new float[outW];
			for (int v = 0; v < kh; v++) {
				final int rowStart = (oy * stride + v) * padded.width;
				for (int u = 0; u < kw; u++) {
					final float w = k[v * kw + u];
					if (w == 0) continue;
					final int start = rowStart + u;
					for (int ox = 0, i = start; ox < outW; ox++, i += stride) acc[ox] += w * padded.values[i];
				}
			}
			System.arraycopy(acc, 0, out, oy * outW, outW);
		});
		return out;
	}

	/** A plane with a border of bx columns and by rows filled as the padding says. */
	static Padded pad(final float[] plane, final int width, final int height, final int bx, final int by,
		final Padding padding)
	{
		final int pw = width + 2 * bx, ph = height + 2 * by;
		final float[] p = new float[pw * ph];
		final int[] sourceX = new int[pw];
		for (int x = 0; x < pw; x++) sourceX[x] = padding.sourceIndex(x - bx, width);
		for (int y = 0; y < ph; y++) {
			final int sy = padding.sourceIndex(y - by, height);
			if (sy < 0) continue; // a zero row
			final int src = sy * width, dst = y * pw;
			System.arraycopy(plane, src, p, dst + bx, width);
			for (int x = 0; x < bx; x++) {
				p[dst + x] = sourceX[x] < 0 ? 0 : plane[src + sourceX[x]];
				final int xr = pw - 1 - x;
				p[dst + xr] = sourceX[xr] < 0 ? 0 : plane[src + sourceX[xr]];
			}
		}
		return new Padded(p, pw, ph);
	}

	static final class Padded {
		final float[] values;
		final int width, height;

		Padded(final float[] values, final int width, final int height) {
			this.values = values;
			this.width = width;
			this.height = height;
		}
	}
}
