package org.convnetij.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.convnetij.data.FashionMnist;
import org.convnetij.data.LabelledImages;
import org.convnetij.nn.Architecture;
import org.convnetij.nn.ConvPattern;
import org.convnetij.nn.ModelSpec;
import org.convnetij.transfer.FeatureNetwork;
import org.convnetij.transfer.TfjsModel;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.Trainer;
import org.convnetij.workflow.TrainOptions;
import org.convnetij.workflow.TransferLearning;
import org.convnetij.transfer.LayerFeatures;
import org.convnetij.nn.TransferSettings;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.workflow.ModelExchange;
import org.convnetij.nn.ImportSettings;
import org.convnetij.data.InputShape;

/**
 * Transfer learning on Fashion-MNIST, measured: a small CNN is pretrained on all 30,000 training images of five
 * classes, then the other five classes are learnt from 5, 10 and 20 labelled images per class three ways - from
 * scratch, strategy 1 (features) and strategy 2 (finetune) - with the same images and seed for the three, over
 * {@value #SEEDS} seeds (other images each), and tested on all 5,000 test images of those classes. Both directions:
 * classes 0-4 (tops, trousers, dresses, coats) to 5-9 (shoes, shirts, bags) and back. Prints progress, a Markdown
 * table per direction (mean and standard deviation over the seeds, and the paired differences to scratch), the time
 * of every step and the machine. Under two minutes on a 2-core machine (1:45 measured).
 * <p>
 * {@code java ... org.convnetij.cli.TransferDemo [Fashion-MNIST folder] [mobilenet]}: without a folder, Fashion-MNIST
 * is found by {@link FashionMnist#locate} (CONVNET_DATA, then Debian's dataset-fashion-mnist); with
 * {@code mobilenet} a benchmark of the bundled MobileNetV2's feature extraction at 224 x 224 follows (images per
 * second, peak memory).
 */
public final class TransferDemo {

	/** Seeds per row: each draws other labelled images (and initialises and shuffles with that seed). */
	static final int SEEDS = 5;
	static final int[] PER_CLASS = { 5, 10, 20 };
	static final int EPOCHS = 40, PRETRAIN_EPOCHS = 3;
	static final double HEAD_RATE = 0.01;

	private static final int[] TOPS = { 0, 1, 2, 3, 4 }, OTHERS = { 5, 6, 7, 8, 9 };

	private TransferDemo() {}

	public static void main(final String[] args) throws IOException {
		run(List.of(args), System.out);
	}

	/**
	 * Runs the demo; {@code args}: optionally the Fashion-MNIST folder (or a folder holding {@code fashion-mnist/})
	 * and {@code mobilenet} for the benchmark of the MobileNetV2 in {@code sample-images/mobilenet_v2_tfjs}.
	 */
	public static void run(final List<String> args, final PrintStream out) throws IOException {
		final boolean benchmark = args.contains("mobilenet");
		final List<String> rest = new ArrayList<>(args);
		rest.remove("mobilenet");
		final Path fashion = FashionMnist.locate(rest.isEmpty() ? null : rest.get(0));
		final Path mobileNet = LauncherHome.sample("mobilenet_v2_tfjs");
		if (benchmark && !Files.isRegularFile(mobileNet.resolve("model.json"))) {
			throw new UserInputException("no MobileNetV2 in '" + mobileNet + "' (run the launcher of a full checkout)");
		}
		final Path work = Files.createTempDirectory("transfer-demo");
		try {
			final long start = System.nanoTime();
			out.println("Transfer learning demo on Fashion-MNIST: pretrain a small CNN on five classes, learn the other " +
				"five from few labelled images, from scratch and with strategies 1 (features) and 2 (finetune)");
			out.println("machine: " + machine());
			final List<String> tables = new ArrayList<>();
			tables.add(direction(fashion, TOPS, OTHERS, work.resolve("a"), out));
			tables.add(direction(fashion, OTHERS, TOPS, work.resolve("b"), out));
			out.println();
			for (final String t : tables) out.println(t);
			out.println(String.format(Locale.ROOT, "total %.0f s; machine: %s", (System.nanoTime() - start) / 1e9,
				machine()));
			if (benchmark) {
				out.println();
				mobileNetBenchmark(mobileNet, work, 1, out);
			}
		}
		finally {
			deleteTree(work);
		}
	}

	/**
	 * The network of every run: 3 blocks of one 3x3 convolution (16, 32, 64 filters) and a 2x2 max pool, the
	 * classifier on the flattened last block (no hidden dense layer, whose features are specific to the old classes).
	 */
	static ModelSpec spec(final List<String> classes) {
		return ModelSpec.of(Architecture.CUSTOM, InputShape.of(28, 28, 1)).pattern(ConvPattern.defaults().blocks(3)
			.filters(16, 32, 64).dense(0)).classes(classes).normalization(org.convnetij.data.Normalization.range());
	}

