package org.convnetij.opencl;

import org.convnetij.filter.Kernel;
import org.convnetij.filter.OutputSize;
import org.convnetij.filter.Padding;
import org.convnetij.filter.Pooling;
import org.convnetij.filter.Rank;
import org.convnetij.filter.Separable;

/**
 * A plane kept on the device, for chains of filters without copies to the host between steps. Each step returns a
 * new image that the caller closes; {@link #download()} copies the pixels back.
 *
 * <pre>
 * try (DeviceImage in = engine.upload(pixels, w, h);
 *      DeviceImage blurred = in.gaussian(2, Padding.CLAMP);
 *      DeviceImage edges = blurred.sobelMagnitude(Padding.CLAMP)) {
 *   float[] result = edges.download();
 * }
 * </pre>
 *
 * The whole plane must fit on the device (no bands here); the results equal those of the engine's methods.
 */
public final class DeviceImage implements AutoCloseable {

	private final OpenClFilterEngine engine;
	private final ClBuffer buffer;
	private final int width, height;

	DeviceImage(final OpenClFilterEngine engine, final ClBuffer buffer, final int width, final int height) {
		this.engine = engine;
		this.buffer = buffer;
		this.width = width;
		this.height = height;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** Copies the pixels to the host (waits for the steps before). */
	public float[] download() {
		return engine.context().download(buffer);
	}

	/** Waits until every step enqueued so far has run (for timing). */
	public void finish() {
		engine.context().finish();
	}

	/** A copy on the device. */
	public DeviceImage copy() {
		final ClBuffer out = engine.context().buffer((long) width * height);
		CorrelateKernels.copy(engine.context(), buffer, out, width * height);
		return new DeviceImage(engine, out, width, height);
	}

	/** Correlation with a kernel; rank-1 kernels run as two 1D passes, as {@code Filters.convolve} does. */
	public DeviceImage correlate(final Kernel kernel, final Padding padding, final int stride) {
		final Separable s = Separable.of(kernel);
		if (s != null) return separable(s.row(), s.column(), padding, stride);
		final int outW = OutputSize.of(width, kernel.width(), padding, stride, "kernel");
		final int outH = OutputSize.of(height, kernel.height(), padding, stride, "kernel");
		final ClContext ctx = engine.context();
		final ClBuffer out = ctx.buffer((long) outW * outH);
		try (ClBuffer weights = ctx.weights(kernel.values())) {
			CorrelateKernels.correlate(ctx, engine.usesLocalMemory(kernel, stride) ? CorrelateKernels.Variant.LOCAL
				: CorrelateKernels.Variant.GLOBAL, Band.whole(width, height, outW, outH), buffer, out, weights, kernel,
				padding, stride);
		}
		catch (final RuntimeException e) {
			out.close();
			throw e;
		}
		return new DeviceImage(engine, out, outW, outH);
	}

	/** Correlation with the rank-1 kernel column x row, as two passes. */
	public DeviceImage separable(final float[] row, final float[] column, final Padding padding, final int stride) {
		final int outW = OutputSize.of(width, row.length, padding, stride, "kernel");
		final int outH = OutputSize.of(height, column.length, padding, stride, "kernel");
		final ClContext ctx = engine.context();
		final ClBuffer out = ctx.buffer((long) outW * outH);
		try (ClBuffer r = ctx.weights(row); ClBuffer c = ctx.weights(column)) {
			engine.separable(Band.whole(width, height, outW, outH), buffer, out, r, row.length, c, column.length, padding,
				stride);
		}
		catch (final RuntimeException e) {
			out.close();
			throw e;
		}
		return new DeviceImage(engine, out, outW, outH);
	}

	/** Gaussian blur with ImageJ's kernel (accuracy 0.0002), as {@code Filters.gaussianBlur}. */
	public DeviceImage gaussian(final double sigma, final Padding padding) {
		final float[] kx = Separable.gaussian(sigma, Separable.GAUSSIAN_ACCURACY, width);
		final float[] ky = Separable.gaussian(sigma, Separable.GAUSSIAN_ACCURACY, height);
		return separable(kx, ky, padding, 1);
	}

	/** Minimum, maximum or median over the circular window of radius r. */
	public DeviceImage rank(final Rank rank, final int radius, final Padding padding) {
		final int window = 2 * radius + 1;
		final int outW = OutputSize.of(width, window, padding, 1, "window");
		final int outH = OutputSize.of(height, window, padding, 1, "window");
		final ClBuffer out = engine.context().buffer((long) outW * outH);
		try {
			WindowKernels.rank(engine.context(), Band.whole(width, height, outW, outH), buffer, out, rank, radius,
				padding);
		}
		catch (final RuntimeException e) {
			out.close();
			throw e;
		}
		return new DeviceImage(engine, out, outW, outH);
	}

	/** Max or average pooling. */
	public DeviceImage pool(final Pooling pooling, final int size, final int stride) {
		final int outW = OutputSize.of(width, size, Padding.NONE, stride, "pool");
		final int outH = OutputSize.of(height, size, Padding.NONE, stride, "pool");
		final ClBuffer out = engine.context().buffer((long) outW * outH);
		try {
			WindowKernels.pool(engine.context(), Band.whole(width, height, outW, outH), buffer, out, pooling, size,
				stride);
		}
		catch (final RuntimeException e) {
			out.close();
			throw e;
		}
		return new DeviceImage(engine, out, outW, outH);
	}

	/** The Sobel gradient magnitude, sqrt(gx^2 + gy^2). */
	public DeviceImage sobelMagnitude(final Padding padding) {
		try (DeviceImage gx = correlate(Separable.SOBEL_X, padding, 1); DeviceImage gy = correlate(Separable.SOBEL_Y,
			padding, 1))
		{
			return pointwise(out -> VolumeKernels.magnitude(engine.context(), gx.buffer, gy.buffer, out, gx.width *
				gx.height), gx.width, gx.height);
		}
	}

	/** (this - weight * blurred) / (1 - weight) with a Gaussian of {@code sigma} (ImageJ's accuracy 0.01). */
	public DeviceImage unsharpMask(final double sigma, final float weight, final Padding padding) {
		final float[] kx = Separable.gaussian(sigma, Separable.UNSHARP_ACCURACY, width);
		final float[] ky = Separable.gaussian(sigma, Separable.UNSHARP_ACCURACY, height);
		try (DeviceImage blurred = separable(kx, ky, padding, 1)) {
			return pointwise(out -> VolumeKernels.unsharp(engine.context(), buffer, blurred.buffer, out, weight, width *
				height), width, height);
		}
	}

	/** A new image of w x h filled by {@code fill}; the buffer is released if filling fails. */
	private DeviceImage pointwise(final java.util.function.Consumer<ClBuffer> fill, final int w, final int h) {
		final ClBuffer out = engine.context().buffer((long) w * h);
		try {
			fill.accept(out);
		}
		catch (final RuntimeException e) {
			out.close();
			throw e;
		}
		return new DeviceImage(engine, out, w, h);
	}

	@Override
	public void close() {
		buffer.close();
	}
}
