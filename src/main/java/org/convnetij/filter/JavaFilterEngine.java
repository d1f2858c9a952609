package org.convnetij.filter;

import java.util.stream.IntStream;

/**
 * The reference implementation in plain Java, output rows (or planes) in parallel. Every sum runs in a fixed
 * order with {@link Math#fma} (kernel slice, row, column), the order the OpenCL kernels use, so results do not
 * depend on the number of threads or the engine.
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
					final int start = rowStart + u;
					for (int ox = 0, i = start; ox < outW; ox++, i += stride) acc[ox] = Math.fma(w, padded.values[i], acc[ox]);
				}
			}
			System.arraycopy(acc, 0, out, oy * outW, outW);
		});
		return out;
	}

	@Override
	public float[] correlateSeparable(final float[] plane, final int width, final int height, final float[] row,
		final float[] column, final Padding padding, final int stride)
	{
		final int outW = OutputSize.of(width, row.length, padding, stride, "kernel");
		final int outH = OutputSize.of(height, column.length, padding, stride, "kernel");
		final int[] sx = sources(outW, row.length, stride, padding.border(row.length), width, padding);
		final int[] sy = sources(outH, column.length, stride, padding.border(column.length), height, padding);
		final float[] mid = new float[outW * height];
		IntStream.range(0, height).parallel().forEach(y -> {
			final int base = y * width;
			for (int ox = 0; ox < outW; ox++) {
				float acc = 0;
				for (int u = 0, s = ox * stride; u < row.length; u++, s++) {
					acc = Math.fma(row[u], sx[s] < 0 ? 0f : plane[base + sx[s]], acc);
				}
				mid[y * outW + ox] = acc;
			}
		});
		final float[] out = new float[outW * outH];
		IntStream.range(0, outH).parallel().forEach(oy -> {
			final float[] acc = new float[outW];
			for (int v = 0; v < column.length; v++) {
				final int src = sy[oy * stride + v];
				final float w = column[v];
				if (src < 0) {
					for (int x = 0; x < outW; x++) acc[x] = Math.fma(w, 0f, acc[x]);
				}
				else {
					for (int x = 0, i = src * outW; x < outW; x++, i++) acc[x] = Math.fma(w, mid[i], acc[x]);
				}
			}
			System.arraycopy(acc, 0, out, oy * outW, outW);
		});
		return out;
	}

	/** For each padded coordinate an output window reads, the source index (-1 for a zero). */
	static int[] sources(final int outSize, final int window, final int stride, final int border, final int size,
		final Padding padding)
	{
		final int[] s = new int[(outSize - 1) * stride + window];
		for (int i = 0; i < s.length; i++) s[i] = padding.sourceIndex(i - border, size);
		return s;
	}

	@Override
	public float[] rank(final float[] plane, final int width, final int height, final Rank rank, final int radius,
		final Padding padding)
	{
		return JavaWindows.rank(plane, width, height, rank, radius, padding);
	}

	@Override
	public float[] pool(final float[] plane, final int width, final int height, final Pooling pooling,
		final int size, final int stride)
	{
		return JavaWindows.pool(plane, width, height, pooling, size, stride);
	}

	@Override
	public float[] correlate3d(final float[] volume, final int width, final int height, final int depth,
		final Kernel3D kernel, final Padding padding)
	{
		return JavaVolumes.correlate3d(volume, width, height, depth, kernel, padding);
	}

	@Override
	public float[] convLayer(final float[] volume, final int width, final int height, final int depth,
		final FilterBank bank, final Padding padding, final int stride, final boolean relu)
	{
		return JavaVolumes.convLayer(volume, width, height, depth, bank, padding, stride, relu);
	}

	@Override
	public float[] matchTemplate(final float[] plane, final int width, final int height, final float[] template,
		final int templateWidth, final int templateHeight)
	{
		return JavaWindows.matchTemplate(plane, width, height, template, templateWidth, templateHeight);
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
			for (int x = 0; x < pw; x++) p[dst + x] = sourceX[x] < 0 ? 0 : plane[src + sourceX[x]];
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

	/** Template statistics both engines use: the template minus its mean, and the sum of its squares. */
	public static float[] centredTemplate(final float[] template) {
		float sum = 0;
		for (final float t : template) sum += t;
		final float mean = sum / template.length;
		final float[] c = new float[template.length + 1];
		float sq = 0;
		for (int i = 0; i < template.length; i++) {
			c[i] = template[i] - mean;
			sq = Math.fma(c[i], c[i], sq);
		}
		c[template.length] = sq;
		return c;
	}
}