	/** Pretrains on {@code from}, learns {@code to} three ways for every size and seed; returns the Markdown table. */
	private static String direction(final Path fashion, final int[] from, final int[] to, final Path work,
		final PrintStream out) throws IOException
	{
		final String fromName = names(from), toName = names(to);
		out.println();
		out.println("== pretrain on " + fromName + ", learn " + toName);
		long t = System.nanoTime();
		final LabelledImages old = FashionMnist.load(fashion, FashionMnist.Part.TRAIN, from, 6000, 1);
		final LabelledImages oldTest = FashionMnist.load(fashion, FashionMnist.Part.TEST, from, 1000, 1);
		final LabelledImages test = FashionMnist.load(fashion, FashionMnist.Part.TEST, to, 1000, 1);
		final String load = seconds(t);
		out.println("loaded " + old.size() + " training images of the pretraining classes, " + test.size() +
			" test images of the new classes (" + load + " s); pretraining " + PRETRAIN_EPOCHS + " epochs ...");
		t = System.nanoTime();
		final Path pretrained = work.resolve("pretrained");
		final double pretrainedAccuracy;
		try (Network m = Networks.create(spec(old.classNames()), 1)) {
			Trainer.fit(m, old, TrainOptions.builder().epochs(PRETRAIN_EPOCHS).seed(1).validationFraction(0).build(),
				Progress.NONE);
			pretrainedAccuracy = Trainer.evaluate(m, oldTest, Progress.NONE).accuracy();
			m.save(pretrained);
		}
		final String pretrain = seconds(t);
		out.println("pretrained: " + pct(pretrainedAccuracy) + " on the " + oldTest.size() + " test images of " +
			fromName + " (" + pretrain + " s)");
		final StringBuilder table = new StringBuilder();
		table.append("Pretrained on ").append(fromName).append(" (").append(old.size()).append(" images, ").append(
			PRETRAIN_EPOCHS).append(" epochs: ").append(pct(pretrainedAccuracy)).append(" on their test images; load ")
			.append(load).append(" s, pretraining ").append(pretrain).append(" s); learning ").append(toName).append(
				": held-out accuracy on all ").append(test.size()).append(" test images, mean ± standard deviation over ")
			.append(SEEDS).append(" seeds (other labelled images each; the three methods get the same images)\n\n");
		table.append("| labelled images per class | from scratch | strategy 1: features | strategy 2: finetune | " +
			"features - scratch | finetune - scratch | seconds |\n|---|---|---|---|---|---|---|\n");
		boolean reported = false;
		for (final int n : PER_CLASS) {
			t = System.nanoTime();
			final double[][] acc = new double[3][SEEDS];
			for (int s = 0; s < SEEDS; s++) {
				final long seed = s + 1;
				final long ts = System.nanoTime();
				final LabelledImages few = FashionMnist.load(fashion, FashionMnist.Part.TRAIN, to, n, seed);
				try (Network m = Networks.create(spec(few.classNames()), seed)) {
					Trainer.fit(m, few, TrainOptions.builder().epochs(EPOCHS).seed(seed).validationFraction(0).build(),
						Progress.NONE);
					acc[0][s] = Trainer.evaluate(m, test, Progress.NONE).accuracy();
				}
				int k = 1;
				for (final TransferSettings.Strategy strategy : List.of(TransferSettings.Strategy.FEATURES,
					TransferSettings.Strategy.FINETUNE))
				{
					final Path folder = work.resolve(strategy.key() + "-" + n + "-" + seed);
					final TransferLearning.Result r = TransferLearning.run(new TransferLearning.Target(pretrained, folder,
						false), few, null, new TransferSettings(
						strategy, "", EPOCHS, HEAD_RATE, seed), Progress.NONE);
					try (Network m = Networks.load(folder)) {
						acc[k++][s] = Trainer.evaluate(m, test, Progress.NONE).accuracy();
					}
					deleteTree(folder);
					if (!reported && strategy == TransferSettings.Strategy.FINETUNE) {
						out.println("  " + r.report().replace(work.toString(), "<tmp>"));
						reported = true;
					}
				}
				out.println(String.format(Locale.ROOT, "  %d per class, seed %d: scratch %s, features %s, finetune %s (%s s)",
					n, seed, pct(acc[0][s]), pct(acc[1][s]), pct(acc[2][s]), seconds(ts)));
			}
			table.append("| ").append(n).append(" | ").append(meanSd(acc[0], 1)).append(" % | ").append(meanSd(acc[1], 1))
				.append(" % | ").append(meanSd(acc[2], 1)).append(" % | ").append(meanSd(minus(acc[1], acc[0]), 1))
				.append(" | ").append(meanSd(minus(acc[2], acc[0]), 1)).append(" | ").append(seconds(t)).append(" |\n");
		}
		table.append("\nEach model: from scratch ").append(EPOCHS).append(" epochs (Adam 0.001); features: softmax head ")
			.append(EPOCHS).append(" epochs (rate ").append(HEAD_RATE).append(") on the flattened last block; finetune: ")
			.append("that head, then ").append(EPOCHS).append(" epochs at rate ").append(HEAD_RATE /
				TransferLearning.FINETUNE_RATE_DIVISOR).append(" with blocks 1-2 frozen. Differences in percentage points, " +
					"paired by seed.\n");
		return table.toString();
	}

