package org.convnetij.opencl;

import org.convnetij.filter.Kernel;
import org.convnetij.filter.Padding;

/**
 * The kernel family of correlate.cl: 2D correlation from local-memory tiles or straight from global memory, and the
 * two 1D passes of a separable kernel. Each launch works on a band of rows (see {@link Band}).
 */
final class CorrelateKernels {

	private static final String FILE = "correlate.cl";

	/** Outputs per work item along X of the fused separable kernel, and of the local 2D correlation on GPUs. */
	static final int VX = 8;

	/** System property: outputs per work item of the local 2D correlation (8 or 16; default per device). */
	static final String VX_PROPERTY = "convnet.opencl.vx";

	/**
	 * Outputs per work item of the local 2D correlation: 16 (one AVX-512 vector) on CPU devices, measured with PoCL
	 * on 2048 x 2048: 15 x 15 kernel 100 against 157 ms, 3 x 3 kernel 17.5 against 20.4 ms (same run, in turns);
	 * 8 on GPUs (fewer registers per work item) and at strides above 1.
	 */
	static int vx(final ClDevice device, final int stride) {
		if (stride != 1) return VX;
		return Integer.getInteger(VX_PROPERTY, device.isGpu() ? VX : 16) == 8 ? 8 : 16;
	}

	/** System property: outputs per work item in the 1D passes (8 or 16; default per device). */
	static final String PASS_VX_PROPERTY = "convnet.opencl.passvx";

	/**
	 * Outputs per work item in the 1D passes: 16 on CPU devices (PoCL, 2048 x 2048 Gaussian of sigma 2, both passes:
	 * 15 to 18 ms against 31 to 36 ms with 8, in alternating runs), 8 on GPUs.
	 */
	static int passVx(final ClDevice device) {
		return Integer.getInteger(PASS_VX_PROPERTY, device.isGpu() ? 8 : 16) == 8 ? 8 : 16;
	}

	/** System property: output rows per work item of the local 2D correlation at stride 1 (1 to 8). */
	static final String ROWS_PROPERTY = "convnet.opencl.rows";

	/**
	 * Output rows per work item of the local 2D correlation: 6 on CPU devices at stride 1, else 1. Each output is one
	 * chain of dependent fmas (the fixed order that gives Java's numbers); a CPU core waits about four cycles on each
	 * link, so one chain per work item left it mostly idle. Six rows are six independent chains, and each tile row
	 * read serves all six. PoCL, 2048 x 2048, 15 x 15 kernel: 13.3 against 29 ms; 3 x 3: 3.8 against 5.8 ms
	 * (docs/filters.md). GPUs run a work item per lane and keep 1.
	 */
	static int rows(final ClDevice device, final int stride) {
		if (stride != 1) return 1;
		return Math.max(1, Math.min(8, Integer.getInteger(ROWS_PROPERTY, device.isGpu() ? 1 : 6)));
	}

	/** System property: output rows per work item of the Y pass of a separable kernel (1 to 8). */
	static final String PASS_ROWS_PROPERTY = "convnet.opencl.passrows";

	/**
	 * Output rows per work item of the Y pass: 4 on CPU devices, where each row read serves four outputs and their
	 * sums run side by side (PoCL, 2048 x 2048, 19 taps: 2.3 against 5.0 ms), 1 on GPUs. The X pass keeps one row
	 * (2.7 against 3.0 ms with 4).
	 */
	static int passRows(final ClDevice device) {
		return Math.max(1, Math.min(8, Integer.getInteger(PASS_ROWS_PROPERTY, device.isGpu() ? 1 : 4)));
	}

	enum Variant {
		/** One output per work item, reads through the padding function: any kernel size. */
		GLOBAL("correlate_global"),
		/** Input tile with halo in local memory, {@link #vx} outputs per work item. */
		LOCAL("correlate_local");

		final String function;

		Variant(final String function) {
			this.function = function;
		}
	}

	private CorrelateKernels() {}

	/** The work-group shape (LX, LY) of the local 2D correlation: 16 x 8 on CPU devices (with 6 rows per work item). */
	static int[] correlateWorkGroup(final ClDevice device) {
		return device.isGpu() ? workGroup(device) : new int[] { 16, 8 };
	}

	/** The work-group shape (LX, LY) of the fused separable kernel, and of the local 2D correlation on GPUs. */
	static int[] workGroup(final ClDevice device) {
		final int lx = 16;
		final int ly = (int) Math.max(1, Math.min(16, device.maxWorkGroupSize() / lx));
		return new int[] { lx, ly };
	}

