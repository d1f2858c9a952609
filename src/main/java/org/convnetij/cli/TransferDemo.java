package org.convnetij.cli;

import java.io.IOException;
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
import org.convnetij.nn.InputShape;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.tf.Evaluation;
import org.convnetij.nn.tf.ModelImport;
import org.convnetij.nn.tf.TfModel;
import org.convnetij.nn.tf.TfModelFeatures;
import org.convnetij.nn.tf.TfjsFeatureNetwork;
import org.convnetij.nn.tf.TrainOptions;
import org.convnetij.nn.tf.Trainer;
import org.convnetij.nn.tf.TransferLearning;
import org.convnetij.transfer.FeatureNetwork;
import org.convnetij.transfer.TfjsModel;
import org.convnetij.util.Progress;

/**
 * Transfer learning on Fashion-MNIST, measured: a small CNN is pretrained on classes 0-4, then classes 5-9 are
 * learnt from 20 labelled images per class, from scratch and with both strategies (same seed, same images), and
 * the held-out test accuracy is printed with the time of every step. Then a benchmark of MobileNetV2 feature
 * extraction at 224 x 224 (images per second, peak memory).
 * <p>
 * {@code java ... org.convnetij.cli.TransferDemo [shared data folder, default ../shared/data] [seed]}
 */
public final class TransferDemo {

	private static final int[] OLD = { 0, 1, 2, 3, 4 }, NEW = { 5, 6, 7, 8, 9 };

	private TransferDemo() {}

	public static void main(final String[] args) throws IOException {
		final Path shared = Path.of(args.length > 0 ? args[0] : "../shared/data");
		final long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
		final Path work = Files.createTempDirectory("transfer-demo");
		try {
			fashion(shared.resolve("fashion-mnist"), work, seed);
			mobileNetBenchmark(shared.resolve("mobilenet_v2_tfjs"), work, seed);
		}
		finally {
			deleteTree(work);
		}
	}

	private static ModelSpec spec(final List<String> classes) {
		return ModelSpec.of(Architecture.CUSTOM, InputShape.of(28, 28, 1)).pattern(ConvPattern.defaults().filters(16,
			32).units(64)).classes(classes).normalization(org.convnetij.data.Normalization.range());
	}

	private static void fashion(final Path fashion, final Path work, final long seed) throws IOException {
		System.out.println("Transfer learning on Fashion-MNIST (seed " + seed + ")");
		long t = System.nanoTime();
		final LabelledImages old = FashionMnist.load(fashion, FashionMnist.Part.TRAIN, OLD, 1000, seed);
		final LabelledImages few = FashionMnist.load(fashion, FashionMnist.Part.TRAIN, NEW, 20, seed);
		final LabelledImages test = FashionMnist.load(fashion, FashionMnist.Part.TEST, NEW, 200, seed);
		final List<String[]> rows = new ArrayList<>();
		rows.add(row("load data (5,000 + 100 train, 1,000 test images)", "", seconds(t)));

		t = System.nanoTime();
		final Path pretrained = work.resolve("pretrained-0-4");
		final double pretrainedAccuracy;
		try (TfModel m = TfModel.create(spec(old.classNames()), seed)) {
			Trainer.fit(m, old, TrainOptions.builder().epochs(3).seed(seed).validationFraction(0).build(), Progress.NONE);
			pretrainedAccuracy = Trainer.evaluate(m, FashionMnist.load(fashion, FashionMnist.Part.TEST, OLD, 200, seed),
				Progress.NONE).accuracy();
			m.save(pretrained);
		}
		rows.add(row("pretrain on classes 0-4 (5,000 images, 3 epochs)", pct(pretrainedAccuracy) +
			" on classes 0-4", seconds(t)));

		t = System.nanoTime();
		final double scratch;
		try (TfModel m = TfModel.create(spec(few.classNames()), seed)) {
			Trainer.fit(m, few, TrainOptions.builder().epochs(40).seed(seed).validationFraction(0).build(),
				Progress.NONE);
			scratch = Trainer.evaluate(m, test, Progress.NONE).accuracy();
		}
		rows.add(row("classes 5-9 from scratch (100 images, 40 epochs)", pct(scratch), seconds(t)));

		for (final TransferLearning.Strategy s : List.of(TransferLearning.Strategy.FEATURES,
			TransferLearning.Strategy.FINETUNE))
		{
			t = System.nanoTime();
			final Path out = work.resolve(s.key());
			final TransferLearning.Result r = TransferLearning.run(pretrained, few, null, new TransferLearning.Options(s,
				"", 40, 0.01, seed), out, false, Progress.NONE);
			final Evaluation e;
			try (TfModel m = TfModel.load(out)) {
				e = Trainer.evaluate(m, test, Progress.NONE);
			}
			rows.add(row("classes 5-9, strategy " + (s == TransferLearning.Strategy.FEATURES ? "1 features"
				: "2 finetune") + " (100 images, 40 epochs)", pct(e.accuracy()), seconds(t)));
			System.out.println("  " + r.report().replace(work.toString(), "<tmp>"));
		}
		System.out.println();
		System.out.println("| step | held-out test accuracy (classes 5-9, 1,000 images) | seconds |");
		System.out.println("|---|---|---|");
		for (final String[] r : rows) System.out.println("| " + r[0] + " | " + r[1] + " | " + r[2] + " |");
		System.out.println();
	}

	private static void mobileNetBenchmark(final Path tfjs, final Path work, final long seed) throws IOException {
		final Path folder = work.resolve("mobilenetv2");
		ModelImport.run(tfjs, "auto", 0, folder, false);
		final int batch = 16, batches = 4;
		final float[] images = new float[batch * 224 * 224 * 3];
		final Random random = new Random(seed);
		for (int i = 0; i < images.length; i++) images[i] = random.nextFloat();
		System.out.println("MobileNetV2 features at 224 x 224 x 3 (global average of out_relu, 1280 values), batches " +
			"of " + batch + ", " + batch * batches + " images after one warm-up batch:");
		System.out.println("| network | images/s | peak memory VmHWM (MB, reset before each row) |");
		System.out.println("|---|---|---|");
		try (TfModel m = TfModel.load(folder)) {
			measure("imported model folder (TfModel, variables)", new TfModelFeatures(m, "out_relu"), images, batch,
				batches);
		}
		try (TfjsFeatureNetwork n = new TfjsFeatureNetwork(TfjsModel.read(tfjs), "out_relu")) {
			measure("TF.js graph (KerasGraphBuilder, constants)", n, images, batch, batches);
		}
	}

	private static void measure(final String name, final FeatureNetwork net, final float[] images, final int batch,
		final int batches)
	{
		resetPeak();
		net.features(images, batch);
		final long t = System.nanoTime();
		for (int i = 0; i < batches; i++) net.features(images, batch);
		final double s = (System.nanoTime() - t) / 1e9;
		System.out.println(String.format(Locale.ROOT, "| %s | %.1f | %d |", name, batch * batches / s, peakMegabytes()));
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

	private static String[] row(final String step, final String accuracy, final String seconds) {
		return new String[] { step, accuracy, seconds };
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
