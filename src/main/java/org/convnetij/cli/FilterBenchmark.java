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
 * on the device, and end to end with both transfers), the Java path, ImageJ 1 as its users run it (its commands
 * through {@code IJ.run}, on ImageJ's threads) and its filter class called directly, and the "macro door": our
 * {@code run("Convolve", ...)} from a macro on the open image against ImageJ's {@code run("Convolve...", ...)} in
 * the same JVM; then a chain of three macro calls with and without the device's kept copies; then the macro door
 * per call on a 256 x 256 image. Prints medians and ratios as Markdown. All use
 * clamp (edge pixel) padding, as ImageJ does. ImageJ's commands need a display (Xvfb will do); without one their
 * columns stay empty and a line says so.
 *
 * <pre>java -cp target/classes:... org.convnetij.cli.FilterBenchmark [repeats] [image] [filter]</pre>
 */
public final class FilterBenchmark {

	static final int SIZE = 2048, SMALL = 256;

	/** Macro-door calls per round on the small image (their median counts). */
	static final int SMALL_CALLS = 10;

	private FilterBenchmark() {}

	/** One filter: how each way computes it. */
	static final class Filter {
		final String name, ours, ourOptions, imagej, imagejOptions;
		final Kernel kernel; // for the OpenCL and Java paths: 2D kernel, else null
		final float[] separable; // a separable kernel's row and column, else null
		final int medianRadius; // > 0 for the median
		final ProcessorStep direct;
		final String directNote;

		Filter(final String name, final Kernel kernel, final float[] separable, final int medianRadius,
			final String ours, final String ourOptions, final String imagej, final String imagejOptions,
			final ProcessorStep direct, final String directNote)
		{
			this.name = name;
			this.kernel = kernel;
			this.separable = separable;
			this.medianRadius = medianRadius;
			this.ours = ours;
			this.ourOptions = ourOptions;
			this.imagej = imagej;
			this.imagejOptions = imagejOptions;
			this.direct = direct;
			this.directNote = directNote;
		}
	}

	static List<Filter> filters() {
		final Kernel arbitrary = randomKernel(15, 42);
		final float[] gauss = Separable.gaussian(2, Separable.GAUSSIAN_ACCURACY, SIZE);
		final Separable box = Separable.of(Kernel.box(1));
		return List.of(
			new Filter("3x3 mean", null, box.row(), 0, "Mean", "radius=1 padding=clamp", "Mean...", "radius=1",
				ip -> new RankFilters().rank(ip, 1, RankFilters.MEAN), "RankFilters.rank"),
			new Filter("15x15 arbitrary kernel", arbitrary, null, 0, "Convolve", "kernel=[" + kernelText(arbitrary,
				"; ") + "] padding=clamp", "Convolve...", "text1=[" + kernelText(arbitrary, "\n") + "]", ip -> {
					final Convolver c = new Convolver();
					c.setNormalize(false);
					c.convolve(ip, arbitrary.values(), 15, 15);
				}, "Convolver.convolve, one thread"),
			new Filter("Gaussian sigma 2", null, gauss, 0, "Gaussian Blur", "sigma=2 padding=clamp", "Gaussian Blur...",
				"sigma=2", ip -> new GaussianBlur().blurGaussian(ip, 2, 2, Separable.GAUSSIAN_ACCURACY),
				"GaussianBlur.blurGaussian"),
			new Filter("median radius 2", null, null, 2, "Median Filter", "radius=2 padding=clamp", "Median...",
				"radius=2", ip -> new RankFilters().rank(ip, 2, RankFilters.MEDIAN), "RankFilters.rank"));
	}

	public static void main(final String[] args) throws IOException {
		final int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 9;
		only = args.length > 2 ? args[2] : "";
		final Path source = args.length > 1 ? Paths.get(args[1]) : LauncherHome.sample("cell.png");
		final FloatProcessor image = image(source, SIZE);
		final FloatProcessor small = image(source, SMALL);
		final OpenClFilterEngine cl = OpenCl.engine().map(e -> e.withJavaFallback(false)).orElse(null);
		final boolean display = MacroDoor.imageJCommandsWork();
		MacroDoor.install();

		System.out.println("## Filter benchmark, " + SIZE + " x " + SIZE + " float, median of " + repeats +
			" runs (ms), the ways of each filter run in turns; image: " + source + " resized bilinearly\n");
		System.out.println(machine(cl));
		if (!display) {
			System.out.println("\nImageJ's own commands need a display (their dialogs): run `xvfb-run -a ./convnet " +
				"benchmark filters` for their columns.");
		}
		System.out.println();
		System.out.println("| filter | OpenCL kernel only | OpenCL end to end | Java path | ImageJ 1 command (IJ.run) | " +
			"ImageJ 1 class called directly | ours: macro run(...) | ImageJ: macro run(...) | macro door: ImageJ / ours " +
			"| ours: macro - OpenCL end to end |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
		final float[] pixels = (float[]) image.getPixels();
		final DeviceImage onDevice = cl == null ? null : cl.upload(pixels, SIZE, SIZE);
		if (cl != null && selected("copy")) {
			final Row copy = new Row("copy through OpenCL (upload, copy kernel, download)", deviceStep(onDevice,
				DeviceImage::copy), () -> {
					try (DeviceImage d = cl.upload(pixels, SIZE, SIZE); DeviceImage c = d.copy()) {
						return c.download();
					}
				}, null, null, null, null, null);
			copy.measure(repeats);
			copy.print();
		}
		final List<String> notes = new ArrayList<>();
		for (final Filter f : filters()) {
			if (!selected(f.name)) continue;
			final Row row = new Row(f.name, cl == null ? null : deviceStep(onDevice, d -> onDevice(d, f)), cl == null
				? null : () -> compute(cl, pixels, SIZE, f), () -> compute(JavaFilterEngine.INSTANCE, pixels, SIZE, f),
				display ? MacroDoor.command(image, f.imagej, f.imagejOptions) : null, imagej(image, f.direct), MacroDoor
					.macro(image, f.ours, f.ourOptions), display ? MacroDoor.macro(image, f.imagej, f.imagejOptions) : null);
			row.measure(repeats);
			row.print();
			notes.add(f.name + ": `run(\"" + f.ours + "\", \"" + shortOptions(f.ourOptions) + "\")` against `run(\"" +
				f.imagej + "\", \"" + shortOptions(f.imagejOptions) + "\")`; direct call: " + f.directNote);
		}
		System.out.println("\nEach filter is called as the macro column shows (15x15 kernel text abbreviated):\n");
		for (final String n : notes) System.out.println("- " + n);

		if (cl != null && selected("chain")) chain(image, cl, repeats, display);

		System.out.println("\n### Macro door per call, " + SMALL + " x " + SMALL + " float (median of " + repeats *
			SMALL_CALLS + " calls, ms)\n");
		System.out.println("| filter | OpenCL end to end | ours: macro run(...) | ImageJ: macro run(...) | " +
			"macro door: ImageJ / ours |");
		System.out.println("|---|---:|---:|---:|---:|");
		final float[] smallPixels = (float[]) small.getPixels();
		for (final Filter f : filters()) {
			if (!selected(f.name)) continue;
			final Row row = new Row(f.name, null, cl == null ? null : () -> compute(cl, smallPixels, SMALL, f), null,
				null, null, MacroDoor.macro(small, f.ours, f.ourOptions), display ? MacroDoor.macro(small, f.imagej,
					f.imagejOptions) : null);
			row.measure(repeats * SMALL_CALLS);
			System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", f.name, ms(row.times[1], 2), ms(row.times[5],
				2), ms(row.times[6], 2), ratio(row.times[6], row.times[5]));
		}
		System.out.println("\nLoad average at the end: " + loadAverage());
		if (onDevice != null) onDevice.close();
		System.exit(0); // ImageJ's filters leave worker threads behind
	}

	static final String CHAIN = "run(\"Gaussian Blur\", \"sigma=2 padding=clamp\"); run(\"Sobel\", " +
		"\"direction=magnitude padding=clamp\"); run(\"Max Pool\", \"window=2 stride=2\");";
	static final String IMAGEJ_CHAIN = "run(\"Gaussian Blur...\", \"sigma=2\"); run(\"Find Edges\"); " +
		"run(\"Bin...\", \"x=2 y=2 bin=max\");";

	/**
	 * A chain of three macro calls, each on the result of the one before: with the device copies kept between the
	 * calls (each call's input already on the device) and without (each call uploads it), in turns; ImageJ's own
	 * chain (in place) for scale.
	 */
	private static void chain(final FloatProcessor image, final OpenClFilterEngine cl, final int repeats,
		final boolean display)
	{
		final long[] before = cl.cacheStats();
		final Row row = new Row("chain", MacroDoor.chain(image, CHAIN, () -> cl.keepResults(true)), MacroDoor.chain(
			image, CHAIN, () -> cl.keepResults(false)), display ? MacroDoor.chain(image, IMAGEJ_CHAIN, () -> {}) : null);
		row.measure(repeats);
		cl.keepResults(true);
		final long[] after = cl.cacheStats();
		System.out.println("\n### A chain of three macro calls, " + SIZE + " x " + SIZE + " float (median of " +
			repeats + " runs, ms)\n");
		System.out.println("`" + CHAIN + "` (ImageJ: `" + IMAGEJ_CHAIN + "`, in place)\n");
		System.out.println("| chain | ours: device copies kept | ours: without | kept / without | ImageJ: macro |");
		System.out.println("|---|---:|---:|---:|---:|");
		System.out.printf(Locale.ROOT, "| Gaussian Blur, Sobel, Max Pool | %s | %s | %s | %s |%n", ms(row.times[0], 1),
			ms(row.times[1], 1), ms(row.times[0] / row.times[1], 2), ms(row.times[2], 1));
		System.out.println("\nInputs found on the device: " + (after[2] - before[2]) + " of " + (after[2] - before[2] +
			after[3] - before[3]) + " calls with copies kept.");
	}

	private static boolean selected(final String name) {
		return name.toLowerCase(Locale.ROOT).contains(only.toLowerCase(Locale.ROOT));
	}

	private static String shortOptions(final String options) {
		return options.replaceAll("\\[[^\\]]{40,}\\]", "[...]");
	}

	/** The filter on an engine, as the commands call it; on OpenCL with the upload (no copy kept from before). */
	static float[] compute(final FilterEngine engine, final float[] pixels, final int size, final Filter f) {
		if (engine instanceof OpenClFilterEngine) {
			((OpenClFilterEngine) engine).keepResults(false);
			try {
				return computeOn(engine, pixels, size, f);
			}
			finally {
				((OpenClFilterEngine) engine).keepResults(true);
			}
		}
		return computeOn(engine, pixels, size, f);
	}

	private static float[] computeOn(final FilterEngine engine, final float[] pixels, final int size, final Filter f) {
		if (f.kernel != null) return engine.correlate(pixels, size, size, f.kernel, Padding.CLAMP, 1);
		if (f.separable != null) return engine.correlateSeparable(pixels, size, size, f.separable, f.separable,
			Padding.CLAMP, 1);
		return engine.rank(pixels, size, size, Rank.MEDIAN, f.medianRadius, Padding.CLAMP);
	}

	static DeviceImage onDevice(final DeviceImage d, final Filter f) {
		if (f.kernel != null) return d.correlate(f.kernel, Padding.CLAMP, 1);
		if (f.separable != null && f.separable.length > 3) return d.gaussian(2, Padding.CLAMP);
		if (f.separable != null) return d.correlate(Kernel.box(1), Padding.CLAMP, 1);
		return d.rank(Rank.MEDIAN, f.medianRadius, Padding.CLAMP);
	}

	/** Kernel rows as text, every value exact (Float.toString reads back to the same float). */
	static String kernelText(final Kernel k, final String rowSeparator) {
		final StringBuilder b = new StringBuilder();
		for (int y = 0; y < k.height(); y++) {
			if (y > 0) b.append(rowSeparator);
			for (int x = 0; x < k.width(); x++) b.append(x > 0 ? " " : "").append(k.values()[y * k.width() + x]);
		}
		return b.toString();
	}

	/**
	 * One line of the table: the ways to compute the same filter, measured in turns (one run of each per round) so
	 * that a change in the machine's load affects all of them alike.
	 */
	static final class Row {
		final String name;
		final Supplier<?>[] ways;
		final double[] times;

		Row(final String name, final Supplier<?>... ways) {
			this.name = name;
			this.ways = ways;
			this.times = new double[ways.length];
			Arrays.fill(times, Double.NaN);
		}

		void measure(final int repeats) {
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
			System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", name, ms(times[0], 1), ms(
				times[1], 1), ms(times[2], 1), ms(times[3], 1), ms(times[4], 1), ms(times[5], 1), ms(times[6], 1), ratio(
					times[6], times[5]), ms(times[5] - times[1], 1));
		}
	}

	/** A part of a filter name: only those rows run (for tuning one kernel). */
	private static String only = "";

	private static String ms(final double v, final int decimals) {
		return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
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

	/** The image scaled to size x size as float. */
	static FloatProcessor image(final Path path, final int size) {
		final ImagePlus imp = Files.isRegularFile(path) ? IJ.openImage(path.toString()) : null;
		if (imp == null) throw new UserInputException("benchmark filters: cannot open the image '" + path +
			"' (give an image file as the second argument)");
		final ImageProcessor ip = imp.getProcessor().convertToFloat();
		ip.setInterpolationMethod(ImageProcessor.BILINEAR);
		return (FloatProcessor) ip.resize(size, size);
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
		final String preload = System.getenv("LD_PRELOAD");
		return "Machine: " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores available to Java, " +
			System.getProperty("os.name") + ", Java " + System.getProperty("java.version") + ", ImageJ " + IJ
				.getVersion() + "; " + java.time.ZonedDateTime.now().withNano(0) + "; load average " + loadAverage() +
			".  \nOpenCL device: " + (cl == null ? OpenCl.notice() : cl.device().describe()) + "; LD_PRELOAD=" +
			(preload == null ? "(none)" : preload) + ".  \nImageJ 1 threads: " + ij.Prefs.getThreads() +
			"; Java path threads: " + Runtime.getRuntime().availableProcessors() + " (common fork-join pool). Display: " +
			(MacroDoor.imageJCommandsWork() ? String.valueOf(System.getenv("DISPLAY")) : "none (headless)") +
			"; macros run in batch mode.";
	}

	/** The 1, 5 and 15 minute load averages, where Linux tells them. */
	static String loadAverage() {
		try {
			final String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
			return f[0] + ", " + f[1] + ", " + f[2];
		}
		catch (final IOException | RuntimeException e) {
			return "unknown";
		}
	}
}
