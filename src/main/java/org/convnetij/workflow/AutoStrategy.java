package org.convnetij.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import org.convnetij.data.LabelledImages;
import org.convnetij.data.Split;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.nn.TransferSettings;
import org.convnetij.nn.TransferSettings.Strategy;
import org.convnetij.transfer.FeatureCache;
import org.convnetij.transfer.LayerFeatures;
import org.convnetij.transfer.SoftmaxHead;
import org.convnetij.util.Progress;

/**
 * {@code strategy=auto} of Transfer Learning: chooses on validation, not on size. The candidates are the features
 * strategy at a few layers from early to last ({@link #DEPTHS} of the way to the feature layer, and the feature layer
 * itself) and fine-tuning with the freeze point that fits the data size ({@link #freezeFraction}). Each is scored on
 * the validation images when there are some; else on a stratified fifth of the training images held out, or, with
 * fewer than {@value #CROSS_VALIDATION_BELOW} images in the smallest class, by {@value #FOLDS}-fold cross-validation
 * (every image scored once, by a model that did not learn it). The best validation accuracy wins; on a tie the
 * earlier candidate (the feature layer first, fine-tuning last: the cheaper and the usual choice). Features are
 * computed once per layer for all images (and cached in the pretrained model's folder for images from files), so
 * that the folds and the layers cost only softmax heads; fine-tuning costs one run per fold. Everything random
 * (folds, heads, fine-tuning) follows the settings' seed: the same seed gives the same choice.
 */
public final class AutoStrategy {

	/** Relative depths of the earlier cut points (the feature layer is always a candidate). */
	public static final double[] DEPTHS = { 0.25, 0.5, 0.75 };
	/** Images in the smallest class below which the candidates are cross-validated. */
	public static final int CROSS_VALIDATION_BELOW = 20;
	/** Folds of the cross-validation. */
	public static final int FOLDS = 3;
	/** Fraction of the training images held out for scoring when there are enough and no validation images. */
	public static final double HOLD_OUT = 0.2;
	/** The file of the new model folder that lists the candidates. */
	public static final String CSV_NAME = "auto-candidates.csv";

	/** One candidate: its strategy, layer (empty: the feature layer), grid, freeze, validation accuracy and time. */
	public record Candidate(String name, Strategy strategy, String layer, int grid, String freeze, double accuracy,
		double seconds) {}

	/** The candidates scored, the best, how they were scored, and the settings that train the best. */
	public record Choice(List<Candidate> candidates, Candidate best, String scoring, TransferSettings settings) {

		/** Why auto chose what it chose, on one line. */
		public String reason() {
			return String.format(Locale.ROOT, "auto chose %s: best validation accuracy %.3f of %d candidates, %s",
				best.name(), best.accuracy(), candidates.size(), scoring);
		}

		/** The candidates as a Markdown table (validation accuracy, seconds, the chosen one marked). */
		public String table() {
			final StringBuilder b = new StringBuilder("auto candidates (" + scoring + "):\n");
			b.append("| candidate | validation accuracy | seconds | chosen |\n|---|---|---|---|\n");
			for (final Candidate c : candidates) {
				b.append(String.format(Locale.ROOT, "| %s | %.3f | %.1f | %s |%n", c.name(), c.accuracy(), c.seconds(),
					c == best ? "yes" : ""));
			}
			return b.toString().trim();
		}

		/** Writes the candidates as CSV (candidate, strategy, layer, grid, freeze, accuracy, seconds, chosen). */
		public void writeCsv(final Path file) throws IOException {
			final StringBuilder b = new StringBuilder(
				"candidate,strategy,layer,grid,freeze,validation_accuracy,seconds,chosen\n");
			for (final Candidate c : candidates) {
				b.append(String.format(Locale.ROOT, "\"%s\",%s,%s,%d,%s,%.4f,%.2f,%s%n", c.name(), c.strategy().key(), c
					.layer(), c.grid(), c.freeze(), c.accuracy(), c.seconds(), c == best));
			}
			Files.writeString(file, b.toString());
		}
	}

	private AutoStrategy() {}

