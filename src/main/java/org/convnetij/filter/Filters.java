package org.convnetij.filter;

import java.util.ArrayList;
import java.util.List;

import org.convnetij.image.Planes;
import org.convnetij.util.UserInputException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The filters, on any real-valued ImgLib2 image of two or more axes: each 2D plane (every channel, Z slice and
 * time point) is filtered alone; the result is a float image with the same further axes.
 *
 * <pre>
 * Img&lt;FloatType&gt; edges = Filters.convolve(img, Kernel.parse("-1 0 1; -2 0 2; -1 0 1"), Padding.MIRROR, 1);
 * </pre>
 */
public final class Filters {

	private Filters() {}

	/** The engine the static methods use. */
	public static FilterEngine engine() {
		return JavaFilterEngine.INSTANCE;
	}

	/** Correlates every plane with {@code kernel} (see {@link FilterEngine#correlate}). */
	public static <T extends RealType<T>> Img<FloatType> convolve(final RandomAccessibleInterval<T> image,
		final Kernel kernel, final Padding padding, final int stride)
	{
		return convolve(engine(), image, kernel, padding, stride);
	}

	/** As {@link #convolve(RandomAccessibleInterval, Kernel, Padding, int)} on a chosen engine. */
	public static <T extends RealType<T>> Img<FloatType> convolve(final FilterEngine engine,
		final RandomAccessibleInterval<T> image, final Kernel kernel, final Padding padding, final int stride)
	{
		if (kernel == null) throw new UserInputException("no kernel given");
		if (padding == null) throw new UserInputException("no padding given");
		final long[] dims = Planes.checkedDimensions(image);
		final int w = (int) dims[0], h = (int) dims[1];
		final long[] outDims = dims.clone();
		outDims[0] = OutputSize.of(w, kernel.width(), padding, stride, "kernel");
		outDims[1] = OutputSize.of(h, kernel.height(), padding, stride, "kernel");
		final int n = Planes.count(image);
		final List<float[]> out = new ArrayList<>(n);
		for (int p = 0; p < n; p++) {
			out.add(engine.correlate(Planes.toFloats(image, p), w, h, kernel, padding, stride));
		}
		return Planes.wrap(out, outDims);
	}

	/** The mean over a (2r+1) x (2r+1) window; radius 0 gives the image itself (as float). */
	public static <T extends RealType<T>> Img<FloatType> mean(final RandomAccessibleInterval<T> image,
		final int radius, final Padding padding, final int stride)
	{
		return convolve(image, Kernel.box(radius), padding, stride);
	}
}
