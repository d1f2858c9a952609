package org.convnetij.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.convnetij.image.Planes;
import org.convnetij.util.UserInputException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The filters on one engine, on any real-valued ImgLib2 image (8-, 16-, 32-bit; RGB as three channel planes).
 * 2D filters work on each plane (every channel, Z slice, time point) alone; 3D filters take axis 2 as Z and the
 * conv layer takes axis 2 as channels, further axes being independent stacks. Results are float images.
 * {@link Filters} offers the same methods on the default engine.
 */
public final class ImageFilters {

	private final FilterEngine engine;

	public ImageFilters(final FilterEngine engine) {
		this.engine = engine;
	}

	public FilterEngine engine() {
		return engine;
	}

	/** Correlation with a kernel; rank-1 kernels (box, Sobel, Gaussian) run as two 1D passes. */
	public <T extends RealType<T>> Img<FloatType> convolve(final RandomAccessibleInterval<T> image, final Kernel kernel,
		final Padding padding, final int stride)
	{
		if (kernel == null) throw new UserInputException("no kernel given");
		checkPadding(padding);
		final Separable s = Separable.of(kernel);
		final long[] dims = Planes.checkedDimensions(image);
		final int w = (int) dims[0], h = (int) dims[1];
		final int outW = OutputSize.of(w, kernel.width(), padding, stride, "kernel");
		final int outH = OutputSize.of(h, kernel.height(), padding, stride, "kernel");
		return perPlane(image, outW, outH, p -> s != null ? engine.correlateSeparable(p, w, h, s.row(), s.column(),
			padding, stride) : engine.correlate(p, w, h, kernel, padding, stride));
	}

	/** The mean over a (2r+1) x (2r+1) square; radius 0 gives the image itself. */
	public <T extends RealType<T>> Img<FloatType> mean(final RandomAccessibleInterval<T> image, final int radius,
		final Padding padding, final int stride)
	{
		return convolve(image, Kernel.box(radius), padding, stride);
	}

	/** Gaussian blur with ImageJ's kernel (see {@link Separable#gaussian}); clamp padding matches ImageJ. */
	public <T extends RealType<T>> Img<FloatType> gaussianBlur(final RandomAccessibleInterval<T> image,
		final double sigma, final Padding padding, final int stride)
	{
		checkSigma(sigma, "sigma");
		checkPadding(padding);
		final long[] dims = Planes.checkedDimensions(image);
		final int w = (int) dims[0], h = (int) dims[1];
		final float[] kx = Separable.gaussian(sigma, Separable.GAUSSIAN_ACCURACY, w);
		final float[] ky = Separable.gaussian(sigma, Separable.GAUSSIAN_ACCURACY, h);
		final int outW = OutputSize.of(w, kx.length, padding, stride, "kernel");
		final int outH = OutputSize.of(h, ky.length, padding, stride, "kernel");
		return perPlane(image, outW, outH, p -> engine.correlateSeparable(p, w, h, kx, ky, padding, stride));
	}

	/** 3D Gaussian blur of z-stacks (axis 2): {@code sigma} in X and Y, then {@code sigmaz} along Z. */
	public <T extends RealType<T>> Img<FloatType> gaussianBlur3d(final RandomAccessibleInterval<T> image,
		final double sigma, final double sigmaz, final Padding padding)
	{
		checkSigma(sigmaz, "sigmaz");
		if (padding == Padding.NONE) {
			throw new UserInputException("3D Gaussian blur needs padding zero, mirror or clamp, not none");
		}
		final Img<FloatType> blurred = gaussianBlur(image, sigma, padding, 1);
		final int depth = zDepth(image, "sigmaz");
		final float[] kz = Separable.gaussian(sigmaz, Separable.GAUSSIAN_ACCURACY, depth);
		return convolve3d(blurred, Kernel3D.alongZ(kz), padding);
	}

	/** Sobel gradient along X, Y, or its magnitude sqrt(gx^2 + gy^2). */
	public <T extends RealType<T>> Img<FloatType> sobel(final RandomAccessibleInterval<T> image,
		final SobelDirection direction, final Padding padding, final int stride)
	{
		if (direction == SobelDirection.X) return convolve(image, Separable.SOBEL_X, padding, stride);
		if (direction == SobelDirection.Y) return convolve(image, Separable.SOBEL_Y, padding, stride);
		checkPadding(padding);
		final long[] dims = Planes.checkedDimensions(image);
		final int w = (int) dims[0], h = (int) dims[1];
		final int outW = OutputSize.of(w, 3, padding, stride, "kernel");
		final int outH = OutputSize.of(h, 3, padding, stride, "kernel");
		return perPlane(image, outW, outH, p -> engine.sobelMagnitude(p, w, h, padding, stride));
	}

