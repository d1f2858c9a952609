package org.convnetij.filter;

import java.util.stream.IntStream;

/** Java reference for the filters over several planes at once: 3D correlation and the convolution layer. */
final class JavaVolumes {

	private JavaVolumes() {}

	static float[] correlate3d(final float[] volume, final int width, final int height, final int depth,
		final Kernel3D kernel, final Padding padding)
	{
		final int kw = kernel.width(), kh = kernel.height(), kd = kernel.depth();
		final int outW = OutputSize.of(width, kw, padding, 1, "kernel");
		final int outH = OutputSize.of(height, kh, padding, 1, "kernel");
		final int outD = OutputSize.of(depth, kd, padding, 1, "kernel");
		final int[] sx = JavaFilterEngine.sources(outW, kw, 1, padding.border(kw), width, padding);
		final int[] sy = JavaFilterEngine.sources(outH, kh, 1, padding.border(kh), height, padding);
		final int[] sz = JavaFilterEngine.sources(outD, kd, 1, padding.border(kd), depth, padding);
		final float[] k = kernel.values();
		final float[] out = new float[outW * outH * outD];
		IntStream.range(0, outD * outH).parallel().forEach(row -> {
			final int oz = row / outH, oy = row % outH;
			for (int ox = 0; ox < outW; ox++) {
				float acc = 0;
				for (int w = 0; w < kd; w++) {
					final int z = sz[oz + w];
					for (int v = 0; v < kh; v++) {
						final int y = sy[oy + v];
						for (int u = 0; u < kw; u++) {
							final int x = sx[ox + u];
							final float p = z < 0 || y < 0 || x < 0 ? 0f : volume[(z * height + y) * width + x];
							acc = Math.fma(k[(w * kh + v) * kw + u], p, acc);
						}
					}
				}
				out[(oz * outH + oy) * outW + ox] = acc;
			}
		});
		return out;
	}

	static float[] convLayer(final float[] volume, final int width, final int height, final int depth,
		final FilterBank bank, final Padding padding, final int stride, final boolean relu)
	{
		final int f = bank.size(), n = bank.count();
		final int outW = OutputSize.of(width, f, padding, stride, "kernel");
		final int outH = OutputSize.of(height, f, padding, stride, "kernel");
		final int b = padding.border(f);
		final int[] sx = JavaFilterEngine.sources(outW, f, stride, b, width, padding);
		final int[] sy = JavaFilterEngine.sources(outH, f, stride, b, height, padding);
		final float[] weights = bank.weights(), bias = bank.bias();
		final float[] out = new float[outW * outH * n];
		IntStream.range(0, n * outH).parallel().forEach(row -> {
			final int o = row / outH, oy = row % outH;
			for (int ox = 0; ox < outW; ox++) {
				float acc = 0;
				for (int d = 0; d < depth; d++) {
					for (int v = 0; v < f; v++) {
						final int y = sy[oy * stride + v];
						for (int u = 0; u < f; u++) {
							final int x = sx[ox * stride + u];
							final float p = y < 0 || x < 0 ? 0f : volume[(d * height + y) * width + x];
							acc = Math.fma(weights[((o * depth + d) * f + v) * f + u], p, acc);
						}
					}
				}
				acc += bias[o];
				out[(o * outH + oy) * outW + ox] = relu && !(acc > 0) ? 0f : acc;
			}
		});
		return out;
	}
}