	/**
	 * Fraction of the pretrained layers frozen in fine-tuning for this many images in the smallest class: nearly all
	 * (0.9) below {@value #CROSS_VALIDATION_BELOW}, two thirds below {@value TransferLearning#FINETUNE_PER_CLASS}, half
	 * from there: the fewer the images, the fewer weights they can adapt without overfitting.
	 */
	public static double freezeFraction(final int minPerClass) {
		return minPerClass < CROSS_VALIDATION_BELOW ? 0.9 : minPerClass < TransferLearning.FINETUNE_PER_CLASS ? 2.0 / 3
			: 0.5;
	}

	/**
	 * Scores the candidates on {@code training} (validation: another set, or null to hold out or cross-validate) and
	 * returns the choice; the settings' layer and grid give the grid of the feature candidates.
	 */
	public static Choice choose(final Path pretrained, final LabelledImages training, final LabelledImages validation,
		final TransferSettings options, final Progress progress) throws IOException
	{
		final int minPerClass = java.util.Arrays.stream(training.countsPerClass()).min().orElse(0);
		final List<Candidate> candidates = new ArrayList<>();
		try (Network base = Networks.load(pretrained)) {
			final List<String> layers = layers(base);
			final int pretrainedLayers = base.spec().withoutHead().withoutTop().buildModel().nodes().size();
			final String freeze = Integer.toString((int) Math.round(freezeFraction(minPerClass) * pretrainedLayers));
			if (minPerClass < 2 && validation == null) {
				// nothing to score on: the usual choice
				final Candidate only = new Candidate("features at the feature layer", Strategy.FEATURES, "", options
					.grid(), "", Double.NaN, 0);
				return new Choice(List.of(only), only, "not scored: a class has fewer than 2 images", options.strategy(
					Strategy.FEATURES).layer("", options.grid()));
			}
			final Folds folds = folds(training, validation, minPerClass, options.seed());
			final FeatureCache cache = FeatureCache.open(pretrained.resolve(FeatureCache.FILE_NAME));
			for (int i = 0; i < layers.size(); i++) {
				final String layer = layers.get(i);
				progress.status("auto: features at " + layer + " (" + (i + 1) + " of " + layers.size() + ")");
				final long t = System.nanoTime();
				final float[][] x = HeadTraining.features(base, layer, options.grid(), folds.all(), cache);
				int correct = 0;
				for (int f = 0; f < folds.count(); f++) {
					final int[] tr = folds.training(f), va = folds.validation(f);
					final float[][] xt = rows(x, tr), xv = rows(x, va);
					final SoftmaxHead head = HeadTraining.fit(xt, labels(folds.all(), tr), training.classCount(),
						new HeadTraining.Options(options.epochs(), options.rate(), HeadTraining.L2, options.seed()),
						Progress.NONE);
					correct += Math.round(head.accuracy(xv, labels(folds.all(), va)) * va.length);
				}
				final boolean last = i == 0;
				candidates.add(new Candidate("features at " + layer + (last ? " (feature layer)" : ""), Strategy.FEATURES,
					last ? "" : layer, options.grid(), "", correct / (double) folds.scored(), seconds(t)));
			}
			cache.save();
			progress.status("auto: fine-tuning with the first " + freeze + " layers frozen");
			final long t = System.nanoTime();
			final TransferSettings fine = options.strategy(Strategy.FINETUNE).layer("", 1).freeze(freeze);
			int correct = 0;
			for (int f = 0; f < folds.count(); f++) {
				final LabelledImages tr = folds.all().subset(folds.training(f)), va = folds.all().subset(folds.validation(
					f));
				try (TransferLearning.Trained m = TransferLearning.train(base, pretrained, tr, va, fine, Progress.NONE)) {
					correct += Math.round(Trainer.evaluate(m.network(), va, Progress.NONE).accuracy() * va.size());
				}
			}
			candidates.add(new Candidate("finetune, first " + freeze + " of " + pretrainedLayers + " layers frozen",
				Strategy.FINETUNE, "", 1, freeze, correct / (double) folds.scored(), seconds(t)));
			cache.save();
			Candidate best = candidates.get(0);
			for (final Candidate c : candidates) if (c.accuracy() > best.accuracy()) best = c;
			final TransferSettings chosen = best.strategy() == Strategy.FINETUNE ? fine : options.strategy(
				Strategy.FEATURES).layer(best.layer(), best.grid());
			return new Choice(candidates, best, folds.description(), chosen);
		}
	}

