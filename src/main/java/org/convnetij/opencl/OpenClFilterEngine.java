package org.convnetij.opencl;

import java.util.List;
import java.util.function.Supplier;

import org.convnetij.filter.FilterBank;
import org.convnetij.filter.FilterEngine;
import org.convnetij.filter.JavaFilterEngine;
import org.convnetij.filter.Kernel;
import org.convnetij.filter.Kernel3D;
import org.convnetij.filter.OutputSize;
import org.convnetij.filter.Padding;
import org.convnetij.filter.Pooling;
import org.convnetij.filter.Rank;
import org.convnetij.filter.Separable;
import org.jocl.CL;
import org.jocl.CLException;

/**
 * The filters as OpenCL kernels on one device. Planes larger than the device allows (or than
 * {@link #withTilePixels} says) run in bands of rows with halos and give the same result; when the device runs out
 * of memory, the bands are halved and the filter runs again. Kernels whose tile does not fit in local memory run
 * from global memory instead. With the Java fallback on (the default), a kernel that does not compile or a device
 * error prints one line and the filter runs in Java.
 */
public final class OpenClFilterEngine implements FilterEngine, AutoCloseable {

	/** System property: the most input pixels per band (default: what the device's memory allows). */
	public static final String TILE_PROPERTY = "convnet.opencl.tilepixels";

	private final ClContext context;
	private final boolean ownsContext;
	private final long tilePixels;
	private final long localLimit;
	private final boolean javaFallback;
	/** How separable kernels too long for the direct one-pass kernel run at stride 1. */
	public enum SeparableKernel {
		/** Two 1D passes through a buffer (any stride; the way for kernels too long for the others). */
		TWO_PASSES,
		/** One work-group kernel through local memory: GPUs' default (PoCL: 42 against 25 ms for two passes). */
		LOCAL,
		/** One kernel that rolls down bands of rows with the X pass in registers: CPU devices' default. */
		ROLLING;

		/** System property: {@code rolling}, {@code local} or {@code passes} instead of the device's default. */
		public static final String PROPERTY = "convnet.opencl.separable";

		static SeparableKernel defaultFor(final ClDevice device) {
			final String chosen = System.getProperty(PROPERTY, "").trim().toLowerCase(java.util.Locale.ROOT);
			if (chosen.equals("rolling")) return ROLLING;
			if (chosen.equals("local")) return LOCAL;
			if (chosen.equals("passes")) return TWO_PASSES;
			if (!chosen.isEmpty()) {
				System.err.println("-D" + PROPERTY + "=" + chosen + " is not rolling, local or passes; using the default");
			}
			return device.isGpu() ? LOCAL : ROLLING;
		}
	}

	private final SeparableKernel separableKernel;

	/** Separable kernels of at most this many taps (5 x 5) run in one pass that redoes the X pass for every output. */
	static final int DIRECT_SEPARABLE_TAPS = 25;

	/**
	 * Beside the rolling kernel (CPU devices) only up to 3 x 3 (PoCL, 2048 x 2048: 3 x 3 3.3 to 4.8 against 3.8 to 4.9
	 * ms rolling; 5 x 5 4.9 to 8.4 against 3.3 to 6.6 ms).
	 */
	static final int DIRECT_TAPS_BESIDE_ROLLING = 9;

	/** An engine that owns {@code context} (closing the engine closes it). */
	public OpenClFilterEngine(final ClContext context) {
		this(context, true, Long.getLong(TILE_PROPERTY, defaultTilePixels(context.device())), context.device()
			.localMemory(), true, SeparableKernel.defaultFor(context.device()));
	}

	private OpenClFilterEngine(final ClContext context, final boolean ownsContext, final long tilePixels,
		final long localLimit, final boolean javaFallback, final SeparableKernel separableKernel)
	{
		this.separableKernel = separableKernel;
		this.context = context;
		this.ownsContext = ownsContext;
		this.tilePixels = Math.max(1, tilePixels);
		this.localLimit = localLimit;
		this.javaFallback = javaFallback;
	}

