package org.convnetij.opencl;

import org.convnetij.filter.Padding;
import org.convnetij.filter.Pooling;
import org.convnetij.filter.Rank;

/** The kernel family of windows.cl: rank filters, pooling and template matching, each on a band of rows. */
final class WindowKernels {

	private static final String FILE = "windows.cl";
	/** System property: outputs per work item of the radius-2 median (8, 16 or 32; default per device). */
	static final String MEDIAN_RUN_PROPERTY = "convnet.opencl.medianrun";

	/**
	 * Outputs per work item of the radius-2 median, as MEDIAN_RUN in windows.cl: on CPU devices 32, 16 columns (the
	 * lanes of a vector) in 2 rows that share most of their windows; 16 is one row of them; on GPUs 8 in scalars (one
	 * work item per lane there already).
	 */
	static int medianRun(final ClDevice device) {
		final int run = Integer.getInteger(MEDIAN_RUN_PROPERTY, device.isGpu() ? 8 : 32);
		return run == 8 || run == 16 ? run : 32;
	}

	enum Variant {
		RANK("rank_filter"), POOL("pool"), TEMPLATE("match_template");

		final String function;

		Variant(final String function) {
			this.function = function;
		}
	}

	private WindowKernels() {}

	static void rank(final ClContext ctx, final Band band, final ClBuffer in, final ClBuffer out, final Rank rank,
		final int radius, final Padding padding)
	{
		final boolean median2 = rank == Rank.MEDIAN && radius == 2;
		final int run = median2 ? medianRun(ctx.device()) : 1;
		final String defines = "-DPAD=" + padding.ordinal() + " -DRANK=" + rank.ordinal() + " -DR=" + radius +
			" -DR2=" + (radius * radius + 1) + " -DN=" + Rank.window(radius).length / 2 + " -DB=" + padding.border(2 *
				radius + 1) + (median2 ? " -DMEDIAN_RUN=" + run : "");
		// windows.cl's radius-2 median computes MEDIAN_RUN adjacent outputs per work item (32: 16 in each of 2 rows).
		final long[] global = run == 32 ? new long[] { (band.outWidth + 15) / 16, (band.outRows + 1) / 2 } : new long[] {
			(band.outWidth + run - 1) / run, band.outRows };
		try (ClKernelCall call = ctx.kernel(FILE, defines, Variant.RANK.function)) {
			call.arg(in).arg(band.width).arg(band.height).arg(band.inStart).arg(band.inRows).arg(out).arg(band.outWidth)
				.arg(band.outStart).arg(band.outRows).run(global, null);
		}
	}

	static void pool(final ClContext ctx, final Band band, final ClBuffer in, final ClBuffer out,
		final Pooling pooling, final int size, final int stride)
	{
		final String defines = "-DPOOL=" + pooling.ordinal() + " -DF=" + size + " -DSTRIDE=" + stride;
		try (ClKernelCall call = ctx.kernel(FILE, defines, Variant.POOL.function)) {
			call.arg(in).arg(band.width).arg(band.inStart).arg(out).arg(band.outWidth).arg(band.outStart).arg(
				band.outRows).run(new long[] { band.outWidth, band.outRows }, null);
		}
	}

	static void matchTemplate(final ClContext ctx, final Band band, final ClBuffer in, final ClBuffer out,
		final ClBuffer centredTemplate, final float templateSquares, final int tw, final int th)
	{
		final String defines = "-DTPL_W=" + tw + " -DTPL_H=" + th;
		try (ClKernelCall call = ctx.kernel(FILE, defines, Variant.TEMPLATE.function)) {
			call.arg(in).arg(band.width).arg(band.inStart).arg(out).arg(band.outWidth).arg(band.outStart).arg(
				band.outRows).arg(centredTemplate).arg(templateSquares).run(new long[] { band.outWidth, band.outRows },
					null);
		}
	}
}