	/** The feature layer, then the layers at {@link #DEPTHS} from deep to early, each once. */
	static List<String> layers(final Network base) {
		final Set<String> names = new LinkedHashSet<>();
		names.add(base.spec().featureLayer());
		for (int i = DEPTHS.length - 1; i >= 0; i--) {
			names.add(LayerFeatures.resolve(base, Double.toString(DEPTHS[i])));
		}
		return new ArrayList<>(names);
	}

	/** The images scored (training, then validation where given) and which of them train and score in each fold. */
	private record Folds(LabelledImages all, List<int[]> trainingFolds, List<int[]> validationFolds, int scored,
		String description)
	{

		int count() {
			return trainingFolds.size();
		}

		int[] training(final int f) {
			return trainingFolds.get(f);
		}

		int[] validation(final int f) {
			return validationFolds.get(f);
		}
	}

	private static Folds folds(final LabelledImages training, final LabelledImages validation, final int minPerClass,
		final long seed)
	{
		if (validation != null) {
			final LabelledImages all = concat(training, validation);
			return new Folds(all, List.of(range(0, training.size())), List.of(range(training.size(), all.size())),
				validation.size(), "scored on the " + validation.size() + " validation images");
		}
		if (minPerClass >= CROSS_VALIDATION_BELOW) {
			final Split split = Split.stratified(training, HOLD_OUT, seed);
			final LabelledImages all = concat(split.training(), split.validation());
			return new Folds(all, List.of(range(0, split.training().size())), List.of(range(split.training().size(), all
				.size())), split.validation().size(), String.format(Locale.ROOT, "scored on %d training images held out " +
					"(%.0f %% per class, seed %d)", split.validation().size(), 100 * HOLD_OUT, seed));
		}
		// stratified folds: every class's images shuffled with the seed and dealt round-robin
		final int k = Math.min(FOLDS, minPerClass);
		final Random random = new Random(seed);
		final int[] fold = new int[training.size()];
		for (int c = 0; c < training.classCount(); c++) {
			final List<Integer> members = new ArrayList<>();
			for (final int i : training.indicesOf(c)) members.add(i);
			Collections.shuffle(members, random);
			for (int j = 0; j < members.size(); j++) fold[members.get(j)] = j % k;
		}
		final List<int[]> tr = new ArrayList<>(), va = new ArrayList<>();
		for (int f = 0; f < k; f++) {
			final int ff = f;
			tr.add(java.util.stream.IntStream.range(0, fold.length).filter(i -> fold[i] != ff).toArray());
			va.add(java.util.stream.IntStream.range(0, fold.length).filter(i -> fold[i] == ff).toArray());
		}
		return new Folds(training, tr, va, training.size(), k + "-fold cross-validation (fewer than " +
			CROSS_VALIDATION_BELOW + " images in the smallest class; seed " + seed + ")");
	}

	/** {@code a}'s images, then {@code b}'s (same classes; pixel arrays shared). */
	private static LabelledImages concat(final LabelledImages a, final LabelledImages b) {
		final List<float[]> p = new ArrayList<>();
		final List<String> s = new ArrayList<>();
		final int[] l = new int[a.size() + b.size()];
		for (int i = 0; i < a.size(); i++) {
			p.add(a.pixels(i));
			s.add(a.source(i));
			l[i] = a.label(i);
		}
		for (int i = 0; i < b.size(); i++) {
			p.add(b.pixels(i));
			s.add(b.source(i));
			l[a.size() + i] = b.label(i);
		}
		return new LabelledImages(a.shape(), a.classNames(), a.normalization(), p, l, s);
	}

	private static int[] range(final int from, final int to) {
		return java.util.stream.IntStream.range(from, to).toArray();
	}

	private static float[][] rows(final float[][] x, final int[] indices) {
		final float[][] out = new float[indices.length][];
		for (int i = 0; i < indices.length; i++) out[i] = x[indices[i]];
		return out;
	}

	private static int[] labels(final LabelledImages data, final int[] indices) {
		final int[] out = new int[indices.length];
		for (int i = 0; i < indices.length; i++) out[i] = data.label(indices[i]);
		return out;
	}

	private static double seconds(final long start) {
		return (System.nanoTime() - start) / 1e9;
	}
}