	/** A quarter of the largest buffer, and at most an eighth of the device memory, in floats. */
	static long defaultTilePixels(final ClDevice d) {
		return Math.min(d.maxAllocation() / 4, d.globalMemory() / 8) / Float.BYTES;
	}

	/** The same device with bands of at most {@code pixels} input pixels (for very large images, or tests). */
	public OpenClFilterEngine withTilePixels(final long pixels) {
		return new OpenClFilterEngine(context, false, pixels, localLimit, javaFallback, separableKernel);
	}

	/** The same device using at most {@code bytes} of local memory per work-group (more: global-memory kernel). */
	public OpenClFilterEngine withLocalMemoryLimit(final long bytes) {
		return new OpenClFilterEngine(context, false, tilePixels, bytes, javaFallback, separableKernel);
	}

	/** The same device; without the fallback, build and device errors reach the caller. */
	public OpenClFilterEngine withJavaFallback(final boolean fallback) {
		return new OpenClFilterEngine(context, false, tilePixels, localLimit, fallback, separableKernel);
	}

	/** The same device, separable kernels run as {@code kind} where it applies (default: per device type). */
	public OpenClFilterEngine withSeparableKernel(final SeparableKernel kind) {
		return new OpenClFilterEngine(context, false, tilePixels, localLimit, javaFallback, kind);
	}

	public ClContext context() {
		return context;
	}

	public ClDevice device() {
		return context.device();
	}

	@Override
	public String name() {
		return "opencl: " + context.device().name();
	}

	/** Builds the shared kernels and copies a few numbers through the device; throws when that fails. */
	void selfTest() {
		final float[] values = { 1, 2, 3, 4.5f };
		try (ClBuffer in = context.upload(values); ClBuffer out = context.buffer(values.length)) {
			CorrelateKernels.copy(context, in, out, values.length);
			final float[] back = context.download(out);
			if (!java.util.Arrays.equals(values, back)) throw new IllegalStateException("copy test failed");
		}
	}

	/** Uploads a plane for a chain of filters on the device ({@link DeviceImage}). */
	public DeviceImage upload(final float[] plane, final int width, final int height) {
		return new DeviceImage(this, context.upload(plane, 0, width * height), width, height);
	}

	/** Whether a 2D kernel's tile fits the local-memory budget (else the global-memory kernel runs). */
	public boolean usesLocalMemory(final Kernel k, final int stride) {
		final long bytes = CorrelateKernels.localBytes(device(), k, stride);
		return bytes <= Math.min(localLimit, device().localMemory());
	}

	// ---- FilterEngine -------------------------------------------------------------------------------------------

	@Override
	public float[] correlate(final float[] plane, final int width, final int height, final Kernel kernel,
		final Padding padding, final int stride)
	{
		final int outW = OutputSize.of(width, kernel.width(), padding, stride, "kernel");
		final int outH = OutputSize.of(height, kernel.height(), padding, stride, "kernel");
		final CorrelateKernels.Variant variant = usesLocalMemory(kernel, stride) ? CorrelateKernels.Variant.LOCAL
			: CorrelateKernels.Variant.GLOBAL;
		return guarded(() -> {
			try (ClBuffer weights = context.weights(kernel.values())) {
				return banded(plane, width, height, outW, outH, kernel.height(), padding.border(kernel.height()), stride,
					(band, in, out) -> CorrelateKernels.correlate(context, variant, band, in, out, weights, kernel, padding,
						stride));
			}
		}, () -> JavaFilterEngine.INSTANCE.correlate(plane, width, height, kernel, padding, stride));
	}

