package org.convnetij.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.convnetij.data.LabelledFolder;
import org.convnetij.data.LabelledImages;
import org.convnetij.data.Split;
import org.convnetij.data.Validation;
import org.convnetij.nn.BatchNormalization;
import org.convnetij.nn.EpochRecord;
import org.convnetij.nn.Model;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.Node;
import org.convnetij.nn.TransferSettings.Strategy;
import org.convnetij.transfer.FeatureCache;
import org.convnetij.transfer.SoftmaxHead;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.ModelFolder;
import org.convnetij.nn.TransferSettings;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.data.InputShape;

/**
 * Transfer learning from a pretrained model folder to new classes.
 * <ul>
 * <li><b>features</b> (strategy 1): the pretrained network stays as it is; the features before its classifier are
 * computed once (cached in the pretrained model's folder by file, modification time and layer) and a new softmax
 * head ({@link SoftmaxHead}) is trained on them;
 * <li><b>finetune</b> (strategy 2, the Keras recipe): the new head is trained alone first (as in features), then the
 * top layers are unfrozen and trained together with the head at a hundredth of the rate, the first layers ({@code freeze})
 * and every batch normalisation layer frozen (these stay in inference mode, with their moving statistics);
 * <li><b>auto</b>: features for small sets (fewer than {@value #FINETUNE_PER_CLASS} training images per class),
 * finetune otherwise; the result says which and why.
 * </ul>
 * The result is an ordinary model folder (the pretrained layers and the new classifier of the architecture,
 * {@code predictions}) that Classify and Evaluate take.
 */
public final class TransferLearning {

	/** Images per class from which auto chooses fine-tuning. */
	public static final int FINETUNE_PER_CLASS = 100;

	/** Fine-tuning runs at the head's rate divided by this ({@link TransferSettings#FINETUNE_RATE_DIVISOR}). */
	public static final double FINETUNE_RATE_DIVISOR = TransferSettings.FINETUNE_RATE_DIVISOR;

	/**
	 * Where transfer learning reads and writes: the pretrained model folder, the new model folder, and whether an
	 * existing model folder there may be replaced.
	 */
	public record Target(Path pretrained, Path output, boolean overwrite) {}

	/** What was done: the strategy used and why, accuracies, the new model's spec, a readable report. */
	public record Result(Strategy strategy, String reason, double trainingAccuracy, double validationAccuracy,
		ModelSpec spec, String report) {}

	private TransferLearning() {}

	/**
	 * Learns the classes of the labelled folder {@code data} (validation: another labelled folder, or null), read at
	 * the pretrained model's input size and normalisation; see {@link #run(Target, LabelledImages, LabelledImages,
	 * TransferSettings, Progress)}.
	 */
	public static Result run(final Target target, final Path data, final Path validation,
		final TransferSettings options, final Progress progress) throws IOException
	{
		final Path pretrained = target.pretrained(), output = target.output();
		final ModelSpec spec = ModelSpec.read(pretrained);
		final InputShape shape = spec.input();
		final LabelledFolder train = LabelledFolder.scan(data);
		final org.convnetij.data.LoadedDataset loaded = train.load(shape, spec.normalization(), progress);
		final LabelledImages t = loaded.images();
		LabelledImages v = null;
		if (validation != null) {
			final LabelledFolder val = LabelledFolder.scan(validation);
			val.requireSameClasses(train);
			v = val.load(shape, spec.normalization(), progress).images();
		}
		return recordInput(run(target, t, v, options, progress), loaded, output);
	}

	/**
	 * The new model learnt from these images: their bit depth is the one it takes (mixed depths: not known), and RGB
	 * images it learnt from as gray are converted the same way when it classifies.
	 */
	private static Result recordInput(final Result r, final org.convnetij.data.LoadedDataset loaded,
		final Path output) throws IOException
	{
		final ModelSpec written = ModelSpec.read(output);
		if (written.isSavedModel()) return r;
		final ModelSpec withDepth = written.bitDepth(Cnn.singleBitDepth(loaded.summary())).rgbAsGray(loaded.summary()
			.rgbToGrayCount() > 0);
		withDepth.write(output);
		return new Result(r.strategy(), r.reason(), r.trainingAccuracy(), r.validationAccuracy(), withDepth, r
			.report());
	}

