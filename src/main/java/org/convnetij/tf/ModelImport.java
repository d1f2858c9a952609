package org.convnetij.tf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.data.Normalization;
import org.convnetij.nn.Architecture;
import org.convnetij.nn.Architectures;
import org.convnetij.nn.HeadLayer;
import org.convnetij.nn.Model;
import org.convnetij.nn.ImportSettings.Result;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.Top;
import org.convnetij.transfer.KerasApplicationsWeights;
import org.convnetij.transfer.KerasHead;
import org.convnetij.transfer.KerasLayer;
import org.convnetij.transfer.KerasPreprocessing;
import org.convnetij.transfer.TfjsModel;
import org.convnetij.transfer.WeightMatch;
import org.convnetij.transfer.WeightSet;
import org.convnetij.transfer.WeightTensor;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.ModelFolder;
import org.convnetij.nn.ImportSettings;
import org.convnetij.data.InputShape;

/**
 * Pretrained weights into one of our architectures, saved as an ordinary model folder (convnet.json + weights) that
 * Extract Features, Transfer Learning, Classify and Evaluate take:
 * <ul>
 * <li>a TensorFlow.js layers model (model.json): the architecture is recognised from its layer names (MobileNetV2:
 * Conv1, block_16_project, out_relu) or given; the body up to the architecture's last feature layer is imported, a
 * head of another task after it is left out (reported); input size from the model, normalisation range ([0, 1]);
 * <li>a Keras HDF5 weight file (Keras Applications, full or notop, or save_weights): the architecture must be given;
 * with the classifier when every weight of the full model is in the file, else without; input the architecture's
 * usual one; normalisation as Keras Applications preprocesses for it ({@link KerasPreprocessing}).
 * </ul>
 */
public final class ModelImport {


	/** Why notop does not apply to a SavedModel kept as it is. */
	static final String NOTOP_AS_IS = "notop does not apply to a SavedModel kept as it is (it serves its own " +
		"output); Transfer Learning and Extract Features use its feature tensor (layer=), so import it without notop";

	/** The bit depth of the images that the published pretrained networks learnt from (ImageNet photos). */
	private static final int PHOTO_BIT_DEPTH = 8;

	private ModelImport() {}

	/** Imports as {@code settings} say (see {@link ImportSettings}). */
	public static Result run(final ImportSettings settings, final Progress progress) throws IOException {
		return run(settings.source(), settings.architecture(), settings.size(), settings.normalization(), settings
			.classes(), settings.layer(), settings.notop(), settings.output(), settings.overwrite(), progress);
	}

	/**
	 * Imports {@code source} into a new model folder {@code output}.
	 *
	 * @param architecture an architecture key, or empty to recognise it (TF.js models only)
	 */
	static Result run(final Path source, final String architecture, final Path output, final boolean overwrite)
		throws IOException
	{
		return run(source, architecture, 0, output, overwrite);
	}

	/**
	 * Imports {@code source} into a new model folder {@code output}, with an input of {@code size} x {@code size}
	 * pixels (0: the source's, or the architecture's usual one); the convolutional weights fit any input size at or
	 * above the architecture's minimum, only a classifier after a Flatten would not.
	 */
	static Result run(final Path source, final String architecture, final int size, final Path output,
		final boolean overwrite) throws IOException
	{
		return run(source, architecture, size, null, output, overwrite);
	}

	/**
	 * As {@link #run(Path, String, int, Path, boolean)}, with the normalisation that the network's inputs need, or
	 * null for the source's usual one (TF.js: range; HDF5 and SavedModel: Keras Applications' preprocessing of the
	 * architecture). A SavedModel does not say how its inputs were scaled.
	 */
	static Result run(final Path source, final String architecture, final int size,
		final Normalization normalization, final Path output, final boolean overwrite) throws IOException
	{
		return run(source, architecture, size, normalization, "", "", output, overwrite);
	}

