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
import org.convnetij.nn.HeadLayer;
import org.convnetij.nn.Shape;
import org.convnetij.transfer.LayerFeatures;
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
 * <li><b>auto</b>: tries features at a few layers from early to last and finetune, scores each on validation images
 * and keeps the best ({@link AutoStrategy}); the report lists every candidate (and {@value AutoStrategy#CSV_NAME} in
 * the new model folder). For a SavedModel kept as it is: features for small sets (fewer than
 * {@value #FINETUNE_PER_CLASS} training images per class), finetune otherwise.
 * </ul>
 * The head sits on the model's feature layer, or on the layer the settings name ({@code layer}: a name or a relative
 * depth), averaged over height and width or over the cells of a {@code grid}; the new model then keeps the network
 * up to that layer.
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
		TransferSettings settings = options;
		String reason = "as asked";
		AutoStrategy.Choice choice = null;
		final boolean savedModel = ModelSpec.read(pretrained).isSavedModel();
		if (savedModel && !options.defaultLayer()) {
			throw new UserInputException("layer and grid need a model of ConvNet-IJ's architectures; a SavedModel kept " +
				"as it is gives the features of the layer it was imported with (Import Model's layer key)");
		}
		if (strategy == Strategy.AUTO && !savedModel) {
			choice = AutoStrategy.choose(pretrained, training, validation, options, progress);
			settings = choice.settings();
			strategy = settings.strategy();
			reason = choice.reason();
		}
		else if (strategy == Strategy.AUTO) {
			strategy = minPerClass < FINETUNE_PER_CLASS ? Strategy.FEATURES : Strategy.FINETUNE;
			reason = strategy == Strategy.FEATURES ? "auto chose features: " + minPerClass + " images in the smallest " +
				"class is few (fine-tuning pays from about " + FINETUNE_PER_CLASS + " per class and risks overfitting " +
				"below)" : "auto chose finetune: " + minPerClass + " or more images per class (at least " +
					FINETUNE_PER_CLASS + ") are enough to adapt the top layers";
		}
		if (savedModel) {
			return savedModel(pretrained, new TrainingData(training, validation), options.strategy(strategy), reason,
				output, overwrite, progress);
		}
		try (Network base = Networks.load(pretrained);
			Trained t = train(base, pretrained, training, validation, settings.strategy(strategy), progress))
		{
			final Network m = t.network();
			final Evaluation trainEval = Trainer.evaluate(m, training, Progress.NONE);
			final Evaluation valEval = validation == null ? null : Trainer.evaluate(m, validation, Progress.NONE);
			m.save(output, overwrite);
			if (choice != null) choice.writeCsv(output.resolve(AutoStrategy.CSV_NAME));
			final String report = strategy.key() + " (" + reason + "): " + t.detail() + String.format(Locale.ROOT,
				"; training accuracy %.3f", trainEval.accuracy()) + (valEval == null ? "" : String.format(Locale.ROOT,
					", validation accuracy %.3f", valEval.accuracy())) + "; model written to " + output + (choice ==
						null ? "" : "\n" + choice.table());
			return new Result(strategy, reason, trainEval.accuracy(), valEval == null ? Double.NaN : valEval
				.accuracy(), m.spec(), report);
		}
	}

	/** A transfer model trained in memory (not saved; close it) and what was done, for the report. */
	record Trained(Network network, String detail) implements AutoCloseable {

		@Override
		public void close() {
			network.close();
		}
	}

	/**
	 * The new model of {@code strategy} (features or finetune) on top of {@code base}, loaded from
	 * {@code pretrained}, trained in memory; {@code validation} (may be null) is the fine-tuning's early-stopping
	 * set.
	 */
	static Trained train(final Network base, final Path pretrained, final LabelledImages training,
		final LabelledImages validation, final TransferSettings options, final Progress progress) throws IOException
	{
		final Strategy strategy = options.strategy();
		final HeadSpec hs = headSpec(base, training, options, pretrained);
		final ModelSpec spec = hs.spec();
		final Model model = spec.buildModel();
		final Network m = Networks.create(model, spec, options.seed());
		try {
			final Set<String> head = copyPretrained(base, m);
			final String featureLayer = spec.featureLayer();
			// default layer: the features of the new model's own feature layer; another layer: of the pretrained
			// network at that layer and grid (the new model computes the same from the copied weights)
			final HeadTraining h = options.defaultLayer() ? HeadTraining.train(new HeadTraining.Source(m, featureLayer,
				pretrained), training, validation, options, progress) : HeadTraining.train(new HeadTraining.Source(base,
					hs.layer(), pretrained, options.grid()), training, validation, options, progress);
			final float[][] xTrain = h.xTrain(), xVal = h.xVal();
			final SoftmaxHead softmax = h.head();
			setHead(m, model, softmax);
			final List<EpochRecord> history = new ArrayList<>(List.of(record(options.epochs(), softmax, xTrain,
				training, xVal, validation)));
			m.setSpec(m.spec().history(history));
			final int dropped = base.spec().architecture() == org.convnetij.nn.Architecture.CUSTOM && base.spec()
				.pattern() != null && spec.pattern() != null ? base.spec().pattern().dense() - spec.pattern().dense() : 0;
			String detail = (dropped > 0 ? "hidden dense layers fc1" + (dropped > 1 ? " .. fc" + dropped : "") +
				" of the pretrained custom net left out (the classifier sits on the convolutional features); " : "") +
				"new head (" + String.join(", ", head) + ") trained on " + xTrain[0].length + " features of " + (options
					.defaultLayer() ? featureLayer : hs.describe()) + " for " + options.epochs() + " epochs (" + h.cache()
						.hits() + " images from the cache)";
			if (strategy == Strategy.FINETUNE) {
				final Set<String> frozen = frozenLayers(model, head, options.freeze());
				final TrainOptions fine = TrainOptions.builder().epochs(options.epochs()).learningRate(options.rate() /
					FINETUNE_RATE_DIVISOR).seed(options.seed()).validationFraction(0).freeze(frozen).augmentation(options
						.augmentation()).patience(options.patience()).build();
				final TrainingResult r = Trainer.fit(m, training, validation, fine, progress);
				detail += "; then fine-tuned " + (r.history().size() - 1) + " epochs at rate " + options.rate() /
					FINETUNE_RATE_DIVISOR + " with " + frozen.size() + " of " + model.nodes().size() + " layers frozen " +
					"(batch normalisation included): " + r.message();
			}
			return new Trained(m, detail);
		}
		catch (final IOException | RuntimeException e) {
			m.close();
			throw e;
		}
	}

	/** The new model's spec, the pretrained layer its head sits on, and how it pools it. */
	record HeadSpec(ModelSpec spec, String layer, int grid, String pooling) {

		String describe() {
			return layer + pooling;
		}
	}

	/**
	 * The spec of the new model: on the feature layer (default), the architecture's classifier replacing any head;
	 * on another layer, the network up to it, then global average pooling (grid 1) or average pooling over grid
	 * cells and a flatten, then the classifier {@code predictions}.
	 */
	static HeadSpec headSpec(final Network base, final LabelledImages training, final TransferSettings options,
		final Path pretrained)
	{
		final org.convnetij.nn.TrainingSettings t = base.spec().training().strategy(options.strategy().key()).base(
			pretrained.toString());
		if (options.defaultLayer()) {
			// any head the pretrained model has (its own or the architecture's classifier) is replaced
			final ModelSpec spec = withConvolutionalFeatures(base.spec().withoutHead().withTop().classes(training
				.classNames()).featureLayer("").training(t));
			return new HeadSpec(spec, spec.featureLayer(), 1, "");
		}
		final String layer = LayerFeatures.resolve(base, options.layer());
		final ModelSpec body = base.spec().withoutHead().withoutTop().classes(training.classNames()).featureLayer("");
		if (!body.buildModel().has(layer)) {
			throw new UserInputException("layer '" + options.layer() + "' is not a layer of the pretrained network " +
				"(give a layer name up to " + base.spec().featureLayer() + ", or a relative depth such as 0.5)");
		}
		final int grid = options.grid();
		final Shape shape = base.outputShape(layer);
		new LayerFeatures(base, layer, grid); // refuses a grid that does not fit, with its message
		final List<HeadLayer> head = new ArrayList<>();
		String pooling = "";
		String features = layer;
		if (!shape.isFlat() && grid == 1) {
			head.add(HeadLayer.of("GlobalAveragePooling2D", "head_pool"));
			features = "head_pool";
			pooling = " (averaged over height and width)";
		}
		else if (!shape.isFlat()) {
			if (shape.width() != shape.height() || shape.width() % grid != 0) {
				throw new UserInputException("grid " + grid + " does not split " + layer + " (" + shape.width() + " x " +
					shape.height() + ") into equal square cells, which the new model's pooling needs: use a grid that " +
					"divides " + shape.width() + (shape.width() == shape.height() ? "" : " on a square layer") +
					", or grid=1");
			}
			head.add(HeadLayer.pooling("AveragePooling2D", "head_pool", shape.width() / grid, shape.width() / grid,
				"valid"));
			head.add(HeadLayer.of("Flatten", "head_flatten"));
			features = "head_flatten";
			pooling = " (averaged over the cells of a " + grid + " x " + grid + " grid)";
		}
		head.add(HeadLayer.dense("predictions", training.classCount(), "softmax"));
		final ModelSpec spec = body.head(layer, head).featureLayer(features).training(t);
		return new HeadSpec(spec, layer, grid, pooling);
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
