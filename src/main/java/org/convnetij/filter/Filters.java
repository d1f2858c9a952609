package org.convnetij.filter;

import java.util.Locale;
import java.util.function.Consumer;

import org.convnetij.util.UserInputException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The filters on the default engine: OpenCL when a device works (probed once), else Java. The system property
 * {@value #ENGINE_PROPERTY} ({@code java} or {@code opencl}) forces one. Each method is documented on
 * {@link ImageFilters}, which runs the same filters on a chosen engine.
 *
 * <pre>
 * Img&lt;FloatType&gt; edges = Filters.convolve(img, Kernel.parse("-1 0 1; -2 0 2; -1 0 1"), Padding.MIRROR, 1);
 * Img&lt;FloatType&gt; smooth = Filters.gaussianBlur(img, 2.0, Padding.CLAMP, 1);
 * </pre>
 */
public final class Filters {

	public static final String ENGINE_PROPERTY = "convnet.engine";

	private Filters() {}

	private static volatile boolean noticeShown;

	/** Where the one-line notice goes when the filters fall back to Java (standard error unless set). */
	private static volatile Consumer<String> noticeListener = System.err::println;

	/** Sends the fallback notice elsewhere as well, e.g. to ImageJ's Log window. */
	public static void setNoticeListener(final Consumer<String> listener) {
		noticeListener = listener == null ? System.err::println : listener;
	}

	/** The engine the static methods use now (the OpenCL device may change with the OpenCL Device command). */
	public static FilterEngine engine() {
		final String forced = System.getProperty(ENGINE_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
		if (forced.equals("java")) return JavaFilterEngine.INSTANCE;
		if (!forced.isEmpty() && !forced.equals("opencl")) {
			throw new UserInputException("unknown engine '" + forced + "' in -D" + ENGINE_PROPERTY + ": use java or opencl");
		}
		FilterEngine openCl = null;
		String problem;
		String notice;
		final AcceleratedEngine accelerated = AcceleratedEngine.installed();
		try {
			openCl = accelerated == null ? null : accelerated.engine().orElse(null);
			problem = accelerated == null ? "no OpenCL engine is installed with the plugin" : accelerated.problem();
			notice = accelerated == null ? problem + "; filters run in Java" : accelerated.notice(problem);
		}
		catch (final LinkageError e) { // JOCL itself missing from the class path
			problem = "OpenCL not available: " + e;
			notice = problem + "; filters run in Java";
		}
		if (openCl != null) return openCl;
		// an explicit request is refused rather than downgraded (or, on an unsafe device, left to crash the JVM)
		if (forced.equals("opencl")) {
			throw new UserInputException("the OpenCL engine was asked for (-D" + ENGINE_PROPERTY + "=opencl, in the " +
				"launcher --engine opencl) but " + problem + "; or ask for the Java engine (-D" + ENGINE_PROPERTY +
				"=java, in the launcher --engine java)");
		}
		if (!noticeShown) {
			noticeShown = true;
			noticeListener.accept(notice);
		}
		return JavaFilterEngine.INSTANCE;
	}

	/**
	 * Gives back what the accelerated engine keeps on its device for these pixels (the image that holds them was
	 * closed). Cheap; makes no engine and never fails.
	 */
	public static void forget(final float[] plane) {
		try {
			final AcceleratedEngine accelerated = AcceleratedEngine.installed();
			if (accelerated != null) accelerated.forget(plane);
		}
		catch (final LinkageError e) {
			// no OpenCL library: nothing was kept
		}
	}

	/** As {@link #forget}, for every array that {@code open} rejects (their images were closed). */
	public static void keepOnly(final java.util.function.Predicate<float[]> open) {
		try {
			final AcceleratedEngine accelerated = AcceleratedEngine.installed();
			if (accelerated != null) accelerated.keepOnly(open);
		}
		catch (final LinkageError e) {
			// no OpenCL library: nothing was kept
		}
	}

	/** The filters on the default engine. */
	public static ImageFilters on() {
		return new ImageFilters(engine());
	}

	/** The filters on a chosen engine. */
	public static ImageFilters on(final FilterEngine engine) {
		return new ImageFilters(engine);
	}

	public static <T extends RealType<T>> Img<FloatType> convolve(final RandomAccessibleInterval<T> image,
		final Kernel kernel, final Padding padding, final int stride)
	{
		return on().convolve(image, kernel, padding, stride);
	}

	public static <T extends RealType<T>> Img<FloatType> mean(final RandomAccessibleInterval<T> image,
		final int radius, final Padding padding, final int stride)
	{
		return on().mean(image, radius, padding, stride);
	}

	public static <T extends RealType<T>> Img<FloatType> gaussianBlur(final RandomAccessibleInterval<T> image,
		final double sigma, final Padding padding, final int stride)
	{
		return on().gaussianBlur(image, sigma, padding, stride);
	}

	public static <T extends RealType<T>> Img<FloatType> gaussianBlur3d(final RandomAccessibleInterval<T> image,
		final double sigma, final double sigmaz, final Padding padding)
	{
		return on().gaussianBlur3d(image, sigma, sigmaz, padding);
	}

	public static <T extends RealType<T>> Img<FloatType> sobel(final RandomAccessibleInterval<T> image,
		final SobelDirection direction, final Padding padding, final int stride)
	{
		return on().sobel(image, direction, padding, stride);
	}

	public static <T extends RealType<T>> Img<FloatType> laplacian(final RandomAccessibleInterval<T> image,
		final Padding padding, final int stride)
	{
		return on().laplacian(image, padding, stride);
	}

	public static <T extends RealType<T>> Img<FloatType> unsharpMask(final RandomAccessibleInterval<T> image,
		final double sigma, final double weight, final Padding padding)
	{
		return on().unsharpMask(image, sigma, weight, padding);
	}

	public static <T extends RealType<T>> Img<FloatType> minimum(final RandomAccessibleInterval<T> image,
		final int radius, final Padding padding)
	{
		return on().rank(image, Rank.MINIMUM, radius, padding);
	}

	public static <T extends RealType<T>> Img<FloatType> maximum(final RandomAccessibleInterval<T> image,
		final int radius, final Padding padding)
	{
		return on().rank(image, Rank.MAXIMUM, radius, padding);
	}

	public static <T extends RealType<T>> Img<FloatType> median(final RandomAccessibleInterval<T> image,
		final int radius, final Padding padding)
	{
		return on().rank(image, Rank.MEDIAN, radius, padding);
	}

	public static <T extends RealType<T>> Img<FloatType> convolve3d(final RandomAccessibleInterval<T> image,
		final Kernel3D kernel, final Padding padding)
	{
		return on().convolve3d(image, kernel, padding);
	}

	public static <T extends RealType<T>, U extends RealType<U>> Img<FloatType> matchTemplate(
		final RandomAccessibleInterval<T> image, final RandomAccessibleInterval<U> template)
	{
		return on().matchTemplate(image, template);
	}

	public static <T extends RealType<T>> Img<FloatType> convLayer(final RandomAccessibleInterval<T> image,
		final FilterBank bank, final Padding padding, final int stride, final boolean relu)
	{
		return on().convLayer(image, bank, padding, stride, relu);
	}

	public static <T extends RealType<T>> Img<FloatType> maxPool(final RandomAccessibleInterval<T> image,
		final int size, final int stride)
	{
		return on().pool(image, Pooling.MAX, size, stride);
	}

	public static <T extends RealType<T>> Img<FloatType> averagePool(final RandomAccessibleInterval<T> image,
		final int size, final int stride)
	{
		return on().pool(image, Pooling.AVERAGE, size, stride);
	}
}