	/**
	 * As {@link #run(Path, String, int, Normalization, Path, boolean)}; a SavedModel that is none of our architectures
	 * (or {@code architecture} {@value SavedModelFolder#ARCHITECTURE}) is kept as it is (see
	 * {@link #savedModelAsIs}), with {@code classes} (comma-separated, empty: class_0 ..) and the feature tensor
	 * {@code layer} (empty: the serving output; "list": nothing is written, the report lists the graph's tensors).
	 */
	static Result run(final Path source, final String architecture, final int size,
		final Normalization normalization, final String classes, final String layer, final Path output,
		final boolean overwrite) throws IOException
	{
		return run(source, architecture, size, normalization, classes, layer, output, overwrite, Progress.NONE);
	}

	/**
	 * As {@link #run(Path, String, int, Normalization, String, String, Path, boolean)}; an empty (or null)
	 * {@code source} with an architecture that Keras Applications publishes ImageNet weights for takes its notop
	 * file from Keras's folder, downloaded there first where it is missing ({@link KerasApplicationsWeights#locate},
	 * with {@code progress}).
	 */
	static Result run(final Path source, final String architecture, final int size,
		final Normalization normalization, final String classes, final String layer, final Path output,
		final boolean overwrite, final Progress progress) throws IOException
	{
		return run(source, architecture, size, normalization, classes, layer, false, output, overwrite, progress);
	}

	/**
	 * As {@link #run(Path, String, int, Normalization, String, String, Path, boolean, Progress)}: by default a model
	 * is kept whole, with its own head and classes (TF.js: the layers after the architecture's features, classes
	 * from metadata.json's "labels" or model.json's userDefinedMetadata, else class_0 ..; Keras HDF5 and SavedModels:
	 * the architecture's classifier, or a SavedModel with another head kept as it is); {@code notop} drops the head
	 * for feature use.
	 */
	static Result run(final Path source, final String architecture, final int size,
		final Normalization normalization, final String classes, final String layer, final boolean notop,
		final Path output, final boolean overwrite, final Progress progress) throws IOException
	{
		if (source == null || source.toString().isEmpty()) {
			return fromKerasApplications(architecture, size, normalization, output, overwrite, progress);
		}
		if (ModelZooImport.isPackage(source)) {
			if (notop) throw new UserInputException(NOTOP_AS_IS);
			if (size > 0) throw new UserInputException("size does not apply to a bioimage.io package (its input " +
				"size is fixed); leave it at 0");
			if (!"list".equals(layer) && (output == null || output.toString().isEmpty())) {
				throw new UserInputException("give an output model folder");
			}
			return ModelZooImport.run(source, normalization, classes, layer, output, overwrite);
		}
		final boolean asIs = SavedModelFolder.ARCHITECTURE.equals(architecture);
		if (asIs || "list".equals(layer)) {
			if (!SavedModelWeights.isSavedModel(source)) {
				throw new UserInputException("architecture=savedmodel and layer=list take a TensorFlow SavedModel folder " +
					"(with saved_model.pb), not '" + source + "'");
			}
			if (notop && asIs) throw new UserInputException(NOTOP_AS_IS);
			return savedModelAsIs(source, size, normalization, classes, layer, output, overwrite, "");
		}
		if (output == null || output.toString().isEmpty()) throw new UserInputException("give an output model folder");
		final boolean tfjs = Files.isDirectory(source) ? Files.isRegularFile(source.resolve("model.json")) : source
			.getFileName().toString().endsWith(".json");
		final Architecture given = architecture == null || architecture.isBlank() || architecture.equals("auto") ? null
			: Architecture.parse(architecture);
		if (!SavedModelWeights.isSavedModel(source) && classes != null && !classes.isBlank()) {
			throw new UserInputException("classnames names the classes of a SavedModel; a TF.js or Keras model takes its " +
				"class names from its file (class_0 .. when the file has none): leave classnames empty");
		}
		if (tfjs) return fromTfjs(TfjsModel.read(source), given, size, output, overwrite, normalization, notop);
		if (SavedModelWeights.isSavedModel(source)) {
			if (given != null) return fromSavedModel(source, SavedModelWeights.read(source), given, size, output,
				overwrite, normalization, notop, classes, layer);
			try {
				return fromSavedModel(source, SavedModelWeights.read(source), null, size, output, overwrite, normalization,
					notop, classes, layer);
			}
			catch (final UserInputException e) {
				ModelFolder.checkWritable(output, overwrite);
				if (notop) throw new UserInputException(e.getMessage() + "; " + NOTOP_AS_IS, e);
				try {
					return savedModelAsIs(source, size, normalization, classes, layer, output, overwrite, " (not one of " +
						"our architectures: " + e.getMessage() + ")");
				}
				catch (final UserInputException notRunnable) {
					// it does not run as it is either: the reason it is none of our architectures says more
					e.addSuppressed(notRunnable);
					throw e;
				}
			}
		}
		if (given == null) {
			final String name = source.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
			if (!Files.exists(source) || !name.endsWith(".h5") && !name.endsWith(".hdf5")) {
				throw new UserInputException("source " + source + (Files.exists(source) ? " is none of" :
					" does not exist; give") + " a Keras .h5 weight file, a TF.js model.json (or its folder) or a " +
					"TensorFlow SavedModel folder");
			}
			throw new UserInputException("give the architecture of the weight file '" + source + "' (for example " +
				"architecture=mobilenetv2): an HDF5 weight file does not say which network it belongs to");
		}
		final Path file = KerasApplicationsWeights.hasFile(given) ? KerasApplicationsWeights.locate(given, false, source)
			: source;
		return fromKeras(WeightSet.read(file), given, size, output, overwrite, normalization, notop);
	}

