package org.convnetij.tf;

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
import org.convnetij.transfer.FeatureCache;
import org.convnetij.transfer.SoftmaxHead;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;

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

	/**
	 * Fine-tuning runs at the head's rate divided by this: Adam moves every weight by about the rate per step, and
	 * pretrained layers need small steps (Keras's recipe divides a head rate of 1e-4 by 10 with RMSprop).
	 */
	public static final double FINETUNE_RATE_DIVISOR = 100;

	/** The strategies, by command key. */
	public enum Strategy {
		FEATURES, FINETUNE, AUTO;

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static Strategy parse(final String key) {
			for (final Strategy s : values()) {
				if (s.key().equals(key == null ? "" : key.trim().toLowerCase(Locale.ROOT))) return s;
			}
			throw new UserInputException("strategy must be features, finetune or auto, not '" + key + "'");
		}
	}

	/**
	 * Settings: {@code freeze} is a layer name (it and every layer before it stay frozen in fine-tuning) or a count
	 * of first layers, empty for the first two thirds of the pretrained layers; {@code epochs} and {@code rate} are
	 * those of the head (Adam); fine-tuning then runs {@code epochs} more epochs at {@code rate / 100}, with
	 * {@code augmentation} of its batches and early stopping after {@code patience} epochs without a better
	 * validation loss (training loss without validation images; 0 = never), keeping the best epoch's weights. The
	 * head trains on the features of the images as they are (cached), never augmented.
	 */
	public record Options(Strategy strategy, String freeze, int epochs, double rate, long seed,
		org.convnetij.data.Augmentation augmentation, int patience)
	{

		public Options {
			if (epochs < 1) throw new UserInputException("epochs must be at least 1, not " + epochs);
			if (!(rate > 0)) throw new UserInputException("rate must be positive, not " + rate);
			if (patience < 0) throw new UserInputException("patience must be 0 (off) or more epochs, not " + patience);
			if (augmentation == null) augmentation = org.convnetij.data.Augmentation.none();
		}

		/** Without augmentation and early stopping in fine-tuning. */
		public Options(final Strategy strategy, final String freeze, final int epochs, final double rate,
			final long seed)
		{
			this(strategy, freeze, epochs, rate, seed, org.convnetij.data.Augmentation.none(), 0);
		}
	}

	/** What was done: the strategy used and why, accuracies, the new model's spec, a readable report. */
	public record Result(Strategy strategy, String reason, double trainingAccuracy, double validationAccuracy,
		ModelSpec spec, String report) {}

	private TransferLearning() {}

	/**
	 * Learns the classes of the labelled folder {@code data} (validation: another labelled folder, or null), read at
	 * the pretrained model's input size and normalisation; see {@link #run(Path, LabelledImages, LabelledImages,
	 * Options, Path, boolean, Progress)}.
	 */
	public static Result run(final Path pretrained, final Path data, final Path validation, final Options options,
		final Path output, final boolean overwrite, final Progress progress) throws IOException
	{
		final ModelSpec spec = ModelSpec.read(pretrained);
		final org.convnetij.data.InputShape shape = org.convnetij.data.InputShape.of(spec.input().width(), spec.input()
			.height(), spec.input().channels());
		final LabelledFolder train = LabelledFolder.scan(data);
		final org.convnetij.data.LoadedDataset loaded = train.load(shape, spec.normalization(), progress);
		final LabelledImages t = loaded.images();
		LabelledImages v = null;
		if (validation != null) {
			final LabelledFolder val = LabelledFolder.scan(validation);
			val.requireSameClasses(train);
			v = val.load(shape, spec.normalization(), progress).images();
		}
		return recordInput(run(pretrained, t, v, options, output, overwrite, progress), loaded, output);
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
	 * As {@link #run(Path, Path, Path, Options, Path, boolean, Progress)} with the {@code validation} key's meaning
	 * of every command: a validation folder, a fraction of {@code data} held out per class (stratified, with the
	 * options' seed), or none.
	 */
	public static Result learn(final Path pretrained, final Path data, final Validation validation,
		final Options options, final Path output, final boolean overwrite, final Progress progress) throws IOException
	{
		if (validation.fraction() == 0) return run(pretrained, data, validation.folder(), options, output, overwrite,
			progress);
		ModelFolder.checkWritable(output, overwrite);
		final ModelSpec spec = ModelSpec.read(pretrained);
		final org.convnetij.data.InputShape shape = org.convnetij.data.InputShape.of(spec.input().width(), spec.input()
			.height(), spec.input().channels());
		final org.convnetij.data.LoadedDataset loaded = LabelledFolder.scan(data).load(shape, spec.normalization(),
			progress);
		final Split split = Split.stratified(loaded.images(), validation.fraction(), options.seed());
		return recordInput(run(pretrained, split.training(), split.validation(), options, output, overwrite, progress),
			loaded, output);
	}

	/**
	 * Learns the classes of {@code training} on top of the pretrained model in {@code pretrained}, writes the new
	 * model folder {@code output}. {@code validation} may be null.
	 */
	public static Result run(final Path pretrained, final LabelledImages training, final LabelledImages validation,
		final Options options, final Path output, final boolean overwrite, final Progress progress) throws IOException
	{
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
			return savedModel(pretrained, training, validation, options, strategy, reason, output, overwrite, progress);
		}
		try (TfModel base = TfModel.load(pretrained)) {
			// any head the pretrained model has (its own or the architecture's classifier) is replaced
			final ModelSpec spec = withConvolutionalFeatures(base.spec().withoutHead().withTop().classes(training
				.classNames()).featureLayer("").training(base.spec().training().strategy(strategy.key()).base(pretrained
					.toString())));
			final Model model = spec.buildModel();
			try (TfModel m = TfModel.create(model, spec, options.seed())) {
				final Set<String> head = copyPretrained(base, m);
				final String featureLayer = model.node(model.output()).inputs().get(0);
				final HeadTraining h = trainHead(m, featureLayer, pretrained, training, validation, options, progress);
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

	/** Features of the training and validation images, the head trained on them, and the cache used. */
	private record HeadTraining(float[][] xTrain, float[][] xVal, SoftmaxHead head, FeatureCache cache) {}

	/**
	 * Strategy 1: the features at {@code layer} (cached in the pretrained folder) and a softmax head trained on them
	 * (L2 1e-4, the options' epochs, rate and seed).
	 */
	private static HeadTraining trainHead(final TfModel m, final String layer, final Path pretrained,
		final LabelledImages training, final LabelledImages validation, final Options options, final Progress progress)
		throws IOException
	{
		progress.status("features at " + layer + " of " + training.size() + " images");
		final FeatureCache cache = FeatureCache.open(pretrained.resolve(FeatureCache.FILE_NAME));
		final float[][] xTrain = features(m, layer, training, cache);
		final float[][] xVal = validation == null ? null : features(m, layer, validation, cache);
		cache.save();
		final SoftmaxHead head = SoftmaxHead.train(xTrain, training.labels(), training.classCount(), options.epochs(),
			options.rate(), 1e-4, options.seed(), progress);
		return new HeadTraining(xTrain, xVal, head, cache);
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
	static Set<String> copyPretrained(final TfModel base, final TfModel target) {
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

	/**
	 * The features of every image at {@code layer}, 4-D outputs averaged over height and width; images that came from
	 * files are looked up in and added to the cache.
	 */
	static float[][] features(final TfModel m, final String layer, final LabelledImages data, final FeatureCache cache)
		throws IOException
	{
		final float[][] out = new float[data.size()][];
		final List<Integer> todo = new ArrayList<>();
		for (int i = 0; i < data.size(); i++) {
			final Path file = file(data.source(i));
			if (file != null) out[i] = cache.get(file, layer);
			if (out[i] == null) todo.add(i);
		}
		final int len = data.shape().length();
		// flat outputs as they are, 4-D ones averaged over height and width
		final TfModelFeatures network = new TfModelFeatures(m, layer);
		final int length = network.featureLength();
		for (int start = 0; start < todo.size(); start += 32) {
			final int n = Math.min(32, todo.size() - start);
			final float[] batch = new float[n * len];
			for (int b = 0; b < n; b++) System.arraycopy(data.pixels(todo.get(start + b)), 0, batch, b * len, len);
			final float[] f = network.features(batch, n);
			for (int b = 0; b < n; b++) {
				final int i = todo.get(start + b);
				out[i] = java.util.Arrays.copyOfRange(f, b * length, (b + 1) * length);
				final Path file = file(data.source(i));
				if (file != null) cache.put(file, layer, out[i]);
			}
		}
		return out;
	}

	private static Path file(final String source) {
		try {
			final Path p = Path.of(source);
			return Files.isRegularFile(p) ? p : null;
		}
		catch (final InvalidPathException e) {
			return null;
		}
	}

	private static void setHead(final TfModel m, final Model model, final SoftmaxHead head) {
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

	/**
	 * Transfer learning on a SavedModel kept as it is. Features: a softmax head trained on its feature tensor
	 * (convnet.json's featureLayer, averaged over height and width when 4-D; cached like any features), written as a
	 * folder that keeps the same SavedModel with the head ({@link SavedModelFolder.Head}). Finetune: then the head
	 * and the SavedModel's variables after {@code freeze} (batch normalisation frozen) are trained together at
	 * {@code rate / 100} ({@link SavedModelFineTuning}), and the folder's SavedModel gets the new values.
	 */
	private static Result savedModel(final Path pretrained, final LabelledImages training,
		final LabelledImages validation, final Options options, final Strategy strategy, final String reason,
		final Path output, final boolean overwrite, final Progress progress) throws IOException
	{
		final SavedModelFolder.Spec base = SavedModelFolder.read(pretrained);
		try (TfModel m = TfModel.load(pretrained)) {
			final String layer = m.spec().featureLayer();
			final boolean pooled = !m.outputShape(layer).isFlat();
			final HeadTraining h = trainHead(m, layer, pretrained, training, validation, options, progress);
			final float[][] xTrain = h.xTrain(), xVal = h.xVal();
			final SoftmaxHead softmax = h.head();
			final FeatureCache cache = h.cache();
			SavedModelFolder.Head head = new SavedModelFolder.Head(layer, pooled, softmax.featureCount(), softmax.kernel(),
				softmax.bias());
			double trainAcc = softmax.accuracy(xTrain, training.labels());
			double valAcc = xVal == null ? Double.NaN : softmax.accuracy(xVal, validation.labels());
			String detail = "new head (" + training.classCount() + " classes) trained on " + softmax.featureCount() +
				" features of the SavedModel's " + layer + (pooled ? " (averaged over height and width)" : "") + " for " +
				options.epochs() + " epochs (" + cache.hits() + " images from the cache)";
			SavedModelFineTuning tuning = null;
			if (strategy == Strategy.FINETUNE) {
				tuning = new SavedModelFineTuning(m.savedModel(), head, options.freeze());
				final double fineRate = options.rate() / FINETUNE_RATE_DIVISOR;
				final long total = (long) options.epochs() * SavedModelFineTuning.batchesPerEpoch(training.size());
				final long[] done = { 0 };
				Map<String, float[]> lastGood = tuning.weights(), best = lastGood;
				double bestScore = Double.POSITIVE_INFINITY;
				int bestEpoch = 0, waited = 0;
				String stop = "";
				int epochs = 0;
				for (int epoch = 1; epoch <= options.epochs(); epoch++) {
					final double[] r = tuning.epoch(training, options.augmentation(), fineRate, options.seed(), epoch - 1,
						progress, done, total);
					if (r == null || !Double.isFinite(r[0])) {
						final boolean patient = options.patience() > 0;
						tuning.setWeights(patient ? best : lastGood);
						stop = (r == null ? "; cancelled in epoch " + epoch : String.format(Locale.ROOT, "; the loss became " +
							"NaN in epoch %d (rate %s is too high, try %s)", epoch, fineRate, fineRate / 10)) +
							", the weights of epoch " + (patient ? bestEpoch : epochs) + " kept";
						break;
					}
					lastGood = tuning.weights();
					epochs = epoch;
					final double score = validation == null ? r[0] : Evaluation.of(validation.classNames(), tuning.predict(
						validation), validation.labels()).loss();
					progress.status(String.format(Locale.ROOT, "fine-tuning epoch %d/%d: loss %.4f, accuracy %.4f%s", epoch,
						options.epochs(), r[0], r[1], validation == null ? "" : String.format(Locale.ROOT,
							", validation loss %.4f", score)));
					if (score < bestScore) {
						bestScore = score;
						best = lastGood;
						bestEpoch = epoch;
						waited = 0;
					}
					else if (options.patience() > 0 && ++waited >= options.patience() && epoch < options.epochs()) {
						tuning.setWeights(best);
						stop = "; stopped early after epoch " + epoch + ": the " + (validation == null ? "" : "validation ") +
							"loss did not improve for " + options.patience() + " epochs; the weights of epoch " + bestEpoch +
							" kept";
						break;
					}
				}
				if (options.patience() > 0 && stop.isEmpty() && bestEpoch != epochs) {
					tuning.setWeights(best);
					stop = "; the weights of epoch " + bestEpoch + " kept (best " + (validation == null ? "" : "validation ") +
						"loss)";
				}
				head = tuning.head(layer, pooled);
				trainAcc = Evaluation.of(training.classNames(), tuning.predict(training), training.labels()).accuracy();
				valAcc = validation == null ? Double.NaN : Evaluation.of(validation.classNames(), tuning.predict(
					validation), validation.labels()).accuracy();
				detail += "; then fine-tuned " + epochs + " epochs at rate " + fineRate + " with " + tuning.describe() + stop;
			}
			final SavedModelFolder.Spec spec = new SavedModelFolder.Spec(base.inputTensor(), base.outputTensor(), base
				.input(), training.classNames(), base.normalization(), base.featureTensor(), head);
			final SavedModelFineTuning tuned = tuning;
			ModelFolder.write(output, overwrite, temp -> {
				SavedModelFolder.writeInto(temp, pretrained.resolve(SavedModelFolder.FOLDER), spec);
				SavedModelFolder.recordTraining(temp, strategy.key(), pretrained.toString());
				if (tuned != null) {
					// a new checkpoint, not written over the copied one (whose shards may be more or read-only)
					final Path variables = temp.resolve(SavedModelFolder.FOLDER).resolve("variables");
					try (java.util.stream.Stream<Path> old = Files.list(variables)) {
						for (final Path f : old.filter(f -> f.getFileName().toString().startsWith("variables.")).toList()) {
							Files.delete(f);
						}
					}
					tuned.saveVariables(variables.resolve("variables"));
				}
			});
			final String report = strategy.key() + " (" + reason + "): " + detail + String.format(Locale.ROOT,
				"; training accuracy %.3f", trainAcc) + (validation == null ? "" : String.format(Locale.ROOT,
					", validation accuracy %.3f", valAcc)) + "; model written to " + output + " (the SavedModel " + (tuning ==
						null ? "kept as it is" : "with its fine-tuned values") + ", with the new head)";
			return new Result(strategy, reason, trainAcc, valAcc, ModelSpec.read(output), report);
		}
	}
}
