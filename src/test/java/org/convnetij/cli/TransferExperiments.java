package org.convnetij.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.convnetij.data.Augmentation;
import org.convnetij.data.FashionMnist;
import org.convnetij.data.LabelledImages;
import org.convnetij.nn.Architecture;
import org.convnetij.nn.ConvPattern;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.Node;
import org.convnetij.tf.TfModel;
import org.convnetij.util.Progress;
import org.convnetij.workflow.Trainer;
import org.convnetij.workflow.TrainOptions;
import org.convnetij.workflow.TransferLearning;
import org.convnetij.nn.TransferSettings;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.data.InputShape;

/**
 * The variants measured while choosing the demo's method (docs/transfer-learning.md, "What was tried"); not a test.
 * Settings as system properties: {@code dense} (hidden dense layers, 1), {@code units} (64), {@code blocks} (2),
 * {@code f1 f2 f3} (filters 16 32 64), {@code pn} (pretraining images per class, 1000), {@code pe} (pretraining
 * epochs, 3), {@code random=1} (no pretraining at all), {@code strip=1} (pretrain with the dense layers, transfer
 * without them), {@code reverse=1} (pretrain on 5-9, learn 0-4), {@code sizes} (5,10,20), {@code seeds} (3),
 * {@code se fe te} (epochs of scratch, head, fine-tuning: 40), {@code hrate} (0.01), {@code div} (fine-tuning rate
 * divisor, 100), {@code freeze} (last frozen layer, block1_pool; none = nothing frozen), {@code aug=1} / {@code paug=1}
 * (mirror and 2-pixel shifts for scratch and fine-tuning / for pretraining), {@code tn} (test images per class, 500),
 * {@code mlp=1} (a fourth column: a small MLP head on the frozen convolutions).
 * <p>
 * {@code java -Ddense=0 -Dblocks=3 -Dpn=6000 -cp target/test-classes:target/classes:... org.convnetij.cli.TransferExperiments}
 */
public final class TransferExperiments {

	private TransferExperiments() {}

	private static int i(final String key, final int value) {
		return Integer.parseInt(System.getProperty(key, Integer.toString(value)));
	}

	private static double d(final String key, final double value) {
		return Double.parseDouble(System.getProperty(key, Double.toString(value)));
	}

	private static ModelSpec spec(final List<String> classes, final int dense) {
		final ConvPattern p = ConvPattern.defaults().blocks(i("blocks", 2)).filters(i("f1", 16), i("f2", 32), i("f3",
			64)).units(i("units", 64)).dense(dense);
		return ModelSpec.of(Architecture.CUSTOM, InputShape.of(28, 28, 1)).pattern(p).classes(classes).normalization(
			org.convnetij.data.Normalization.range());
	}

	private static Augmentation augmentation(final String key, final long seed) {
		return i(key, 0) == 0 ? Augmentation.none() : Augmentation.builder().flipHorizontal(true).translate(2).seed(seed)
			.build();
	}

	/**
	 * A small MLP head (dense 64 + ReLU, then the classifier, both new) on the frozen pretrained convolutions, Adam
	 * 0.001: the alternative to the softmax regression of the features strategy.
	 */
	private static double mlpHead(final Path pretrained, final LabelledImages few, final LabelledImages test,
		final long seed, final int epochs) throws IOException
	{
		try (Network base = Networks.load(pretrained); Network m = Networks.create(spec(few.classNames(), 1), seed)) {
			final Map<String, float[]> conv = new LinkedHashMap<>();
			final Set<String> frozen = new LinkedHashSet<>();
			for (final var e : base.weights().entrySet()) {
				if (e.getKey().startsWith("block")) {
					conv.put(e.getKey(), e.getValue());
					frozen.add(e.getKey().substring(0, e.getKey().indexOf('/')));
				}
			}
			m.setWeights(conv);
			Trainer.fit(m, few, null, TrainOptions.builder().epochs(epochs).seed(seed).validationFraction(0).freeze(frozen)
				.build(), Progress.NONE);
			return Trainer.evaluate(m, test, Progress.NONE).accuracy();
		}
	}