	/** No source: the Keras Applications notop file of the architecture, from the cache or downloaded. */
	private static Result fromKerasApplications(final String architecture, final int size,
		final Normalization normalization, final Path output, final boolean overwrite, final Progress progress)
		throws IOException
	{
		final Architecture a = architecture == null || architecture.isBlank() || architecture.equals("auto") ? null
			: Architecture.parse(architecture);
		if (a == null || !KerasApplicationsWeights.hasFile(a)) {
			throw new UserInputException("give the source weights (a .h5 file, a model.json or a SavedModel folder), " +
				"or leave it empty with an architecture that Keras Applications publishes ImageNet weights for " +
				"(vgg16, vgg19, resnet50, inceptionv3, inceptionresnetv2, densenet121, densenet169, densenet201, " +
				"mobilenetv2), not '" + (architecture == null ? "" : architecture) + "'");
		}
		if (output == null || output.toString().isEmpty()) throw new UserInputException("give an output model folder");
		ModelFolder.checkWritable(output, overwrite);
		final Path file = KerasApplicationsWeights.locate(a, false, null, progress);
		return fromKeras(WeightSet.read(file), a, size, output, overwrite, normalization, false);
	}

	private static Result fromTfjs(final TfjsModel tfjs, final Architecture given, final int size, final Path output,
		final boolean overwrite, final Normalization normalization, final boolean notop) throws IOException
	{
		final Architecture a = given != null ? given : recognise(tfjs);
		final KerasLayer in = tfjs.layer(tfjs.inputLayers().get(0));
		final int[] b = in.batchInputShape();
		final InputShape source = b.length == 4 && b[1] > 0 && b[2] > 0 ? InputShape.of(b[2], b[1], b[3]) : a
			.usualInput();
		final InputShape input = size > 0 ? InputShape.of(size, size, source.channels()) : source;
		final Model body = Architectures.build(a, input, Top.none());
		final WeightSet weights = WeightSet.of(tfjs);
		final ModelSpec features = ModelSpec.of(a, input).withoutTop().normalization(Normalization.range()).bitDepth(
			PHOTO_BIT_DEPTH);
		final List<String> left = new ArrayList<>();
		for (final KerasLayer l : tfjs.layers()) {
			if (!body.has(l.name())) left.add(l.name());
		}
		String why = notop ? " as asked (notop)" : ", a head of another task";
		if (!notop && !left.isEmpty()) {
			final List<HeadLayer> head = KerasHead.of(tfjs, body.output(), left);
			final List<String> names = KerasHead.classNames(tfjs.source(), HeadLayer.classesOf(head));
			final ModelSpec whole = features.head(head).classes(names).featureLayer(body.output());
			String misfit = null;
			WeightMatch match = null;
			try {
				match = WeightMatch.of(whole.validated().buildModel(), weights);
				if (!match.isComplete()) misfit = match.summary();
			}
			catch (final UserInputException e) {
				misfit = e.getMessage();
			}
			if (misfit == null) {
				return save(normalization, whole.buildModel(), whole, values(match, false), output, overwrite, "imported " +
					a.key() + " " + input + " with its own head (" + String.join(", ", left) + "), " + names.size() +
					" classes " + String.join(", ", names) + " from " + tfjs.source() + ": " + match.summary() +
					"; features at " + body.output() + " (notop=true drops the head)");
			}
			if (input.equals(source)) {
				throw new UserInputException("the head of " + tfjs.source() + " (" + String.join(", ", left) + ") does " +
					"not fit " + a.key() + ": " + misfit + "; import with notop=true to use its features");
			}
			why = ", its head: it does not fit the input " + input + " (" + misfit + "); import at size=0 (" + source +
				") to keep it";
		}
		final WeightMatch match = WeightMatch.of(body, weights).requireAll(List.of());
		final String note = left.isEmpty() ? "" : "; left out the layers after " + body.output() + " (" + String.join(
			", ", left) + ")" + why;
		return save(normalization, body, features, values(match, false), output, overwrite, "imported " + a.key() + " " +
			input + " without classifier from " + tfjs.source() + ": " + match.summary() + note);
	}