	/**
	 * As {@link #run(Target, Path, Path, TransferSettings, Progress)} with the {@code validation} key's meaning
	 * of every command: a validation folder, a fraction of {@code data} held out per class (stratified, with the
	 * options' seed), or none.
	 */
	public static Result learn(final Target target, final Path data, final Validation validation,
		final TransferSettings options, final Progress progress) throws IOException
	{
		final Path pretrained = target.pretrained(), output = target.output();
		final boolean overwrite = target.overwrite();
		if (validation.fraction() == 0) return run(target, data, validation.folder(), options,
			progress);
		ModelFolder.checkWritable(output, overwrite);
		final ModelSpec spec = ModelSpec.read(pretrained);
		final InputShape shape = spec.input();
		final org.convnetij.data.LoadedDataset loaded = LabelledFolder.scan(data).load(shape, spec.normalization(),
			progress);
		final Split split = Split.stratified(loaded.images(), validation.fraction(), options.seed());
		return recordInput(run(target, split.training(), split.validation(), options, progress),
			loaded, output);
	}

	/**
	 * Learns the classes of {@code training} on top of the pretrained model in {@code pretrained}, writes the new
	 * model folder {@code output}. {@code validation} may be null.
	 */
	public static Result run(final Target target, final LabelledImages training, final LabelledImages validation,
		final TransferSettings options, final Progress progress) throws IOException
	{
		final Path pretrained = target.pretrained(), output = target.output();
		final boolean overwrite = target.overwrite();
		ModelFolder.checkWritable(output, overwrite);
		if (validation != null && !validation.classNames().equals(training.classNames())) {
			throw new UserInputException("the validation classes " + validation.classNames() +
				" differ from the training classes " + training.classNames());
		}
		final int minPerClass = java.util.Arrays.stream(training.countsPerClass()).min().orElse(0);
		Strategy strategy = options.strategy();
		String reason = "as asked";
		if (strategy == Strategy.AUTO) {
			strategy = minPerClass < FINETUNE_PER_CLASS ? Strategy.FEATURES : Strategy.FINETUNE;
			reason = strategy == Strategy.FEATURES ? "auto chose features: " + minPerClass + " images in the smallest " +
				"class is few (fine-tuning pays from about " + FINETUNE_PER_CLASS + " per class and risks overfitting " +
				"below)" : "auto chose finetune: " + minPerClass + " or more images per class (at least " +
					FINETUNE_PER_CLASS + ") are enough to adapt the top layers";
		}
		if (ModelSpec.read(pretrained).isSavedModel()) {
			return savedModel(pretrained, new TrainingData(training, validation), options.strategy(strategy), reason,
				output, overwrite, progress);
		}
		try (Network base = Networks.load(pretrained)) {
			// any head the pretrained model has (its own or the architecture's classifier) is replaced
			final ModelSpec spec = withConvolutionalFeatures(base.spec().withoutHead().withTop().classes(training
				.classNames()).featureLayer("").training(base.spec().training().strategy(strategy.key()).base(pretrained
					.toString())));
			final Model model = spec.buildModel();
			try (Network m = Networks.create(model, spec, options.seed())) {
				final Set<String> head = copyPretrained(base, m);
				final String featureLayer = model.node(model.output()).inputs().get(0);
				final HeadTraining h = HeadTraining.train(new HeadTraining.Source(m, featureLayer, pretrained), training,
					validation, options, progress);
				final float[][] xTrain = h.xTrain(), xVal = h.xVal();
				final SoftmaxHead softmax = h.head();
				final FeatureCache cache = h.cache();
				setHead(m, model, softmax);
				final List<EpochRecord> history = new ArrayList<>(List.of(record(options.epochs(), softmax, xTrain,
					training, xVal, validation)));
				m.setSpec(m.spec().history(history));
				final int dropped = base.spec().architecture() == org.convnetij.nn.Architecture.CUSTOM && base.spec()
					.pattern() != null ? base.spec().pattern().dense() - spec.pattern().dense() : 0;
				String detail = (dropped > 0 ? "hidden dense layers fc1" + (dropped > 1 ? " .. fc" + dropped : "") +
					" of the pretrained custom net left out (the classifier sits on the convolutional features); " : "") +
					"new head (" + String.join(", ", head) + ") trained on " + xTrain[0].length + " features of " +
					featureLayer + " for " + options.epochs() + " epochs (" + cache.hits() + " images from the cache)";
				if (strategy == Strategy.FINETUNE) {
					final Set<String> frozen = frozenLayers(model, head, options.freeze());
					final TrainOptions fine = TrainOptions.builder().epochs(options.epochs()).learningRate(options.rate() /
						FINETUNE_RATE_DIVISOR).seed(options.seed()).validationFraction(0).freeze(frozen).augmentation(options
							.augmentation()).patience(options.patience()).build();
					final TrainingResult r = Trainer.fit(m, training, validation, fine, progress);
					detail += "; then fine-tuned " + (r.history().size() - 1) + " epochs at rate " + options.rate() / FINETUNE_RATE_DIVISOR + " with " +
						frozen.size() + " of " + model.nodes().size() + " layers frozen (batch normalisation included): " + r
							.message();
				}
				final Evaluation trainEval = Trainer.evaluate(m, training, Progress.NONE);
				final Evaluation valEval = validation == null ? null : Trainer.evaluate(m, validation, Progress.NONE);
				m.save(output, overwrite);
				final String report = strategy.key() + " (" + reason + "): " + detail + String.format(Locale.ROOT,
					"; training accuracy %.3f", trainEval.accuracy()) + (valEval == null ? "" : String.format(Locale.ROOT,
						", validation accuracy %.3f", valEval.accuracy())) + "; model written to " + output;
				return new Result(strategy, reason, trainEval.accuracy(), valEval == null ? Double.NaN : valEval
					.accuracy(), m.spec(), report);
			}
		}
	}