	public static void main(final String[] args) throws IOException {
		final Path fashion = FashionMnist.locate(args.length > 0 ? args[0] : null);
		final boolean reverse = i("reverse", 0) == 1;
		final int[] from = reverse ? new int[] { 5, 6, 7, 8, 9 } : new int[] { 0, 1, 2, 3, 4 };
		final int[] to = reverse ? new int[] { 0, 1, 2, 3, 4 } : new int[] { 5, 6, 7, 8, 9 };
		final int dense = i("dense", 1);
		final Path work = Files.createTempDirectory("transfer-experiments");
		final long t = System.nanoTime();
		final LabelledImages old = FashionMnist.load(fashion, FashionMnist.Part.TRAIN, from, i("pn", 1000), 1);
		final Path pretrained = work.resolve("pretrained");
		try (Network m = Networks.create(spec(old.classNames(), dense), 1)) {
			if (i("random", 0) == 0) Trainer.fit(m, old, TrainOptions.builder().epochs(i("pe", 3)).seed(1)
				.validationFraction(0).augmentation(augmentation("paug", 1)).build(), Progress.NONE);
			final double acc = Trainer.evaluate(m, FashionMnist.load(fashion, FashionMnist.Part.TEST, from, 1000, 1),
				Progress.NONE).accuracy();
			if (i("strip", 0) == 1) {
				try (Network c = Networks.create(spec(old.classNames(), 0), 1)) {
					final Map<String, float[]> w = new LinkedHashMap<>();
					for (final var e : m.weights().entrySet()) if (e.getKey().startsWith("block")) w.put(e.getKey(), e
						.getValue());
					c.setWeights(w);
					c.save(pretrained);
				}
			}
			else {
				m.save(pretrained);
			}
			System.out.printf(Locale.ROOT, "pretrain %.3f %.1fs%n", acc, (System.nanoTime() - t) / 1e9);
		}
		final LabelledImages test = FashionMnist.load(fashion, FashionMnist.Part.TEST, to, i("tn", 500), 99);
		final int seeds = i("seeds", 3), se = i("se", 40), fe = i("fe", 40), te = i("te", 40);
		final String freeze = System.getProperty("freeze", "block1_pool");
		for (final String size : System.getProperty("sizes", "5,10,20").split(",")) {
			final int n = Integer.parseInt(size);
			final double[][] acc = new double[4][seeds];
			for (int s = 0; s < seeds; s++) {
				final long seed = s + 1;
				final LabelledImages few = FashionMnist.load(fashion, FashionMnist.Part.TRAIN, to, n, seed);
				try (Network m = Networks.create(spec(few.classNames(), dense), seed)) {
					Trainer.fit(m, few, TrainOptions.builder().epochs(se).seed(seed).validationFraction(0).augmentation(
						augmentation("aug", seed)).build(), Progress.NONE);
					acc[0][s] = Trainer.evaluate(m, test, Progress.NONE).accuracy();
				}
				final Path out = work.resolve("features-" + n + "-" + seed);
				TransferLearning.run(new TransferLearning.Target(pretrained, out, false), few, null, new TransferSettings(TransferSettings.Strategy.FEATURES,
					"", fe, d("hrate", 0.01), seed), Progress.NONE);
				try (Network m = Networks.load(out)) {
					acc[1][s] = Trainer.evaluate(m, test, Progress.NONE).accuracy();
					// fine-tuning as the finetune strategy does it, with its rate divisor and frozen layers as settings
					final Set<String> frozen = new LinkedHashSet<>();
					if (!freeze.equals("none")) {
						for (final Node node : m.model().nodes()) {
							if (!node.weights().isEmpty()) frozen.add(node.name());
							if (node.name().equals(freeze)) break;
						}
					}
					Trainer.fit(m, few, null, TrainOptions.builder().epochs(te).learningRate(d("hrate", 0.01) / d("div",
						100)).seed(seed).validationFraction(0).augmentation(augmentation("aug", seed)).freeze(frozen).build(),
						Progress.NONE);
					acc[2][s] = Trainer.evaluate(m, test, Progress.NONE).accuracy();
				}
				if (i("mlp", 0) == 1) acc[3][s] = mlpHead(pretrained, few, test, seed, fe);
			}
			System.out.println("| " + n + " | " + TransferDemo.meanSd(acc[0], 1) + " | " + TransferDemo.meanSd(acc[1], 1) +
				" | " + TransferDemo.meanSd(acc[2], 1) + " | " + (i("mlp", 0) == 1 ? TransferDemo.meanSd(acc[3], 1) + " | " :
					"") + String.format(Locale.ROOT, "%.1fs", (System.nanoTime() - t) /
					1e9));
		}
	}
}