	private static Result fromKeras(final WeightSet weights, final Architecture a, final int size, final Path output,
		final boolean overwrite, final Normalization normalization, final boolean notop) throws IOException
	{
		final InputShape input = size > 0 ? InputShape.of(size, size, 3) : a.usualInput();
		final Model full = Architectures.build(a, input, Top.classifier(a.usualClasses()));
		final WeightMatch fullMatch = WeightMatch.of(full, weights);
		final boolean withTop = fullMatch.isComplete() && !notop;
		final Model model = withTop ? full : Architectures.build(a, input, Top.none());
		final WeightMatch match = withTop ? fullMatch : WeightMatch.of(model, weights).requireAll(List.of());
		ModelSpec spec = ModelSpec.of(a, input).normalization(KerasPreprocessing.of(a)).bitDepth(PHOTO_BIT_DEPTH);
		if (withTop) {
			final List<String> classes = new ArrayList<>();
			for (int i = 0; i < a.usualClasses(); i++) classes.add("imagenet_" + i);
			spec = spec.classes(classes);
		}
		else {
			spec = spec.withoutTop();
		}
		final boolean bgr = KerasPreprocessing.bgr(a);
		return save(normalization, model, spec, values(match, bgr), output, overwrite, "imported " + a.key() + " " +
			input + (withTop
			? " with its 1000-class ImageNet classifier (classes imagenet_0 .. imagenet_999)" : " without classifier") +
			" from " + weights.source() + ": " + match.summary() + (bgr ? "; the first convolution takes RGB (its " +
				"BGR kernel reversed)" : "") + (!withTop && !notop && !match.unused().isEmpty() ? "; the file's " + match
					.unused().size() + " other weights (a head of its own?) are left out: an HDF5 weight file does not say " +
					"how its layers connect; export the model as TF.js or as a SavedModel to keep it whole" : ""));
	}

