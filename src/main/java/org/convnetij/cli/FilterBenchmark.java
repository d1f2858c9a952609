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
import org.convnetij.util.UserInputException;

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
		final Path source = args.length > 1 ? Paths.get(args[1]) : LauncherHome.sample("cell.png");
		final FloatProcessor image = image(source);
		final float[] pixels = (float[]) image.getPixels();
		final OpenClFilterEngine cl = OpenCl.engine().map(e -> e.withJavaFallback(false)).orElse(null);
		final FilterEngine java = JavaFilterEngine.INSTANCE;
		final int w = SIZE, h = SIZE;
		final Padding clamp = Padding.CLAMP;

		final Kernel box = Kernel.box(1);
		final Kernel arbitrary = randomKernel(15, 42);
		final float[] gauss = Separable.gaussian(2, Separable.GAUSSIAN_ACCURACY, SIZE);
		final Separable boxFactors = Separable.of(box);

		System.out.println("## Filter benchmark, " + w + " x " + h + " float, median of " + repeats +
			" runs (ms), the four ways of each filter run in turns; image: " + source + " resized bilinearly\n");
		System.out.println(machine(cl));
		System.out.println();
		System.out.println("| filter | OpenCL kernel only | OpenCL end to end | Java path | ImageJ 1 | ImageJ 1 / " +
			"OpenCL e2e | Java / OpenCL e2e |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|");

		final List<Row> rows = new ArrayList<>();
		final DeviceImage onDevice = cl == null ? null : cl.upload(pixels, w, h);
		if (cl != null) {
			rows.add(new Row("copy through OpenCL (upload, copy kernel, download)", deviceStep(onDevice, d -> d.copy()),
				() -> {
					try (DeviceImage d = cl.upload(pixels, w, h); DeviceImage c = d.copy()) {
						return c.download();
					}
				}, null, null));
			rows.add(new Row("3x3 mean", deviceStep(onDevice, d -> d.correlate(box, clamp, 1)), () -> cl.correlateSeparable(
				pixels, w, h, boxFactors.row(), boxFactors.column(), clamp, 1), null, null));
			rows.add(new Row("15x15 arbitrary kernel", deviceStep(onDevice, d -> d.correlate(arbitrary, clamp, 1)),
				() -> cl.correlate(pixels, w, h, arbitrary, clamp, 1), null, null));
			rows.add(new Row("Gaussian sigma 2", deviceStep(onDevice, d -> d.gaussian(2, clamp)), () -> cl
				.correlateSeparable(pixels, w, h, gauss, gauss, clamp, 1), null, null));
			rows.add(new Row("median radius 2", deviceStep(onDevice, d -> d.rank(Rank.MEDIAN, 2, clamp)), () -> cl.rank(
				pixels, w, h, Rank.MEDIAN, 2, clamp), null, null));
		}
		final Row[] peers = {
			new Row("3x3 mean", null, null, () -> java.correlateSeparable(pixels, w, h, boxFactors.row(), boxFactors
				.column(), clamp, 1), imagej(image, ImageProcessor::smooth)),
			new Row("15x15 arbitrary kernel", null, null, () -> java.correlate(pixels, w, h, arbitrary, clamp, 1), imagej(
				image, ip -> {
					final Convolver c = new Convolver();
					c.setNormalize(false);
					c.convolve(ip, arbitrary.values(), 15, 15);
				})),
			new Row("Gaussian sigma 2", null, null, () -> java.correlateSeparable(pixels, w, h, gauss, gauss, clamp, 1),
				imagej(image, ip -> new GaussianBlur().blurGaussian(ip, 2, 2, Separable.GAUSSIAN_ACCURACY))),
			new Row("median radius 2", null, null, () -> java.rank(pixels, w, h, Rank.MEDIAN, 2, clamp), imagej(image,
				ip -> new RankFilters().rank(ip, 2, RankFilters.MEDIAN))) };
		final List<Row> table = new ArrayList<>();
		for (final Row peer : peers) {
			final Row ours = rows.stream().filter(r -> r.name.equals(peer.name)).findFirst().orElse(null);
			table.add(new Row(peer.name, ours == null ? null : ours.kernelOnly, ours == null ? null : ours.endToEnd,
				peer.java, peer.imagej));
		}
		if (cl != null) table.add(0, rows.get(0));
		for (final Row row : table) {
			if (!row.name.toLowerCase(Locale.ROOT).contains(only.toLowerCase(Locale.ROOT))) continue;
			row.measure(repeats);
			row.print();
		}
		final Row copy = table.get(0), mean = table.get(1);
		if (cl != null && !Double.isNaN(copy.times[1]) && !Double.isNaN(mean.times[1])) {
			System.out.printf(Locale.ROOT, "%n3x3 mean end to end / copy end to end: %.2f%n", mean.times[1] / copy.times[1]);
		}
		if (onDevice != null) onDevice.close();
		System.exit(0); // ImageJ's filters leave worker threads behind
	}

	/**
	 * One line of the table: up to four ways to compute the same filter, measured in turns (one run of each per
	 * round) so that a change in the machine's load affects all of them alike.
	 */
	static final class Row {
		final String name;
		final Supplier<?> kernelOnly, endToEnd, java, imagej;
		final double[] times = { Double.NaN, Double.NaN, Double.NaN, Double.NaN };

		Row(final String name, final Supplier<?> kernelOnly, final Supplier<?> endToEnd, final Supplier<?> java,
			final Supplier<?> imagej)
		{
			this.name = name;
			this.kernelOnly = kernelOnly;
			this.endToEnd = endToEnd;
			this.java = java;
			this.imagej = imagej;
		}

		void measure(final int repeats) {
			final Supplier<?>[] ways = { kernelOnly, endToEnd, java, imagej };
			final List<List<Double>> samples = new ArrayList<>();
			for (int i = 0; i < ways.length; i++) samples.add(new ArrayList<>());
			for (int round = 0; round <= repeats; round++) { // round 0 warms up
				for (int i = 0; i < ways.length; i++) {
					if (ways[i] == null) continue;
					final double ms = ways[i] instanceof SelfTimed ? ((SelfTimed) ways[i]).get() : timeOnce(ways[i]);
					if (round > 0) samples.get(i).add(ms);
				}
			}
			for (int i = 0; i < ways.length; i++) {
				if (!samples.get(i).isEmpty()) times[i] = median(samples.get(i));
			}
		}

		void print() {
			System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", name, ms(times[0]), ms(times[1]), ms(
				times[2]), ms(times[3]), ratio(times[3], times[1]), ratio(times[2], times[1]));
		}
	}

	/** A part of a filter name: only those rows run (for tuning one kernel). */
	private static String only = "";

	private static String ms(final double v) {
		return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
	}

	private static String ratio(final double a, final double b) {
		return Double.isNaN(a) || Double.isNaN(b) ? "-" : String.format(Locale.ROOT, "%.1fx", a / b);
	}

	interface DeviceStep {
		DeviceImage apply(DeviceImage in);
	}

	/** A filter on an image already on the device, waiting for its kernels to end (the result is released). */
	static Supplier<?> deviceStep(final DeviceImage in, final DeviceStep step) {
		return () -> {
			try (DeviceImage out = step.apply(in)) {
				out.finish();
				return null;
			}
		};
	}

	interface ProcessorStep {
		void apply(ImageProcessor ip);
	}

	/**
	 * An ImageJ 1 filter, which works in place: each run filters a fresh copy, made before its clock starts; it
	 * returns its own time in ms.
	 */
	static Supplier<Double> imagej(final FloatProcessor image, final ProcessorStep step) {
		return new SelfTimed(() -> {
			final ImageProcessor ip = image.duplicate();
			final long t0 = System.nanoTime();
			step.apply(ip);
			return (System.nanoTime() - t0) / 1e6;
		});
	}

	/** Work that times itself (to leave out its preparation). */
	static final class SelfTimed implements Supplier<Double> {
		final Supplier<Double> work;

		SelfTimed(final Supplier<Double> work) {
			this.work = work;
		}

		@Override
		public Double get() {
			return work.get();
		}
	}

	static double timeOnce(final Supplier<?> work) {
		final long t0 = System.nanoTime();
		work.get();
		return (System.nanoTime() - t0) / 1e6;
	}

	static double median(final List<Double> values) {
		final double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
	}

	/** The image scaled to 2048 x 2048 as float, or seeded noise when it cannot be read. */
	static FloatProcessor image(final Path path) {
		final ImagePlus imp = Files.isRegularFile(path) ? IJ.openImage(path.toString()) : null;
		if (imp == null) throw new UserInputException("benchmark filters: cannot open the image '" + path +
			"' (give an image file as the second argument)");
		final ImageProcessor ip = imp.getProcessor().convertToFloat();
		ip.setInterpolationMethod(ImageProcessor.BILINEAR);
		return (FloatProcessor) ip.resize(SIZE, SIZE);
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