	/** The 4-neighbour Laplacian (0 1 0; 1 -4 1; 0 1 0). */
	public <T extends RealType<T>> Img<FloatType> laplacian(final RandomAccessibleInterval<T> image,
		final Padding padding, final int stride)
	{
		return convolve(image, LAPLACIAN, padding, stride);
	}

	public static final Kernel LAPLACIAN = Kernel.parse("0 1 0; 1 -4 1; 0 1 0");

	/**
	 * ImageJ's Unsharp Mask: (image - weight * blurred) / (1 - weight), blurred with a Gaussian of {@code sigma}
	 * (accuracy 0.01, as ImageJ); weight in [0, 1).
	 */
	public <T extends RealType<T>> Img<FloatType> unsharpMask(final RandomAccessibleInterval<T> image,
		final double sigma, final double weight, final Padding padding)
	{
		checkSigma(sigma, "sigma");
		if (!(weight >= 0 && weight < 1)) {
			throw new UserInputException("weight must be at least 0 and less than 1, not " + weight);
		}
		if (padding == Padding.NONE) throw new UserInputException("unsharp mask needs padding zero, mirror or clamp");
		checkPadding(padding);
		final long[] dims = Planes.checkedDimensions(image);
		final int w = (int) dims[0], h = (int) dims[1];
		final float[] kx = Separable.gaussian(sigma, Separable.UNSHARP_ACCURACY, w);
		final float[] ky = Separable.gaussian(sigma, Separable.UNSHARP_ACCURACY, h);
		final float fw = (float) weight;
		return perPlane(image, w, h, p -> {
			final float[] blurred = engine.correlateSeparable(p, w, h, kx, ky, padding, 1);
			for (int i = 0; i < p.length; i++) blurred[i] = (p[i] - fw * blurred[i]) / (1f - fw);
			return blurred;
		});
	}

	/** Minimum, maximum or median over ImageJ's circular window of radius r; radius 0 gives the image. */
	public <T extends RealType<T>> Img<FloatType> rank(final RandomAccessibleInterval<T> image, final Rank rank,
		final int radius, final Padding padding)
	{
		if (radius < 0) throw new UserInputException("radius must be 0 or more, not " + radius);
		checkPadding(padding);
		final long[] dims = Planes.checkedDimensions(image);
		final int w = (int) dims[0], h = (int) dims[1];
		final int outW = OutputSize.of(w, 2 * radius + 1, padding, 1, "window");
		final int outH = OutputSize.of(h, 2 * radius + 1, padding, 1, "window");
		if (radius == 0) return perPlane(image, w, h, float[]::clone); // the input may be the image's own pixels
		return perPlane(image, outW, outH, p -> engine.rank(p, w, h, rank, radius, padding));
	}

	/** Max or average pooling of F x F windows, S apart: output (W - F) / S + 1 per axis. */
	public <T extends RealType<T>> Img<FloatType> pool(final RandomAccessibleInterval<T> image, final Pooling pooling,
		final int size, final int stride)
	{
		if (size < 1) throw new UserInputException("pool size must be 1 or more, not " + size);
		final long[] dims = Planes.checkedDimensions(image);
		final int w = (int) dims[0], h = (int) dims[1];
		final int outW = OutputSize.of(w, size, Padding.NONE, stride, "pool");
		final int outH = OutputSize.of(h, size, Padding.NONE, stride, "pool");
		return perPlane(image, outW, outH, p -> engine.pool(p, w, h, pooling, size, stride));
	}

	/** 3D correlation of z-stacks (axis 2 is Z). */
	public <T extends RealType<T>> Img<FloatType> convolve3d(final RandomAccessibleInterval<T> image,
		final Kernel3D kernel, final Padding padding)
	{
		if (kernel == null) throw new UserInputException("no kernel given");
		checkPadding(padding);
		final long[] dims = Planes.checkedDimensions(image);
		final int w = (int) dims[0], h = (int) dims[1], d = zDepth(image, "a 3D kernel");
		final long[] outDims = dims.clone();
		outDims[0] = OutputSize.of(w, kernel.width(), padding, 1, "kernel");
		outDims[1] = OutputSize.of(h, kernel.height(), padding, 1, "kernel");
		outDims[2] = OutputSize.of(d, kernel.depth(), padding, 1, "kernel (slices)");
		return perVolume(image, d, (int) outDims[2], outDims, v -> engine.correlate3d(v, w, h, d, kernel, padding));
	}