	/**
	 * A SavedModel's weights by Keras name: the architecture given or recognised from the layer names; input the
	 * serving signature's (else the architecture's usual one); with the classifier (classes {@code class_0} ..) when
	 * every weight of the full model is in the SavedModel, else without; normalisation as Keras Applications
	 * preprocesses for the architecture (the SavedModel does not say how its inputs were scaled).
	 */
	private static Result fromSavedModel(final Path folder, final SavedModelWeights.Contents contents,
		final Architecture given, final int size, final Path output, final boolean overwrite,
		final Normalization normalization, final boolean notop, final String classNames, final String layer)
		throws IOException
	{
		final WeightSet weights = contents.weights();
		final Architecture a = given != null ? given : recognise(weights.layerNames(), weights.source());
		final InputShape source = contents.servingInput() != null ? contents.servingInput() : a.usualInput();
		final InputShape input = size > 0 ? InputShape.of(size, size, source.channels()) : source;
		final int classes = weights.has("predictions/bias") ? weights.weight("predictions/bias").size() : a
			.usualClasses();
		final Model full = Architectures.build(a, input, Top.classifier(classes));
		final WeightSet named = depthwiseNames(weights, full);
		final WeightMatch fullMatch = WeightMatch.of(full, named);
		final boolean withTop = fullMatch.isComplete() && !notop;
		final Model model = withTop ? full : Architectures.build(a, input, Top.none());
		final WeightMatch match = withTop ? fullMatch : WeightMatch.of(model, named).requireAll(List.of());
		if (!withTop && !notop && !match.unused().isEmpty()) {
			// a head of its own after the architecture's features: the SavedModel is kept whole, as it is
			ModelFolder.checkWritable(output, overwrite);
			return savedModelAsIs(folder, size, normalization, classNames, layer, output, overwrite, " (a " + a.key() +
				" with a head of its own: " + match.unused().size() + " weights after its features; notop=true imports " +
				"the features alone)");
		}
		ModelSpec spec = ModelSpec.of(a, input).normalization(KerasPreprocessing.of(a)).bitDepth(PHOTO_BIT_DEPTH);
		if (withTop) {
			final List<String> names = new ArrayList<>();
			for (int i = 0; i < classes; i++) names.add("class_" + i);
			spec = spec.classes(names);
		}
		else {
			spec = spec.withoutTop();
		}
		return save(normalization, model, spec, values(match, false), output, overwrite, "imported " + a.key() + " " +
			input +
			(withTop ? " with its " + classes + "-class classifier (classes class_0 .. class_" + (classes - 1) + ")"
				: " without classifier") + " from the SavedModel " + weights.source() + ": " + match.summary());
	}

	/**
	 * A model folder that keeps the SavedModel as it is ({@link SavedModelFolder}): input from its serving signature,
	 * normalisation as given (else range), classes as given (else class_0 .. for each serving output), feature tensor
	 * {@code layer}, a Keras layer or op name (checked by running it; empty: the input of the last fully connected
	 * layer, see {@link SavedModelNetwork#defaultFeatureTensor()}). {@code layer} "list" writes nothing and reports
	 * the layers and tensors.
	 */
	static Result savedModelAsIs(final Path source, final int size, final Normalization normalization,
		final String classes, final String layer, final Path output, final boolean overwrite, final String why)
		throws IOException
	{
		return savedModelAsIs(source, source.toString(), size, normalization, classes, layer, output, overwrite, why);
	}

	/** As {@link #savedModelAsIs(Path, int, Normalization, String, String, Path, boolean, String)}; the report names
	 * the SavedModel {@code shown}. */
	static Result savedModelAsIs(final Path source, final String shown, final int size,
		final Normalization normalization, final String classes, final String layer, final Path output,
		final boolean overwrite, final String why) throws IOException
	{
		try (SavedModelNetwork net = SavedModelNetwork.open(source)) {
			if ("list".equals(layer)) {
				return new Result(null, null, "tensors of the SavedModel " + shown + " (serving input " + net
					.inputTensor() + ", output " + net.outputTensor() + "; then each layer = its op [shape]; default " +
					"features " + net.defaultFeatureTensor() + "):\n" + String.join("\n", net.layers()));
			}
			if (output == null || output.toString().isEmpty()) throw new UserInputException("give an output model folder");
			if (size > 0 && (size != net.input().width() || size != net.input().height())) {
				throw new UserInputException("size " + size + " does not fit a SavedModel kept as it is: its input is " + net
					.input() + "; leave size at 0");
			}
			// a layer name is kept as the op it names, which stays valid however the layers are called
			final String feature = layer == null || layer.isBlank() ? net.defaultFeatureTensor() : net.tensorName(layer);
			final int featureSize = net.featureSize(feature);
			final int outputs = net.featureSize(net.outputTensor());
			final SavedModelFolder.Spec spec = new SavedModelFolder.Spec(net.inputTensor(), net.outputTensor(), net
				.input(), SavedModelFolder.classes(classes, outputs), normalization == null ? Normalization.range()
					: normalization, feature);
			ModelFolder.write(output, overwrite, temp -> SavedModelFolder.writeInto(temp, source, spec));
			return new Result(output, null, "kept the SavedModel " + shown + " as it is" + why + ": input " + net
				.input() + " (" + net.inputTensor() + "), " + outputs + " outputs (" + net.outputTensor() + "), classes " +
				spec.classes().get(0) + " .. " + spec.classes().get(outputs - 1) + ", features " + feature + " (" +
				featureSize + " values per image), normalisation " + spec.normalization());
		}
	}

