package org.convnetij.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

import org.convnetij.filter.FilterEngine;
import org.convnetij.filter.JavaFilterEngine;
import org.convnetij.filter.Kernel;
import org.convnetij.filter.Padding;
import org.convnetij.filter.Rank;
import org.convnetij.filter.Separable;
import org.convnetij.opencl.DeviceImage;
import org.convnetij.opencl.OpenCl;
import org.convnetij.opencl.OpenClFilterEngine;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.filter.Convolver;
import ij.plugin.filter.GaussianBlur;
import ij.plugin.filter.RankFilters;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * Times the filters on one 2048 x 2048 float image in one run: the OpenCL path (kernel only, with the image already
 * on the device, and end to end with both transfers), the Java path and ImageJ 1 (Convolver, GaussianBlur,
 * RankFilters, ImageProcessor.smooth), and a plain copy through OpenCL; prints medians and ratios as Markdown.
 * All use clamp (edge pixel) padding, as ImageJ does.
 *
 * <pre>java -cp target/classes:... org.convnetij.cli.FilterBenchmark [repeats] [image]</pre>
 */
public final class FilterBenchmark {

	static final int SIZE = 2048;

	private FilterBenchmark() {}

	public static void main(final String[] args) throws IOException {
		final int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
		only = args.length > 2 ? args[2] : "";
		final FloatProcessor image = image(args.length > 1 ? Paths.get(args[1]) : Paths.get(
			"../shared/data/microscopy/cell.png"));
		final float[] pixels = (float[]) image.getPixels();
		final OpenClFilterEngine cl = OpenCl.engine().map(e -> e.withJavaFallback(false)).orElse(null);
		final FilterEngine java = JavaFilterEngine.INSTANCE;
		final int w = SIZE, h = SIZE;
		final Padding clamp = Padding.CLAMP;

		final Kernel box = Kernel.box(1);
		final Kernel arbitrary = randomKernel(15, 42);
		final float[] gauss = Separable.gaussian(2, Separable.GAUSSIAN_ACCURACY, SIZE);
		final Separable boxFactors = Separable.of(box);

		System.out.println("## Filter benchmark, " + w + " x " + h + " float, median of " + repeats + " runs (ms)\n");
		System.out.println(machine(cl));
		System.out.println();
		System.out.println("| filter | OpenCL kernel only | OpenCL end to end | Java path | ImageJ 1 | ImageJ 1 / " +
			"OpenCL e2e | Java / OpenCL e2e |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|");

		double copyEndToEnd = Double.NaN;
		if (cl != null && !select("copy through OpenCL").isEmpty()) {
			final double kernelOnly = deviceTime(cl, pixels, w, h, repeats, d -> d.copy());
			copyEndToEnd = time(repeats, () -> {
				try (DeviceImage d = cl.upload(pixels, w, h); DeviceImage c = d.copy()) {
					return c.download();
				}
			});
			row("copy through OpenCL (upload, copy kernel, download)", kernelOnly, copyEndToEnd, Double.NaN, Double.NaN);
		}
		row(select("3x3 mean"), cl == null ? Double.NaN : deviceTime(cl, pixels, w, h, repeats, d -> d.correlate(box, clamp,
			1)), cl == null ? Double.NaN : time(repeats, () -> cl.correlateSeparable(pixels, w, h, boxFactors.row(),
				boxFactors.column(), clamp, 1)), time(repeats, () -> java.correlateSeparable(pixels, w, h, boxFactors.row(),
					boxFactors.column(), clamp, 1)), imagej(image, repeats, ImageProcessor::smooth));
		row(select("15x15 arbitrary kernel"), cl == null ? Double.NaN : deviceTime(cl, pixels, w, h, repeats, d -> d.correlate(
			arbitrary, clamp, 1)), cl == null ? Double.NaN : time(repeats, () -> cl.correlate(pixels, w, h, arbitrary,
				clamp, 1)), time(repeats, () -> java.correlate(pixels, w, h, arbitrary, clamp, 1)), imagej(image, repeats,
					ip -> {
						final Convolver c = new Convolver();
						c.setNormalize(false);
						c.convolve(ip, arbitrary.values(), 15, 15);
					}));
		row(select("Gaussian sigma 2"), cl == null ? Double.NaN : deviceTime(cl, pixels, w, h, repeats, d -> d.gaussian(2,
			clamp)), cl == null ? Double.NaN : time(repeats, () -> cl.correlateSeparable(pixels, w, h, gauss, gauss, clamp,
				1)), time(repeats, () -> java.correlateSeparable(pixels, w, h, gauss, gauss, clamp, 1)), imagej(image,
					repeats, ip -> new GaussianBlur().blurGaussian(ip, 2, 2, Separable.GAUSSIAN_ACCURACY)));
		row(select("median radius 2"), cl == null ? Double.NaN : deviceTime(cl, pixels, w, h, repeats, d -> d.rank(Rank.MEDIAN,
			2, clamp)), cl == null ? Double.NaN : time(repeats, () -> cl.rank(pixels, w, h, Rank.MEDIAN, 2, clamp)), time(
				repeats, () -> java.rank(pixels, w, h, Rank.MEDIAN, 2, clamp)), imagej(image, repeats, ip -> new RankFilters()
					.rank(ip, 2, RankFilters.MEDIAN)));
		if (cl != null) {
			System.out.printf(Locale.ROOT, "%n3x3 mean end to end / copy end to end: %.2f%n", lastEndToEnd / copyEndToEnd);
		}
		System.exit(0); // ImageJ's filters leave worker threads behind
	}