	/** Bytes of local memory the local variant needs for this kernel and stride. */
	static long localBytes(final ClDevice device, final Kernel k, final int stride) {
		final int[] wg = correlateWorkGroup(device);
		final long tw = (long) (wg[0] * vx(device, stride) - 1) * stride + k.width();
		final long th = (long) (wg[1] * rows(device, stride) - 1) * stride + k.height();
		return tw * th * Float.BYTES;
	}

	static String defines(final Kernel k, final Padding padding, final int stride) {
		return "-DPAD=" + padding.ordinal() + " -DKW=" + k.width() + " -DKH=" + k.height() + " -DPX=" + padding.border(
			k.width()) + " -DPY=" + padding.border(k.height()) + " -DSTRIDE=" + stride;
	}

	/** Enqueues a 2D correlation of a band into {@code out}. */
	static void correlate(final ClContext ctx, final Variant variant, final Band band, final ClBuffer in,
		final ClBuffer out, final ClBuffer weights, final Kernel k, final Padding padding, final int stride)
	{
		String defines = defines(k, padding, stride);
		long[] global = { band.outWidth, band.outRows }, local = null;
		if (variant == Variant.LOCAL) {
			final int[] wg = correlateWorkGroup(ctx.device());
			final int vx = vx(ctx.device(), stride), rows = rows(ctx.device(), stride);
			defines += " -DLX=" + wg[0] + " -DLY=" + wg[1] + " -DVX=" + vx + " -DNR=" + rows;
			global = new long[] { ((long) band.outWidth + vx - 1) / vx, ((long) band.outRows + rows - 1) / rows };
			local = new long[] { wg[0], wg[1] };
		}
		try (ClKernelCall call = ctx.kernel(FILE, defines, variant.function)) {
			call.arg(in).arg(band.width).arg(band.height).arg(band.inStart).arg(band.inRows).arg(out).arg(band.outWidth)
				.arg(band.outStart).arg(band.outRows).arg(weights).run(global, local);
		}
	}

	/** Enqueues the X pass over every row of the band's input into {@code mid} (inRows x outWidth). */
	static void rowPass(final ClContext ctx, final Band band, final ClBuffer in, final ClBuffer mid,
		final ClBuffer weights, final int length, final Padding padding, final int stride)
	{
		final int vx = passVx(ctx.device());
		try (ClKernelCall call = ctx.kernel(FILE, passDefines(length, padding, stride, vx, 1), "row_pass")) {
			call.arg(in).arg(band.width).arg(band.inRows).arg(mid).arg(band.outWidth).arg(weights).run(new long[] {
				((long) band.outWidth + vx - 1) / vx, band.inRows }, null);
		}
	}

	/** Enqueues the Y pass from {@code mid} into {@code out}. */
	static void columnPass(final ClContext ctx, final Band band, final ClBuffer mid, final ClBuffer out,
		final ClBuffer weights, final int length, final Padding padding, final int stride)
	{
		final int vx = passVx(ctx.device()), rows = passRows(ctx.device());
		try (ClKernelCall call = ctx.kernel(FILE, passDefines(length, padding, stride, vx, rows), "column_pass")) {
			call.arg(mid).arg(band.outWidth).arg(band.height).arg(band.inStart).arg(band.inRows).arg(out).arg(
				band.outStart).arg(band.outRows).arg(weights).run(new long[] { ((long) band.outWidth + vx - 1) / vx,
					((long) band.outRows + rows - 1) / rows }, null);
		}
	}

	private static String passDefines(final int length, final Padding padding, final int stride, final int vx,
		final int rows)
	{
		return "-DPAD=" + padding.ordinal() + " -DKS=" + length + " -DPB=" + padding.border(length) + " -DSTRIDE=" +
			stride + " -DVX=" + vx + " -DNR=" + rows;
	}

	/** Bytes of local memory the fused separable kernel needs (input tile and intermediate tile). */
	static long separableLocalBytes(final ClDevice device, final int rowLength, final int columnLength) {
		final int[] wg = workGroup(device);
		final long mw = (long) wg[0] * VX, th = wg[1] + columnLength - 1;
		return ((mw + rowLength - 1) * th + mw * th) * Float.BYTES;
	}