	@Override
	public float[] correlateSeparable(final float[] plane, final int width, final int height, final float[] row,
		final float[] column, final Padding padding, final int stride)
	{
		final int outW = OutputSize.of(width, row.length, padding, stride, "kernel");
		final int outH = OutputSize.of(height, column.length, padding, stride, "kernel");
		return guarded(() -> {
			try (ClBuffer rowWeights = context.weights(row); ClBuffer columnWeights = context.weights(column)) {
				return banded(plane, width, height, outW, outH, column.length, padding.border(column.length), stride, (band,
					in, out) -> separable(band, in, out, rowWeights, row.length, columnWeights, column.length, padding,
						stride));
			}
		}, () -> JavaFilterEngine.INSTANCE.correlateSeparable(plane, width, height, row, column, padding, stride));
	}

	/** Both gradients and the magnitude on the device: one upload and one download. */
	@Override
	public float[] sobelMagnitude(final float[] plane, final int width, final int height, final Padding padding,
		final int stride)
	{
		final Separable x = Separable.of(Separable.SOBEL_X), y = Separable.of(Separable.SOBEL_Y);
		if (x == null || y == null) return FilterEngine.super.sobelMagnitude(plane, width, height, padding, stride);
		final int outW = OutputSize.of(width, 3, padding, stride, "kernel");
		final int outH = OutputSize.of(height, 3, padding, stride, "kernel");
		return guarded(() -> {
			try (ClBuffer xr = context.weights(x.row()); ClBuffer xc = context.weights(x.column()); ClBuffer yr =
				context.weights(y.row()); ClBuffer yc = context.weights(y.column()))
			{
				return banded(plane, width, height, outW, outH, 3, padding.border(3), stride, (band, in, out) -> {
					final int n = band.outRows * band.outWidth;
					try (ClBuffer gx = context.buffer(n); ClBuffer gy = context.buffer(n)) {
						separable(band, in, gx, xr, 3, xc, 3, padding, stride);
						separable(band, in, gy, yr, 3, yc, 3, padding, stride);
						VolumeKernels.magnitude(context, gx, gy, out, n);
					}
				});
			}
		}, () -> JavaFilterEngine.INSTANCE.sobelMagnitude(plane, width, height, padding, stride));
	}

	void separable(final Band band, final ClBuffer in, final ClBuffer out, final ClBuffer rowWeights,
		final int rowLength, final ClBuffer columnWeights, final int columnLength, final Padding padding,
		final int stride)
	{
		final boolean rolling = separableKernel == SeparableKernel.ROLLING;
		if (stride == 1 && rowLength * columnLength <= (rolling ? DIRECT_TAPS_BESIDE_ROLLING : DIRECT_SEPARABLE_TAPS)) {
			CorrelateKernels.separableDirect(context, band, in, out, rowWeights, rowLength, columnWeights, columnLength,
				padding);
			return;
		}
		if (rolling && CorrelateKernels.rolls(columnLength, stride)) {
			CorrelateKernels.separableRolling(context, band, in, out, rowWeights, rowLength, columnWeights, columnLength,
				padding);
			return;
		}
		if (stride == 1 && separableKernel == SeparableKernel.LOCAL && CorrelateKernels.separableLocalBytes(device(),
			rowLength, columnLength) <= Math.min(localLimit, device().localMemory()))
		{
			CorrelateKernels.separableLocal(context, band, in, out, rowWeights, rowLength, columnWeights, columnLength,
				padding);
			return;
		}
		try (ClBuffer mid = context.buffer((long) band.inRows * band.outWidth)) {
			CorrelateKernels.rowPass(context, band, in, mid, rowWeights, rowLength, padding, stride);
			CorrelateKernels.columnPass(context, band, mid, out, columnWeights, columnLength, padding, stride);
		}
	}

	@Override
	public float[] rank(final float[] plane, final int width, final int height, final Rank rank, final int radius,
		final Padding padding)
	{
		final int window = 2 * radius + 1;
		final int outW = OutputSize.of(width, window, padding, 1, "window");
		final int outH = OutputSize.of(height, window, padding, 1, "window");
		return guarded(() -> banded(plane, width, height, outW, outH, window, padding.border(window), 1, (band, in,
			out) -> WindowKernels.rank(context, band, in, out, rank, radius, padding)), () -> JavaFilterEngine.INSTANCE
				.rank(plane, width, height, rank, radius, padding));
	}