	private static double lastEndToEnd;
	/** A part of a filter name: only those rows run (for tuning one kernel). */
	private static String only = "";

	private static boolean skip;

	/** Whether the next row runs; call before measuring it. */
	private static String select(final String name) {
		skip = !name.toLowerCase(Locale.ROOT).contains(only.toLowerCase(Locale.ROOT));
		return name;
	}

	private static void row(final String name, final double kernelOnly, final double endToEnd, final double java,
		final double imagej)
	{
		if (skip) return;
		lastEndToEnd = name.startsWith("3x3") ? endToEnd : lastEndToEnd;
		System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", name, ms(kernelOnly), ms(endToEnd), ms(
			java), ms(imagej), ratio(imagej, endToEnd), ratio(java, endToEnd));
	}

	private static String ms(final double v) {
		return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
	}

	private static String ratio(final double a, final double b) {
		return Double.isNaN(a) || Double.isNaN(b) ? "-" : String.format(Locale.ROOT, "%.1fx", a / b);
	}

	interface DeviceStep {
		DeviceImage apply(DeviceImage in);
	}

	/** The median time of a filter on an image already on the device, waiting for the kernels to end. */
	static double deviceTime(final OpenClFilterEngine cl, final float[] pixels, final int w, final int h,
		final int repeats, final DeviceStep step)
	{
		if (skip) return Double.NaN;
		try (DeviceImage in = cl.upload(pixels, w, h)) {
			in.finish();
			return time(repeats, () -> {
				try (DeviceImage out = step.apply(in)) {
					out.finish();
					return null;
				}
			});
		}
	}

	interface ProcessorStep {
		void apply(ImageProcessor ip);
	}

	/** ImageJ 1 filters work in place: each run gets a fresh copy, made before its clock starts. */
	static double imagej(final FloatProcessor image, final int repeats, final ProcessorStep step) {
		if (skip) return Double.NaN;
		final List<Double> times = new ArrayList<>();
		for (int i = 0; i < repeats + 1; i++) {
			final ImageProcessor ip = image.duplicate();
			final long t0 = System.nanoTime();
			step.apply(ip);
			if (i > 0) times.add((System.nanoTime() - t0) / 1e6); // the first run warms up
		}
		return median(times);
	}

	static double time(final int repeats, final Supplier<?> work) {
		if (skip) return Double.NaN;
		final List<Double> times = new ArrayList<>();
		for (int i = 0; i < repeats + 1; i++) {
			final long t0 = System.nanoTime();
			work.get();
			if (i > 0) times.add((System.nanoTime() - t0) / 1e6);
		}
		return median(times);
	}

	static double median(final List<Double> values) {
		final double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
	}

	/** The image scaled to 2048 x 2048 as float, or seeded noise when it cannot be read. */
	static FloatProcessor image(final Path path) {
		final ImagePlus imp = Files.exists(path) ? IJ.openImage(path.toString()) : null;
		if (imp != null) {
			final ImageProcessor ip = imp.getProcessor().convertToFloat();
			ip.setInterpolationMethod(ImageProcessor.BILINEAR);
			return (FloatProcessor) ip.resize(SIZE, SIZE);
		}
		final Random r = new Random(1);
		final float[] v = new float[SIZE * SIZE];
		for (int i = 0; i < v.length; i++) v[i] = r.nextFloat() * 255;
		return new FloatProcessor(SIZE, SIZE, v);
	}

	static Kernel randomKernel(final int size, final long seed) {
		final Random r = new Random(seed);
		final float[] v = new float[size * size];
		for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian() / size;
		return Kernel.of(size, size, v);
	}

	static String machine(final OpenClFilterEngine cl) {
		String cpu = System.getProperty("os.arch");
		try {
			cpu = Files.readAllLines(Paths.get("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
				.map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
		}
		catch (final IOException | RuntimeException e) {
			// keep os.arch
		}
		return "Machine: " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores available to Java, " +
			System.getProperty("os.name") + ", Java " + System.getProperty("java.version") + ", ImageJ " + IJ
				.getVersion() + ".  \nOpenCL device: " + (cl == null ? OpenCl.notice() : cl.device().describe()) +
			"  \nImageJ 1 threads: " + ij.Prefs.getThreads() + "; Java path threads: " + Runtime.getRuntime()
				.availableProcessors() + " (common fork-join pool). Arrays: " + Arrays.toString(new int[] { SIZE, SIZE });
	}
}