	/**
	 * A custom net's hidden dense layers (fc1 .. fcK) are left out of the new model, so that its classifier sits on
	 * the flattened last convolutional block: the dense layers learnt combinations specific to the old classes, the
	 * convolutions more general patterns. Measured on Fashion-MNIST (classes 0-4 -> 5-9, 5 images per class, 3
	 * seeds): features of fc1 66.5 %, of the convolutions 79.5 % held-out accuracy (docs/transfer-learning.md).
	 * Named architectures (MobileNetV2, ...) keep their own layer before the classifier (global average pooling).
	 */
	static ModelSpec withConvolutionalFeatures(final ModelSpec spec) {
		final org.convnetij.nn.ConvPattern p = spec.pattern();
		if (spec.architecture() != org.convnetij.nn.Architecture.CUSTOM || p == null || p.dense() == 0 || p
			.convs() == 0 || p.convBlocks() == 0) return spec;
		return spec.pattern(p.dense(0));
	}

	/**
	 * Copies every pretrained weight the new model has with the same shape, except the classifier (the output layer,
	 * which belongs to the old classes even where their number is the same); returns the layers left new.
	 */
	static Set<String> copyPretrained(final Network base, final Network target) {
		final Map<String, float[]> from = base.weights();
		final Map<String, int[]> shapes = target.weightShapes();
		final Map<String, float[]> copy = new LinkedHashMap<>();
		final Map<String, int[]> baseShapes = base.weightShapes();
		final String classifier = target.model().output() + "/";
		for (final Map.Entry<String, int[]> e : shapes.entrySet()) {
			if (e.getKey().startsWith(classifier)) continue;
			final int[] s = baseShapes.get(e.getKey());
			if (s != null && java.util.Arrays.equals(s, e.getValue())) copy.put(e.getKey(), from.get(e.getKey()));
		}
		final List<String> missing = target.setWeights(copy);
		final Set<String> head = new LinkedHashSet<>();
		for (final String name : missing) head.add(name.substring(0, name.lastIndexOf('/')));
		return head;
	}

	private static void setHead(final Network m, final Model model, final SoftmaxHead head) {
		final String out = model.output();
		final Map<String, float[]> w = new LinkedHashMap<>();
		w.put(out + "/kernel", head.kernel());
		w.put(out + "/bias", head.bias());
		m.setWeights(w);
	}

	private static EpochRecord record(final int epochs, final SoftmaxHead head, final float[][] x,
		final LabelledImages training, final float[][] xVal, final LabelledImages validation)
	{
		final double acc = head.accuracy(x, training.labels());
		if (xVal == null) return EpochRecord.of(epochs, head.finalLoss(), acc);
		double loss = 0;
		for (int i = 0; i < xVal.length; i++) {
			loss -= Math.log(Math.max(head.predict(xVal[i])[validation.label(i)], 1e-12f));
		}
		return EpochRecord.of(epochs, head.finalLoss(), acc, loss / xVal.length, head.accuracy(xVal, validation
			.labels()));
	}

