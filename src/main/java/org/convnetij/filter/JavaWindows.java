package org.convnetij.filter;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.convnetij.filter.JavaFilterEngine.Padded;

/** Java reference for the sliding-window filters that are not sums of products: rank, pooling, template match. */
final class JavaWindows {

	private JavaWindows() {}

	static float[] rank(final float[] plane, final int width, final int height, final Rank rank, final int radius,
		final Padding padding)
	{
		final int window = 2 * radius + 1;
		final int outW = OutputSize.of(width, window, padding, 1, "window");
		final int outH = OutputSize.of(height, window, padding, 1, "window");
		final int b = padding.border(window);
		final Padded p = JavaFilterEngine.pad(plane, width, height, b, b, padding);
		final int[] offsets = Rank.window(radius);
		final int n = offsets.length / 2;
		final int[] delta = new int[n];
		for (int i = 0; i < n; i++) delta[i] = (offsets[2 * i + 1] + radius) * p.width + offsets[2 * i] + radius;
		final float[] out = new float[outW * outH];
		IntStream.range(0, outH).parallel().forEach(oy -> {
			final float[] values = new float[n];
			for (int ox = 0; ox < outW; ox++) {
				final int base = oy * p.width + ox;
				float r;
				if (rank == Rank.MEDIAN) {
					for (int i = 0; i < n; i++) values[i] = p.values[base + delta[i]];
					Arrays.sort(values);
					r = values[n / 2];
				}
				else {
					r = p.values[base + delta[0]];
					for (int i = 1; i < n; i++) {
						final float v = p.values[base + delta[i]];
						r = rank == Rank.MINIMUM ? Math.min(r, v) : Math.max(r, v);
					}
				}
				out[oy * outW + ox] = r;
			}
		});
		return out;
	}

	static float[] pool(final float[] plane, final int width, final int height, final Pooling pooling,
		final int size, final int stride)
	{
		final int outW = OutputSize.of(width, size, Padding.NONE, stride, "pool");
		final int outH = OutputSize.of(height, size, Padding.NONE, stride, "pool");
		final float[] out = new float[outW * outH];
		final float area = size * size;
		IntStream.range(0, outH).parallel().forEach(oy -> {
			for (int ox = 0; ox < outW; ox++) {
				final int base = oy * stride * width + ox * stride;
				float r = pooling == Pooling.MAX ? plane[base] : 0f;
				for (int v = 0; v < size; v++) {
					for (int u = 0; u < size; u++) {
						final float x = plane[base + v * width + u];
						r = pooling == Pooling.MAX ? Math.max(r, x) : r + x;
					}
				}
				out[oy * outW + ox] = pooling == Pooling.MAX ? r : r / area;
			}
		});
		return out;
	}

	static float[] matchTemplate(final float[] plane, final int width, final int height, final float[] template,
		final int tw, final int th)
	{
		final int outW = width - tw + 1, outH = height - th + 1;
		final float[] centred = JavaFilterEngine.centredTemplate(template);
		final float templateSquares = centred[template.length];
		final float n = tw * th;
		final float[] out = new float[outW * outH];
		IntStream.range(0, outH).parallel().forEach(oy -> {
			for (int ox = 0; ox < outW; ox++) {
				final int base = oy * width + ox;
				float sum = 0;
				for (int v = 0; v < th; v++) {
					for (int u = 0; u < tw; u++) sum += plane[base + v * width + u];
				}
				final float mean = sum / n;
				float num = 0, var = 0;
				for (int v = 0; v < th; v++) {
					for (int u = 0; u < tw; u++) {
						final float d = plane[base + v * width + u] - mean;
						num = Math.fma(d, centred[v * tw + u], num);
						var = Math.fma(d, d, var);
					}
				}
				final float denominator = (float) Math.sqrt(var * templateSquares);
				out[oy * outW + ox] = denominator > 0 ? num / denominator : 0f;
			}
		});
		return out;
	}
}