	/**
	 * A convolution layer over a W x H x D volume (axis 2 holds the D channels): N kernels of F x F x D plus bias,
	 * optional ReLU; output W2 x H2 x N.
	 */
	public <T extends RealType<T>> Img<FloatType> convLayer(final RandomAccessibleInterval<T> image,
		final FilterBank bank, final Padding padding, final int stride, final boolean relu)
	{
		if (bank == null) throw new UserInputException("no kernels given");
		checkPadding(padding);
		final long[] dims = Planes.checkedDimensions(image);
		final int w = (int) dims[0], h = (int) dims[1];
		final int d = dims.length > 2 ? (int) dims[2] : 1;
		if (bank.depth() != d) {
			throw new UserInputException("the kernels are " + bank.size() + " x " + bank.size() + " x " + bank.depth() +
				" but the image has " + d + " channels: kernel depth " + bank.depth() + " must equal the channel count " +
				d + " (give " + d + " slices per kernel, separated by '/')");
		}
		final long[] outDims = dims.length > 2 ? dims.clone() : new long[] { w, h, 1 };
		outDims[0] = OutputSize.of(w, bank.size(), padding, stride, "kernel");
		outDims[1] = OutputSize.of(h, bank.size(), padding, stride, "kernel");
		outDims[2] = bank.count();
		return perVolume(image, d, bank.count(), outDims, v -> engine.convLayer(v, w, h, d, bank, padding, stride,
			relu));
	}

	/**
	 * The normalised cross-correlation map of a template (a single plane) over every plane of the image: values in
	 * [-1, 1] for each position where the template fits, (W - tw + 1) x (H - th + 1), the template's top-left corner
	 * at the pixel.
	 */
	public <T extends RealType<T>, U extends RealType<U>> Img<FloatType> matchTemplate(
		final RandomAccessibleInterval<T> image, final RandomAccessibleInterval<U> template)
	{
		final long[] dims = Planes.checkedDimensions(image);
		if (template == null) throw new UserInputException("no template image given");
		final long[] td = Planes.checkedDimensions(template);
		if (Planes.count(template) != 1) {
			throw new UserInputException("the template must be a single 2D plane, not " + Planes.count(template) +
				" planes");
		}
		final int w = (int) dims[0], h = (int) dims[1], tw = (int) td[0], th = (int) td[1];
		if (tw > w || th > h) {
			throw new UserInputException("the template (" + tw + " x " + th + ") is larger than the image (" + w + " x " +
				h + "): use a smaller template or a larger image");
		}
		final float[] t = Planes.toFloats(template, 0);
		return perPlane(image, w - tw + 1, h - th + 1, p -> engine.matchTemplate(p, w, h, t, tw, th));
	}

	// ---- helpers ----

	private static void checkSigma(final double sigma, final String key) {
		if (!(sigma > 0) || Double.isInfinite(sigma)) {
			throw new UserInputException(key + " must be more than 0, not " + sigma);
		}
	}

	private static void checkPadding(final Padding padding) {
		if (padding == null) throw new UserInputException("no padding given");
	}

	private static int zDepth(final RandomAccessibleInterval<?> image, final String what) {
		if (image.numDimensions() < 3 || image.dimension(2) < 2) {
			throw new UserInputException(what + " needs a z-stack (an image with more than one slice on axis 2)");
		}
		return (int) image.dimension(2);
	}

	/** Applies a filter to each plane; {@code filter} must not write into its argument nor return it. */
	private <T extends RealType<T>> Img<FloatType> perPlane(final RandomAccessibleInterval<T> image, final int outW,
		final int outH, final UnaryOperator<float[]> filter)
	{
		final long[] outDims = image.dimensionsAsLongArray();
		outDims[0] = outW;
		outDims[1] = outH;
		final int n = Planes.count(image);
		final List<float[]> out = new ArrayList<>(n);
		// the filters only read the plane: float images are read in place, without a copy
		for (int p = 0; p < n; p++) out.add(filter.apply(Planes.readOnlyFloats(image, p)));
		return Planes.wrap(out, outDims);
	}

	/** Applies a filter to each stack of {@code depth} planes, giving {@code outDepth} planes each. */
	private <T extends RealType<T>> Img<FloatType> perVolume(final RandomAccessibleInterval<T> image, final int depth,
		final int outDepth, final long[] outDims, final UnaryOperator<float[]> filter)
	{
		final int w = (int) image.dimension(0), h = (int) image.dimension(1);
		final int plane = w * h, outPlane = (int) (outDims[0] * outDims[1]);
		final int volumes = Planes.count(image) / depth;
		final List<float[]> out = new ArrayList<>();
		for (int v = 0; v < volumes; v++) {
			final float[] volume = new float[plane * depth];
			for (int z = 0; z < depth; z++) System.arraycopy(Planes.readOnlyFloats(image, v * depth + z), 0, volume, z * plane,
				plane);
			final float[] result = filter.apply(volume);
			for (int z = 0; z < outDepth; z++) {
				final float[] p = new float[outPlane];
				System.arraycopy(result, z * outPlane, p, 0, outPlane);
				out.add(p);
			}
		}
		return Planes.wrap(out, outDims);
	}
}
