package org.convnetij.opencl;

import org.convnetij.filter.Kernel3D;
import org.convnetij.filter.Padding;

/** The kernel family of volume.cl: 3D correlation of a slab, the convolution layer of a band, point operations. */
final class VolumeKernels {

	private static final String FILE = "volume.cl";

	enum Variant {
		CORRELATE_3D("correlate3d"), CONV_LAYER("conv_layer"), MAGNITUDE("magnitude"), UNSHARP("unsharp");

		final String function;

		Variant(final String function) {
			this.function = function;
		}
	}

	private VolumeKernels() {}

	/** A slab: band rows are slices here (band.width = W, band.height = D, band.outWidth = outW). */
	static void correlate3d(final ClContext ctx, final Band slab, final int height, final int outHeight,
		final ClBuffer in, final ClBuffer out, final ClBuffer weights, final Kernel3D k, final Padding padding)
	{
		final String defines = "-DPAD=" + padding.ordinal() + " -DKW=" + k.width() + " -DKH=" + k.height() + " -DKD=" +
			k.depth() + " -DPX=" + padding.border(k.width()) + " -DPY=" + padding.border(k.height()) + " -DPZ=" + padding
				.border(k.depth());
		try (ClKernelCall call = ctx.kernel(FILE, defines, Variant.CORRELATE_3D.function)) {
			call.arg(in).arg(slab.width).arg(height).arg(slab.height).arg(slab.inStart).arg(slab.inRows).arg(out).arg(
				slab.outWidth).arg(outHeight).arg(slab.outStart).arg(slab.outRows).arg(weights).run(new long[] {
					slab.outWidth, outHeight, slab.outRows }, null);
		}
	}

	static void convLayer(final ClContext ctx, final Band band, final int depth, final int count, final ClBuffer in,
		final ClBuffer out, final ClBuffer weights, final ClBuffer bias, final int size, final Padding padding,
		final int stride, final boolean relu)
	{
		final String defines = "-DPAD=" + padding.ordinal() + " -DLAYER_F=" + size + " -DPB=" + padding.border(size) +
			" -DSTRIDE=" + stride + " -DRELU=" + (relu ? 1 : 0);
		try (ClKernelCall call = ctx.kernel(FILE, defines, Variant.CONV_LAYER.function)) {
			call.arg(in).arg(band.width).arg(band.height).arg(depth).arg(band.inStart).arg(band.inRows).arg(out).arg(
				band.outWidth).arg(band.outStart).arg(band.outRows).arg(weights).arg(bias).run(new long[] { band.outWidth,
					band.outRows, count }, null);
		}
	}

	static void magnitude(final ClContext ctx, final ClBuffer a, final ClBuffer b, final ClBuffer out, final int n) {
		try (ClKernelCall call = ctx.kernel(FILE, "", Variant.MAGNITUDE.function)) {
			call.arg(a).arg(b).arg(out).arg(n).run(new long[] { n }, null);
		}
	}

	static void unsharp(final ClContext ctx, final ClBuffer original, final ClBuffer blurred, final ClBuffer out,
		final float weight, final int n)
	{
		try (ClKernelCall call = ctx.kernel(FILE, "", Variant.UNSHARP.function)) {
			call.arg(original).arg(blurred).arg(out).arg(weight).arg(n).run(new long[] { n }, null);
		}
	}
}