	private static String names(final int[] classes) {
		final List<String> n = new ArrayList<>();
		for (final int c : classes) n.add(FashionMnist.CLASS_NAMES.get(c));
		return "classes " + classes[0] + "-" + classes[classes.length - 1] + " (" + String.join(", ", n) + ")";
	}

	private static double[] minus(final double[] a, final double[] b) {
		final double[] d = new double[a.length];
		for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
		return d;
	}

	/** Mean ± sample standard deviation, in percent (or percentage points). */
	static String meanSd(final double[] values, final int decimals) {
		double mean = 0;
		for (final double v : values) mean += v / values.length;
		double ss = 0;
		for (final double v : values) ss += (v - mean) * (v - mean);
		final double sd = values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0;
		return String.format(Locale.ROOT, "%." + decimals + "f ± %." + decimals + "f", 100 * mean, 100 * sd);
	}

	/** CPU model, cores, memory, Java and TensorFlow versions, load average (the machine may be shared). */
	static String machine() {
		String cpu = System.getProperty("os.arch");
		try {
			for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					cpu = line.substring(line.indexOf(':') + 1).trim();
					break;
				}
			}
		}
		catch (final IOException | RuntimeException e) {
			// not Linux: the architecture name stays
		}
		String load = "";
		try {
			load = ", load average " + Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
		}
		catch (final IOException | RuntimeException e) {
			// not Linux
		}
		return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty(
			"java.version") + ", " + Networks.engine().name() + load;
	}

	private static void mobileNetBenchmark(final Path tfjs, final Path work, final long seed, final PrintStream out)
		throws IOException
	{
		final Path folder = work.resolve("mobilenetv2");
		ModelExchange.importModel(ImportSettings.of(tfjs, folder), Progress.NONE);
		final int batch = 16, batches = 4;
		final float[] images = new float[batch * 224 * 224 * 3];
		final Random random = new Random(seed);
		for (int i = 0; i < images.length; i++) images[i] = random.nextFloat();
		out.println("MobileNetV2 features at 224 x 224 x 3 (global average of out_relu, 1280 values), batches " +
			"of " + batch + ", " + batch * batches + " images after one warm-up batch:");
		out.println("| network | images/s | peak memory VmHWM (MB, reset before each row) |");
		out.println("|---|---|---|");
		try (Network m = Networks.load(folder)) {
			measure("imported model folder (TfModel, variables)", new LayerFeatures(m, "out_relu"), images, batch,
				batches, out);
		}
	}

	private static void measure(final String name, final FeatureNetwork net, final float[] images, final int batch,
		final int batches, final PrintStream out)
	{
		resetPeak();
		net.features(images, batch);
		final long t = System.nanoTime();
		for (int i = 0; i < batches; i++) net.features(images, batch);
		final double s = (System.nanoTime() - t) / 1e9;
		out.println(String.format(Locale.ROOT, "| %s | %.1f | %d |", name, batch * batches / s, peakMegabytes()));
	}

	/** Resets VmHWM to the current resident size (Linux: 5 into /proc/self/clear_refs); ignored where refused. */
	static void resetPeak() {
		try {
			Files.writeString(Path.of("/proc/self/clear_refs"), "5");
		}
		catch (final IOException | RuntimeException e) {
			// the peak then covers the whole process so far
		}
	}

	/** VmHWM of /proc/self/status in MB (peak resident memory of this process), -1 where it cannot be read. */
	static long peakMegabytes() {
		try {
			for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
			}
		}
		catch (final IOException | NumberFormatException e) {
			return -1;
		}
		return -1;
	}

	private static String pct(final double a) {
		return String.format(Locale.ROOT, "%.1f %%", 100 * a);
	}

	private static String seconds(final long start) {
		return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9);
	}

	private static void deleteTree(final Path root) throws IOException {
		try (var s = Files.walk(root)) {
			for (final Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) Files
				.deleteIfExists(p);
		}
	}
}