	/** Enqueues both passes of a separable kernel as one local-memory kernel (stride 1 only). */
	static void separableLocal(final ClContext ctx, final Band band, final ClBuffer in, final ClBuffer out,
		final ClBuffer rowWeights, final int rowLength, final ClBuffer columnWeights, final int columnLength,
		final Padding padding)
	{
		final int[] wg = workGroup(ctx.device());
		final String defines = "-DPAD=" + padding.ordinal() + " -DKX=" + rowLength + " -DKY=" + columnLength +
			" -DPBX=" + padding.border(rowLength) + " -DPBY=" + padding.border(columnLength) + " -DSEP_LX=" + wg[0] +
			" -DSEP_LY=" + wg[1];
		try (ClKernelCall call = ctx.kernel(FILE, defines, "separable_local")) {
			call.arg(in).arg(band.width).arg(band.height).arg(band.inStart).arg(band.inRows).arg(out).arg(band.outWidth)
				.arg(band.outStart).arg(band.outRows).arg(rowWeights).arg(columnWeights).run(new long[] { ((long) band.outWidth +
					VX - 1) / VX, band.outRows }, new long[] { wg[0], wg[1] });
		}
	}

	/** System property: output rows per work item of the rolling separable kernel. */
	static final String ROLLING_ROWS_PROPERTY = "convnet.opencl.rollingrows";

	/** Output rows per work item of the rolling separable kernel (its band; the X pass of KY - 1 rows is redone per band). */
	static final int ROLLING_ROWS = Math.max(8, Integer.getInteger(ROLLING_ROWS_PROPERTY, 128));

	/** The longest Y kernel of the rolling separable kernel (its window of X-pass rows stays in registers). */
	static final int ROLLING_MAX_COLUMN = 25;

	/**
	 * Whether {@link #separableRolling} can run a separable kernel: stride 1, a Y kernel up to
	 * {@value #ROLLING_MAX_COLUMN} long. PoCL, 2048 x 2048, 19 x 19 taps: 4.5 to 5.5 against 8 to 13.6 ms for the two
	 * passes (in turns, one process); its program builds in 0.5 s.
	 */
	static boolean rolls(final int columnLength, final int stride) {
		return stride == 1 && columnLength <= ROLLING_MAX_COLUMN;
	}

	/** Enqueues both passes of a separable kernel as one kernel that rolls down bands of rows (stride 1 only). */
	static void separableRolling(final ClContext ctx, final Band band, final ClBuffer in, final ClBuffer out,
		final ClBuffer rowWeights, final int rowLength, final ClBuffer columnWeights, final int columnLength,
		final Padding padding)
	{
		final String defines = "-DPAD=" + padding.ordinal() + " -DKX=" + rowLength + " -DKY=" + columnLength +
			" -DPBX=" + padding.border(rowLength) + " -DPBY=" + padding.border(columnLength) + " -DBR=" + ROLLING_ROWS +
			" -DSEP_ROLL";
		try (ClKernelCall call = ctx.kernel(FILE, defines, "separable_rolling")) {
			call.arg(in).arg(band.width).arg(band.height).arg(band.inStart).arg(band.inRows).arg(out).arg(band.outWidth)
				.arg(band.outStart).arg(band.outRows).arg(rowWeights).arg(columnWeights).run(new long[] { ((long) band.outWidth +
					15) / 16, ((long) band.outRows + ROLLING_ROWS - 1) / ROLLING_ROWS }, null);
		}
	}

	/** Enqueues a small separable kernel in one pass, recomputing the X pass per output (stride 1 only). */
	static void separableDirect(final ClContext ctx, final Band band, final ClBuffer in, final ClBuffer out,
		final ClBuffer rowWeights, final int rowLength, final ClBuffer columnWeights, final int columnLength,
		final Padding padding)
	{
		final String defines = "-DPAD=" + padding.ordinal() + " -DKX=" + rowLength + " -DKY=" + columnLength +
			" -DPBX=" + padding.border(rowLength) + " -DPBY=" + padding.border(columnLength) + " -DSEP_DIRECT";
		try (ClKernelCall call = ctx.kernel(FILE, defines, "separable_direct")) {
			call.arg(in).arg(band.width).arg(band.height).arg(band.inStart).arg(band.inRows).arg(out).arg(band.outWidth)
				.arg(band.outStart).arg(band.outRows).arg(rowWeights).arg(columnWeights).run(new long[] { ((long) band.outWidth +
					VX - 1) / VX, band.outRows }, null);
		}
	}

	/** Enqueues a copy of {@code n} floats. */
	static void copy(final ClContext ctx, final ClBuffer in, final ClBuffer out, final int n) {
		try (ClKernelCall call = ctx.kernel(FILE, "", "copy")) {
			call.arg(in).arg(out).arg(n).run(new long[] { n }, null);
		}
	}
}