	@Override
	public float[] pool(final float[] plane, final int width, final int height, final Pooling pooling,
		final int size, final int stride)
	{
		final int outW = OutputSize.of(width, size, Padding.NONE, stride, "pool");
		final int outH = OutputSize.of(height, size, Padding.NONE, stride, "pool");
		return guarded(() -> banded(plane, width, height, outW, outH, size, 0, stride, (band, in, out) -> WindowKernels
			.pool(context, band, in, out, pooling, size, stride)), () -> JavaFilterEngine.INSTANCE.pool(plane, width,
				height, pooling, size, stride));
	}

	@Override
	public float[] matchTemplate(final float[] plane, final int width, final int height, final float[] template,
		final int tw, final int th)
	{
		final int outW = width - tw + 1, outH = height - th + 1;
		final float[] centred = JavaFilterEngine.centredTemplate(template);
		return guarded(() -> {
			try (ClBuffer t = context.upload(centred, 0, template.length)) {
				return banded(plane, width, height, outW, outH, th, 0, 1, (band, in, out) -> WindowKernels.matchTemplate(
					context, band, in, out, t, centred[template.length], tw, th));
			}
		}, () -> JavaFilterEngine.INSTANCE.matchTemplate(plane, width, height, template, tw, th));
	}

	@Override
	public float[] correlate3d(final float[] volume, final int width, final int height, final int depth,
		final Kernel3D kernel, final Padding padding)
	{
		final int outW = OutputSize.of(width, kernel.width(), padding, 1, "kernel");
		final int outH = OutputSize.of(height, kernel.height(), padding, 1, "kernel");
		final int outD = OutputSize.of(depth, kernel.depth(), padding, 1, "kernel");
		return guarded(() -> {
			try (ClBuffer weights = context.weights(kernel.values())) {
				// Slabs of slices: a "row" of the band is a whole plane here.
				return banded(volume, width * height, depth, outW * outH, outD, kernel.depth(), padding.border(kernel
					.depth()), 1, false, (slab, in, out) -> VolumeKernels.correlate3d(context, new Band(width, depth, outW,
						slab.inStart, slab.inRows, slab.outStart, slab.outRows), height, outH, in, out, weights, kernel,
						padding));
			}
		}, () -> JavaFilterEngine.INSTANCE.correlate3d(volume, width, height, depth, kernel, padding));
	}

	@Override
	public float[] convLayer(final float[] volume, final int width, final int height, final int depth,
		final FilterBank bank, final Padding padding, final int stride, final boolean relu)
	{
		return guarded(() -> LayerBands.run(this, volume, width, height, depth, bank, padding, stride, relu),
			() -> JavaFilterEngine.INSTANCE.convLayer(volume, width, height, depth, bank, padding, stride, relu));
	}

	// ---- bands, memory and fallback ------------------------------------------------------------------------------

	/** What one band computes: enqueue kernels reading {@code in} (the band's input rows) into {@code out}. */
	interface BandWork {
		void run(Band band, ClBuffer in, ClBuffer out);
	}

	/**
	 * Runs {@code work} band by band over a plane of {@code height} rows of {@code width} values; halves the bands
	 * and starts again when the device runs out of memory.
	 */
	float[] banded(final float[] plane, final int width, final int height, final int outW, final int outH,
		final int window, final int border, final int stride, final BandWork work)
	{
		return banded(plane, width, height, outW, outH, window, border, stride, true, work);
	}