	/**
	 * Keras 3 names a DepthwiseConv2D's kernel {@code kernel} where Keras 2 (and our models) say
	 * {@code depthwise_kernel}: renamed where the model has that weight and no plain kernel in the layer.
	 */
	static WeightSet depthwiseNames(final WeightSet weights, final Model model) {
		final java.util.Set<String> wanted = new java.util.HashSet<>();
		for (final org.convnetij.nn.Node n : model.nodes()) {
			for (final org.convnetij.nn.Weight w : n.weights()) wanted.add(n.weightName(w));
		}
		final List<WeightTensor> out = new ArrayList<>();
		boolean renamed = false;
		for (final WeightTensor w : weights.weights().values()) {
			final String depthwise = w.layerName() + "/depthwise_kernel";
			if (w.shortName().equals("kernel") && !wanted.contains(w.name()) && wanted.contains(depthwise) && !weights
				.has(depthwise))
			{
				out.add(WeightTensor.of(depthwise, w.shape(), w.values()));
				renamed = true;
			}
			else {
				out.add(w);
			}
		}
		return renamed ? WeightSet.of(weights.source(), out) : weights;
	}

	/** The architecture of weights from their layer names (TF.js models, SavedModels). */
	static Architecture recognise(final java.util.Set<String> layers, final String source) {
		if (layers.contains("Conv1") && layers.contains("block_16_project")) return Architecture.MOBILENETV2;
		if (layers.contains("block5_conv3") && layers.contains("block1_conv1")) {
			return layers.contains("block5_conv4") ? Architecture.VGG19 : Architecture.VGG16;
		}
		if (layers.contains("conv5_block3_3_conv") && layers.contains("conv1_conv")) return Architecture.RESNET50;
		if (layers.contains("conv1") && layers.contains("conv3") && layers.contains("fc1") && !layers.contains(
			"conv4")) return Architecture.LENET5;
		throw new UserInputException("the architecture of '" + source + "' is not recognised from its layer names (" +
			String.join(", ", layers.stream().limit(8).toList()) + (layers.size() > 8 ? ", ..." : "") +
			"): give it as architecture (e.g. mobilenetv2)");
	}

	/** The architecture of a TF.js model from its layer names. */
	static Architecture recognise(final TfjsModel m) {
		if (m.hasLayer("Conv1") && m.hasLayer("block_16_project") && m.hasLayer("out_relu")) {
			return Architecture.MOBILENETV2;
		}
		if (m.hasLayer("block5_conv3") && m.hasLayer("block1_conv1")) {
			return m.hasLayer("block5_conv4") ? Architecture.VGG19 : Architecture.VGG16;
		}
		if (m.hasLayer("conv5_block3_out") && m.hasLayer("conv1_conv")) return Architecture.RESNET50;
		throw new UserInputException("the architecture of '" + m.source() + "' (" + m.modelName() + ") is not " +
			"recognised: give it as architecture (e.g. mobilenetv2)");
	}

	private static Map<String, float[]> values(final WeightMatch match, final boolean bgr) {
		final Map<String, float[]> out = new LinkedHashMap<>();
		boolean first = bgr;
		for (final Map.Entry<String, WeightTensor> e : match.matched().entrySet()) {
			final WeightTensor t = e.getValue();
			if (first && t.shortName().equals("kernel") && t.shape().length == 4 && t.shape()[2] == 3) {
				out.put(e.getKey(), KerasPreprocessing.reverseInputChannels(t.values(), t.shape()));
				first = false;
			}
			else {
				out.put(e.getKey(), t.values());
			}
		}
		return out;
	}

	private static Result save(final Normalization normalization, final Model model, final ModelSpec usual,
		final Map<String, float[]> values,
		final Path output, final boolean overwrite, final String summary) throws IOException
	{
		ModelFolder.checkWritable(output, overwrite);
		final ModelSpec spec = normalization == null ? usual : usual.normalization(normalization);
		try (TfModel m = TfModel.create(model, spec, 0)) {
			m.setAllWeights(values);
			m.save(output, overwrite);
		}
		return new Result(output, spec, normalization == null ? summary : summary + "; normalisation " +
			normalization + " as given");
	}
}
