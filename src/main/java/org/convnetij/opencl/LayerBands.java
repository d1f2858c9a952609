package org.convnetij.opencl;

import java.util.List;

import org.convnetij.filter.FilterBank;
import org.convnetij.filter.OutputSize;
import org.convnetij.filter.Padding;
import org.jocl.CLException;

/** The convolution layer band by band: each band holds the same rows of all D input planes and N output planes. */
final class LayerBands {

	private LayerBands() {}

	static float[] run(final OpenClFilterEngine engine, final float[] volume, final int width, final int height,
		final int depth, final FilterBank bank, final Padding padding, final int stride, final boolean relu)
	{
		final ClContext ctx = engine.context();
		final int f = bank.size(), n = bank.count();
		final int outW = OutputSize.of(width, f, padding, stride, "kernel");
		final int outH = OutputSize.of(height, f, padding, stride, "kernel");
		final float[] result = new float[outW * outH * n];
		long budget = engine.tilePixels();
		while (true) {
			final List<Band> bands = Band.plan(width, height, outW, outH, f, padding.border(f), stride, budget / Math.max(
				1, (long) width * depth));
			try (ClBuffer weights = ctx.weights(bank.weights()); ClBuffer bias = ctx.weights(bank.bias())) {
				for (final Band band : bands) {
					final float[] rows = bands.size() == 1 ? volume : gather(volume, width, height, depth, band);
					try (ClBuffer in = ctx.upload(rows, 0, band.inRows * width * depth); ClBuffer out = ctx.buffer(
						(long) band.outRows * outW * n))
					{
						VolumeKernels.convLayer(ctx, band, depth, n, in, out, weights, bias, f, padding, stride, relu);
						final float[] part = ctx.download(out);
						for (int o = 0; o < n; o++) {
							System.arraycopy(part, o * band.outRows * outW, result, (o * outH + band.outStart) * outW, band.outRows *
								outW);
						}
					}
				}
				return result;
			}
			catch (final CLException e) {
				if (!OpenClFilterEngine.isOutOfMemory(e) || bands.size() >= outH) throw e;
				budget = Math.max(1, Math.min(budget, (long) bands.get(0).inRows * width * depth) / 2);
			}
		}
	}

	/** The band's rows of every plane, plane after plane. */
	private static float[] gather(final float[] volume, final int width, final int height, final int depth,
		final Band band)
	{
		final float[] rows = new float[band.inRows * width * depth];
		for (int d = 0; d < depth; d++) {
			System.arraycopy(volume, (d * height + band.inStart) * width, rows, d * band.inRows * width, band.inRows *
				width);
		}
		return rows;
	}
}
