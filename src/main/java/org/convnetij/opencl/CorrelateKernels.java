package org.convnetij.opencl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

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

	/**
	 * System property: whether the local 2D correlation compiles the kernel's weights in: {@code true} always,
	 * {@code false} never; unset, on CPU devices from the second call with the same weights on.
	 */
	static final String COMPILED_WEIGHTS_PROPERTY = "convnet.opencl.compiledweights";

	/** Kernels of at most this many weights may be compiled in (one program per distinct kernel). */
	static final int MAX_COMPILED_WEIGHTS = 15 * 15;

	/** The weights (as their define) seen once, the most recent 64: their second call compiles them in. */
	private static final Set<String> SEEN = Collections.newSetFromMap(Collections.synchronizedMap(
		new LinkedHashMap<String, Boolean>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(final Map.Entry<String, Boolean> eldest) {
				return size() > 64;
			}
		}));

	/**
	 * The define that compiles a kernel's weights into the local 2D correlation as exact float literals, or ""
	 * where it does not apply (a Kernel's values are finite): strides above 1, kernels over 15 x 15, GPUs, or the first call
	 * with these weights (a program build takes 0.4 to 3 s with PoCL, so a kernel used once keeps the shared
	 * program). PoCL, 2048 x 2048, 15 x 15: 10 % less CPU time per call (docs/filters.md).
	 */
	static String compiledWeights(final ClDevice device, final Kernel k, final int stride) {
		final String on = System.getProperty(COMPILED_WEIGHTS_PROPERTY);
		if (on != null && !Boolean.parseBoolean(on) || on == null && device.isGpu()) return "";
		final float[] w = k.values();
		if (stride != 1 || w.length > MAX_COMPILED_WEIGHTS) return "";
		final StringBuilder s = new StringBuilder(" -DKWTS=");
		for (int i = 0; i < w.length; i++) s.append(i == 0 ? "" : ",").append(Float.toHexString(w[i])).append('f');
		final String define = s.toString();
		return on != null || !SEEN.add(define) ? define : "";
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

	/** The work-group shape (LX, LY) of the local variant on a device. */
	static int[] workGroup(final ClDevice device) {
		final int lx = 16;
		final int ly = (int) Math.max(1, Math.min(16, device.maxWorkGroupSize() / lx));
		return new int[] { lx, ly };
	}

	/** Bytes of local memory the local variant needs for this kernel and stride. */
	static long localBytes(final ClDevice device, final Kernel k, final int stride) {
		final int[] wg = workGroup(device);
		final long tw = (long) (wg[0] * vx(device, stride) - 1) * stride + k.width();
		final long th = (long) (wg[1] - 1) * stride + k.height();
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
			final int[] wg = workGroup(ctx.device());
			final int vx = vx(ctx.device(), stride);
			defines += " -DLX=" + wg[0] + " -DLY=" + wg[1] + " -DVX=" + vx + compiledWeights(ctx.device(), k, stride);
			global = new long[] { ((long) band.outWidth + vx - 1) / vx, band.outRows };
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
		try (ClKernelCall call = ctx.kernel(FILE, passDefines(length, padding, stride, vx), "row_pass")) {
			call.arg(in).arg(band.width).arg(band.inRows).arg(mid).arg(band.outWidth).arg(weights).run(new long[] {
				((long) band.outWidth + vx - 1) / vx, band.inRows }, null);
		}
	}

	/** Enqueues the Y pass from {@code mid} into {@code out}. */
	static void columnPass(final ClContext ctx, final Band band, final ClBuffer mid, final ClBuffer out,
		final ClBuffer weights, final int length, final Padding padding, final int stride)
	{
		final int vx = passVx(ctx.device());
		try (ClKernelCall call = ctx.kernel(FILE, passDefines(length, padding, stride, vx), "column_pass")) {
			call.arg(mid).arg(band.outWidth).arg(band.height).arg(band.inStart).arg(band.inRows).arg(out).arg(
				band.outStart).arg(band.outRows).arg(weights).run(new long[] { ((long) band.outWidth + vx - 1) / vx,
					band.outRows }, null);
		}
	}

	private static String passDefines(final int length, final Padding padding, final int stride, final int vx) {
		return "-DPAD=" + padding.ordinal() + " -DKS=" + length + " -DPB=" + padding.border(length) + " -DSTRIDE=" +
			stride + " -DVX=" + vx;
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