	/**
	 * The layers frozen in fine-tuning: those up to and including {@code freeze} (a layer name), or the first
	 * {@code freeze} layers (a count), or the first two thirds of the pretrained layers (empty); and every batch
	 * normalisation layer. Never a head layer.
	 */
	static Set<String> frozenLayers(final Model model, final Set<String> head, final String freeze) {
		final List<Node> nodes = model.nodes();
		final List<Node> pretrained = new ArrayList<>();
		for (final Node n : nodes) if (!head.contains(n.name())) pretrained.add(n);
		int count;
		final String f = freeze == null ? "" : freeze.trim();
		if (f.isEmpty()) {
			count = pretrained.size() * 2 / 3;
		}
		else if (f.matches("\\d+")) {
			count = Integer.parseInt(f);
			if (count > pretrained.size()) {
				throw new UserInputException("freeze " + count + " is more than the " + pretrained.size() +
					" pretrained layers");
			}
		}
		else {
			count = -1;
			for (int i = 0; i < pretrained.size(); i++) if (pretrained.get(i).name().equals(f)) count = i + 1;
			if (count < 0) {
				throw new UserInputException("freeze: '" + f + "' is not a pretrained layer of " + model.name() +
					" (give a layer name such as " + pretrained.get(pretrained.size() / 2).name() + ", or a count)");
			}
		}
		final Set<String> frozen = new LinkedHashSet<>();
		for (int i = 0; i < count; i++) if (!pretrained.get(i).weights().isEmpty()) frozen.add(pretrained.get(i).name());
		for (final Node n : nodes) {
			if (n.layer() instanceof BatchNormalization) frozen.add(n.name());
		}
		return frozen;
	}

	/** Training images and validation images (null: none). */
	private record TrainingData(LabelledImages training, LabelledImages validation) {}

	/**
	 * Transfer learning onto a SavedModel kept as it is: a softmax head trained on its feature tensor (convnet.json's
	 * featureLayer, averaged over height and width when 4-D; cached like any features), put on the SavedModel by
	 * the engine; then (finetune) the head and the SavedModel's variables after {@code freeze} (batch normalisation
	 * frozen) are trained together by the training loop at {@code rate / 100}; the folder keeps the SavedModel (with
	 * its fine-tuned values) and the head.
	 */
	private static Result savedModel(final Path pretrained, final TrainingData data, final TransferSettings options,
		final String reason, final Path output, final boolean overwrite, final Progress progress) throws IOException
	{
		final LabelledImages training = data.training(), validation = data.validation();
		final Strategy strategy = options.strategy();
		try (Network m = Networks.load(pretrained)) {
			final String layer = m.spec().featureLayer();
			final boolean pooled = !m.outputShape(layer).isFlat();
			final HeadTraining h = HeadTraining.train(new HeadTraining.Source(m, layer, pretrained), training, validation,
				options, progress);
			final SoftmaxHead softmax = h.head();
			double trainAcc = softmax.accuracy(h.xTrain(), training.labels());
			double valAcc = h.xVal() == null ? Double.NaN : softmax.accuracy(h.xVal(), validation.labels());
			String detail = "new head (" + training.classCount() + " classes) trained on " + softmax.featureCount() +
				" features of the SavedModel's " + layer + (pooled ? " (averaged over height and width)" : "") + " for " +
				options.epochs() + " epochs (" + h.cache().hits() + " images from the cache)";
			final Network tuned = Networks.engine().withNewHead(m, new TransferSettings.Head(layer, pooled, softmax
				.kernel(), softmax.bias()), training.classNames());
			if (strategy == Strategy.FINETUNE) {
				final int before = tuned.spec().history().size();
				final TrainOptions fine = TrainOptions.builder().epochs(options.epochs()).learningRate(options
					.fineTuningRate()).seed(options.seed()).validationFraction(0).freezeUpTo(options.freeze()).augmentation(
						options.augmentation()).patience(options.patience()).build();
				final TrainingResult r = Trainer.fit(tuned, training, validation, fine, progress);
				trainAcc = Trainer.evaluate(tuned, training, Progress.NONE).accuracy();
				valAcc = validation == null ? Double.NaN : Trainer.evaluate(tuned, validation, Progress.NONE).accuracy();
				detail += "; then fine-tuned " + (r.history().size() - before) + " epochs at rate " + options
					.fineTuningRate() + " with " + r.trained() + ": " + r.message();
			}
			tuned.setSpec(tuned.spec().training(tuned.spec().training().strategy(strategy.key()).base(pretrained
				.toString())));
			tuned.save(output, overwrite);
			final String report = strategy.key() + " (" + reason + "): " + detail + String.format(Locale.ROOT,
				"; training accuracy %.3f", trainAcc) + (validation == null ? "" : String.format(Locale.ROOT,
					", validation accuracy %.3f", valAcc)) + "; model written to " + output + " (the SavedModel " + (strategy ==
						Strategy.FEATURES ? "kept as it is" : "with its fine-tuned values") + ", with the new head)";
			return new Result(strategy, reason, trainAcc, valAcc, ModelSpec.read(output), report);
		}
	}
}