	/**
	 * As above; with {@code keep}, a plane that runs in one band is taken from the context's {@link ResultCache}
	 * when the device holds it unchanged, and the input and the result are kept there for the next filter.
	 */
	float[] banded(final float[] plane, final int width, final int height, final int outW, final int outH,
		final int window, final int border, final int stride, final boolean keep, final BandWork work)
	{
		final ResultArrays.Pending pending = ResultArrays.make(outW * outH); // made while the input uploads
		final ResultCache cache = context.results();
		long budget = tilePixels;
		while (true) {
			final List<Band> bands = Band.plan(width, height, outW, outH, window, border, stride, budget / Math.max(1,
				width));
			try {
				if (keep && cache.enabled() && bands.size() == 1) {
					return whole(plane, width, outW, bands.get(0), cache, pending, work);
				}
				for (final Band band : bands) {
					try (ClBuffer in = context.upload(plane, band.inStart * width, band.inRows * width); ClBuffer out = context
						.buffer((long) band.outRows * outW))
					{
						work.run(band, in, out);
						context.download(out, pending.get(), band.outStart * outW, band.outRows * outW);
					}
				}
				return pending.get();
			}
			catch (final CLException e) {
				if (!isOutOfMemory(e) || bands.size() >= Math.max(1, outH)) throw e;
				budget = Math.max(1, Math.min(budget, (long) bands.get(0).inRows * width) / 2);
			}
		}
	}

	/** One band over the whole plane, its input from the cache where the device holds it unchanged. */
	private float[] whole(final float[] plane, final int width, final int outW, final Band band, final ResultCache cache,
		final ResultArrays.Pending pending, final BandWork work)
	{
		final boolean all = band.inStart == 0 && (long) band.inRows * width == plane.length;
		ClBuffer in = all ? cache.take(plane) : null;
		if (in != null) {
			boolean same = false;
			try {
				same = context.holds(in, plane);
			}
			finally {
				if (!same) { // edited since it was kept (or the check failed): upload again
					cache.stale();
					in.close();
				}
			}
			if (!same) in = null;
		}
		ClBuffer out = null;
		final float[] result;
		try {
			if (in == null) in = context.upload(plane, band.inStart * width, band.inRows * width);
			out = context.buffer((long) band.outRows * outW);
			work.run(band, in, out);
			result = pending.get();
			context.download(out, result, band.outStart * outW, band.outRows * outW);
		}
		catch (final RuntimeException | Error e) { // an OutOfMemoryError for the result array too
			if (in != null) in.close();
			if (out != null) out.close();
			throw e;
		}
		if (all) cache.put(plane, in);
		else in.close();
		cache.put(result, out);
		return result;
	}

	/** Gives back every device copy of recent planes that the cache keeps (they are kept only as a shortcut). */
	public void forgetResults() {
		context.results().clear();
	}

	/**
	 * Whether the device keeps copies of recent planes from now on (where its cache has room for any: see
	 * {@code -Dconvnet.opencl.cache}); for comparing the same chain of filters with and without them.
	 */
	public void keepResults(final boolean keep) {
		context.results().pause(!keep);
	}

	/** Planes kept on the device, their bytes, and how often a filter found its input there or not. */
	public long[] cacheStats() {
		return context.results().stats();
	}

	long tilePixels() {
		return tilePixels;
	}

	static boolean isOutOfMemory(final CLException e) {
		final int s = e.getStatus();
		return s == CL.CL_MEM_OBJECT_ALLOCATION_FAILURE || s == CL.CL_OUT_OF_RESOURCES || s == CL.CL_OUT_OF_HOST_MEMORY ||
			s == CL.CL_INVALID_BUFFER_SIZE;
	}

	private volatile boolean noticed;

	private float[] guarded(final Supplier<float[]> openCl, final Supplier<float[]> java) {
		if (!javaFallback) return openCl.get();
		try {
			return openCl.get();
		}
		catch (final ClBuildException | CLException e) {
			if (!noticed) {
				noticed = true;
				System.err.println("OpenCL failed on " + device().name() + ", computing in Java: " + firstLine(e
					.getMessage()));
			}
			return java.get();
		}
	}

	private static String firstLine(final String s) {
		if (s == null) return "";
		final int i = s.indexOf('\n');
		return i < 0 ? s : s.substring(0, i);
	}

	@Override
	public void close() {
		if (ownsContext) context.close();
	}
}
