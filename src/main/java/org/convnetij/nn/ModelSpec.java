package org.convnetij.nn;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.convnetij.data.InputFit;
import org.convnetij.data.Normalization;
import org.convnetij.util.UserInputException;
import org.convnetij.util.TempPaths;
import org.convnetij.data.InputShape;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonSerializer;
import com.google.gson.JsonParseException;

/**
 * The convnet.json of a model folder: what a user would otherwise have to remember about a model. Architecture key
 * and, for custom, its {@link ConvPattern}; whether the architecture's classifier is included; input width, height,
 * channels; {@link Normalization}; class names in output order; the layer to use for features;
 * {@link TrainingSettings} and per-epoch history. {@link #buildModel()} rebuilds the architecture from it.
 * Immutable: option methods return changed copies.
 *
 * <pre>
 * ModelSpec spec = ModelSpec.of(Architecture.CUSTOM, InputShape.of(28, 28, 1))
 *     .pattern(ConvPattern.twoBlocks()).classes(List.of("a", "b")).normalization(Normalization.range());
 * spec.write(folder);                  // folder/convnet.json, written to a temporary file then moved
 * ModelSpec again = ModelSpec.read(folder);
 * Model model = again.buildModel();
 * </pre>
 */
public final class ModelSpec implements Cloneable {

	/** The file name inside a model folder. */
	public static final String FILE_NAME = "convnet.json";
	/** The architecture of a model folder that keeps a SavedModel as it is (tf.SavedModelFolder). */
	public static final String SAVED_MODEL = "savedmodel";
	/** Why such a model is not trained. */
	public static final String SAVED_MODEL_NOT_TRAINABLE = "a SavedModel imported as it is cannot be trained; " +
		"import one of the supported architectures or use strategy=features";
	/** Format version written; files with a larger one are refused. */
	public static final int FORMAT = 1;

	/**
	 * The normalisation is the data package's ({@link Normalization}: range, minmax, meanstd, none), the one the
	 * images were loaded with for training, written in its own JSON form ({"method": "range"}).
	 */
	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
		.disableHtmlEscaping().registerTypeAdapter(Normalization.class,
			(JsonSerializer<Normalization>) (n, type, context) -> n.toJson()).registerTypeAdapter(Normalization.class,
				(JsonDeserializer<Normalization>) (json, type, context) -> Normalization.fromJson(json
					.getAsJsonObject())).create();

	private int format = FORMAT;
	private String architecture;
	private ConvPattern pattern;
	private boolean includeTop = true;
	private Input input;
	private Normalization normalization = Normalization.none();
	private List<String> classes = new ArrayList<>();
	private String featureLayer;
	private TrainingSettings training = TrainingSettings.defaults();
	private List<EpochRecord> history = new ArrayList<>();
	/** An imported model's own head after the architecture's features (absent: the architecture's classifier). */
	private List<HeadLayer> headLayers;
	/**
	 * The layer of the architecture that the head sits on (absent: the architecture's last layer): transfer learning
	 * from an earlier layer keeps the network up to it and puts the head there.
	 */
	private String headAt;
	/** A SavedModel kept as it is: "savedmodel" (absent for networks of our layers). */
	private String kind;
	/** A SavedModel kept as it is: its serving signature's input and output tensors (absent otherwise). */
	private String inputTensor, outputTensor;
	/** A SavedModel kept as it is with a new classifier on one of its tensors (weights in weights.bin), else absent. */
	private TensorHead head;

	/**
	 * A new classifier on a tensor of a SavedModel kept as it is: the tensor, whether its 4-D values are averaged over
	 * height and width, and the number of features the head takes (its Dense kernel and bias are in weights.bin).
	 */
	public record TensorHead(String tensor, boolean pooled, int features) {}

	/** A SavedModel kept as it is: its serving input and output tensors and the tensor that gives its features. */
	public record Signature(String inputTensor, String outputTensor, String featureTensor) {}

	/**
	 * Input as JSON: {"width": 224, "height": 224, "channels": 3, "bitDepth": 8}; bitDepth is the bit depth per
	 * channel of the images the model learnt from (8, 16 or 32), absent (0) where it is not known (older folders);
	 * "rgbAsGray": true when a gray model learnt from RGB images converted to gray by luminance (then RGB images are
	 * converted the same way when it classifies; otherwise they are refused).
	 */
	private static final class Input implements Cloneable {

		int width;
		int height;
		int channels;
		int bitDepth;
		boolean rgbAsGray;

		Input copy() {
			try {
				return (Input) clone();
			}
			catch (final CloneNotSupportedException e) {
				throw new AssertionError(e);
			}
		}
	}

	private ModelSpec() {}

	/** A spec for that architecture and input, no classes yet (custom: {@link ConvPattern#defaults()}). */
	public static ModelSpec of(final Architecture architecture, final InputShape input) {
		final ModelSpec s = new ModelSpec();
		s.architecture = architecture.key();
		s.pattern = architecture == Architecture.CUSTOM ? ConvPattern.defaults() : null;
		s.input = new Input();
		s.input.width = input.width();
		s.input.height = input.height();
		s.input.channels = input.channels();
		return s;
	}

	public ModelSpec pattern(final ConvPattern p) {
		if (architecture() != Architecture.CUSTOM) {
			throw new UserInputException("a pattern applies to architecture custom only, not " + architecture);
		}
		final ModelSpec s = copy();
		s.pattern = p;
		return s;
	}

	/** Class names in the order of the network's outputs. */
	public ModelSpec classes(final List<String> names) {
		final ModelSpec s = copy();
		s.classes = new ArrayList<>(names);
		checkClasses(s.classes);
		return s;
	}

	/** Without the architecture's classifier (a feature extractor); the class names stay as labels. */
	public ModelSpec withoutTop() {
		final ModelSpec s = copy();
		s.includeTop = false;
		s.headLayers = null;
		s.headAt = null;
		return s;
	}

	/**
	 * With an imported model's own head after the architecture's features instead of the architecture's classifier
	 * (one output per class name); the feature layer stays the architecture's last one.
	 */
	public ModelSpec head(final List<HeadLayer> layers) {
		final ModelSpec s = copy();
		s.headLayers = layers == null || layers.isEmpty() ? null : new ArrayList<>(layers);
		s.includeTop = true;
		return s;
	}

	/** Without an imported head (the architecture's classifier where the top is included). */
	public ModelSpec withoutHead() {
		final ModelSpec s = copy();
		s.headLayers = null;
		s.headAt = null;
		return s;
	}

	/**
	 * With {@code head} on layer {@code layer} of the architecture: the layers after it are left out (features from
	 * an earlier layer).
	 */
	public ModelSpec head(final String layer, final List<HeadLayer> layers) {
		final ModelSpec s = head(layers);
		s.headAt = layer == null || layer.isBlank() ? null : layer;
		return s;
	}

	/** The layer the head sits on; empty when it sits on the architecture's last layer. */
	public String headAt() {
		return headAt == null ? "" : headAt;
	}

	/** The imported head, empty when the model has the architecture's classifier or none. */
	public List<HeadLayer> head() {
		return headLayers == null ? List.of() : List.copyOf(headLayers);
	}

	/** The bit depth per channel of the images the model learnt from (8, 16, 32), 0 when it is not known. */
	public ModelSpec bitDepth(final int depth) {
		if (depth != 0 && depth != 8 && depth != 16 && depth != 32) {
			throw new UserInputException("bit depth must be 8, 16 or 32 (0: not known), not " + depth);
		}
		final ModelSpec s = copy();
		s.input.bitDepth = depth;
		return s;
	}

	/** The bit depth per channel of the images the model learnt from (8, 16, 32); 0 when not known. */
	public int bitDepth() {
		return input == null ? 0 : input.bitDepth;
	}

	/** Whether this gray model learnt from RGB images converted to gray by luminance. */
	public ModelSpec rgbAsGray(final boolean converted) {
		final ModelSpec s = copy();
		s.input.rgbAsGray = converted && s.input.channels == 1;
		return s;
	}

	/** True when this gray model learnt from RGB images converted to gray by luminance. */
	public boolean rgbAsGray() {
		return input != null && input.rgbAsGray;
	}

	/** With the architecture's classifier (one output per class name). */
	public ModelSpec withTop() {
		final ModelSpec s = copy();
		s.includeTop = true;
		return s;
	}

	public ModelSpec normalization(final Normalization n) {
		final ModelSpec s = copy();
		s.normalization = n;
		return s;
	}

	/** The layer whose output serves as image features (strategy 1 of transfer learning). */
	public ModelSpec featureLayer(final String layer) {
		final ModelSpec s = copy();
		s.featureLayer = layer;
		return s;
	}

	public ModelSpec training(final TrainingSettings t) {
		final ModelSpec s = copy();
		s.training = t.validated();
		return s;
	}

	/** This spec with one more epoch appended to the history. */
	public ModelSpec withEpoch(final EpochRecord r) {
		final ModelSpec s = copy();
		s.history.add(r);
		return s;
	}

	public ModelSpec history(final List<EpochRecord> records) {
		final ModelSpec s = copy();
		s.history = new ArrayList<>(records);
		return s;
	}

	/** The architecture; refused for a SavedModel kept as it is (it has none of ours, and is not trained). */
	public Architecture architecture() {
		if (isSavedModel()) throw new UserInputException(SAVED_MODEL_NOT_TRAINABLE);
		return Architecture.parse(architecture);
	}

	/** The custom pattern; null for named architectures. */
	public ConvPattern pattern() {
		return pattern;
	}

	public boolean includesTop() {
		return includeTop;
	}

	public InputShape input() {
		return InputShape.of(input.width, input.height, input.channels);
	}

	public Normalization normalization() {
		return normalization;
	}

	public List<String> classes() {
		return List.copyOf(classes);
	}

	/**
	 * The feature layer: as set, else the layer before the classifier when the top is included ("fc2" for VGG,
	 * "avg_pool" for ResNet50), else the model's output.
	 */
	public String featureLayer() {
		if (featureLayer != null && !featureLayer.isEmpty()) return featureLayer;
		if (headLayers != null && !headLayers.isEmpty()) return headAt != null ? headAt : Architectures.build(
			architecture(), input(), Top.none(), pattern).output();
		final Model m = buildModel();
		if (!includeTop) return m.output();
		final List<String> before = m.node(m.output()).inputs();
		return before.get(0);
	}

	public TrainingSettings training() {
		return training;
	}

	public List<EpochRecord> history() {
		return List.copyOf(history);
	}

	/** The architecture rebuilt: classifier with one output per class name when the top is included. */
	public Model buildModel() {
		if (headLayers != null && !headLayers.isEmpty()) {
			final Model body = Architectures.build(architecture(), input(), Top.none(), pattern);
			return HeadLayer.append(headAt == null ? body : body.truncatedAt(headAt), headLayers);
		}
		final Top top = includeTop ? Top.classifier(Math.max(classes.size(), 1)) : Top.none();
		return Architectures.build(architecture(), input(), top, pattern);
	}

	/**
	 * Checks everything a reader relies on, with a message naming the bad value: known format and architecture,
	 * input at or above the architecture's minimum, pattern for custom, 2 or more distinct class names when the top
	 * is included, valid normalization and training values, a feature layer that exists.
	 */
	public ModelSpec validated() {
		if (format < 1 || format > FORMAT) {
			throw new UserInputException("format " + format + " is not known (this version reads up to " + FORMAT +
				"): use a newer ConvNet-IJ");
		}
		if (architecture == null) throw new UserInputException("architecture is missing");
		if (isSavedModel()) return validatedSavedModel();
		final Architecture a = architecture();
		if (input == null) throw new UserInputException("input (width, height, channels) is missing");
		input();
		if (a == Architecture.CUSTOM) {
			if (pattern == null) throw new UserInputException("architecture custom needs its pattern");
			pattern = pattern.validated();
		}
		else if (pattern != null) {
			throw new UserInputException("a pattern applies to architecture custom only, not " + architecture);
		}
		if (classes == null) classes = new ArrayList<>();
		checkClasses(classes);
		if (includeTop && classes.size() < 2) {
			throw new UserInputException("a classifier needs 2 or more class names, not " + classes.size() + " " + classes);
		}
		if (normalization == null) normalization = Normalization.none();
		final int values = normalization.mean().length;
		if (values > 1 && values != input.channels) {
			throw new UserInputException("normalisation has " + values + " mean/std values but the input has " +
				input.channels + " channel(s): give one value, or one per channel");
		}
		if (training == null) training = TrainingSettings.defaults();
		training.validated();
		if (history == null) history = new ArrayList<>();
		if (input.bitDepth != 0 && input.bitDepth != 8 && input.bitDepth != 16 && input.bitDepth != 32) {
			throw new UserInputException("input bitDepth must be 8, 16 or 32 (or absent), not " + input.bitDepth);
		}
		if (headLayers != null && !headLayers.isEmpty()) {
			HeadLayer.requireComplete(headLayers);
			if (!includeTop) throw new UserInputException("a model with its own head includes its top (includeTop true)");
			if (HeadLayer.classesOf(headLayers) != classes.size()) {
				throw new UserInputException("the head's last Dense layer has " + HeadLayer.classesOf(headLayers) + " outputs but " +
					classes.size() + " class names are given " + classes);
			}
			if (!HeadLayer.endsWithSoftmax(headLayers)) {
				throw new UserInputException("the head must end with a softmax (class probabilities)");
			}
		}
		final Model m = buildModel();
		if (featureLayer != null && !featureLayer.isEmpty() && !m.has(featureLayer)) {
			throw new UserInputException("feature layer '" + featureLayer + "' is not a layer of " + architecture);
		}
		return this;
	}

	/** A SavedModel kept as it is: input, classes (one per serving output) and normalisation; no layers to check. */
	private ModelSpec validatedSavedModel() {
		if (input == null) throw new UserInputException("input (width, height, channels) is missing");
		input();
		if (pattern != null) throw new UserInputException("a pattern applies to architecture custom only");
		if (classes == null) classes = new ArrayList<>();
		checkClasses(classes);
		if (normalization == null) normalization = Normalization.none();
		if (featureLayer == null || featureLayer.isBlank()) {
			throw new UserInputException("featureLayer (a tensor of the SavedModel) is missing");
		}
		if (inputTensor == null || outputTensor == null) {
			throw new UserInputException("inputTensor and outputTensor (the SavedModel's serving signature) are missing");
		}
		if (training == null) training = TrainingSettings.defaults();
		if (history == null) history = new ArrayList<>();
		return this;
	}

	/**
	 * Refuses a model folder that gives features, not class probabilities (imported with notop, or a feature
	 * extractor), with what it outputs and what to do instead.
	 */
	public void requireClassifier(final Path folder) {
		if (isSavedModel() || includesTop()) return;
		final Model m = buildModel();
		throw new UserInputException(folder + " outputs features (" + m.output() + ", " + m.outputShape() +
			" values per image), not class probabilities: train a classifier on it with Transfer Learning (model=" +
			folder + " data=<labelled folder>), or import the model again without notop to keep its own head");
	}

	/** The input checks of the model folder {@code folder} ({@link InputFit}): what convnet.json says it takes. */
	public InputFit inputFit(final Path folder) {
		final InputShape in = input();
		return new InputFit(folder.toString(), in,
			bitDepth(), normalization()).rgbAsGray(rgbAsGray());
	}

	/**
	 * The convnet.json of a folder that keeps a SavedModel as it is: the signature, the input, the classes (one per
	 * serving output, or per output of {@code head}), the normalisation, and the new head (null: its own output).
	 */
	public static ModelSpec savedModel(final Signature signature, final InputShape input, final List<String> classes,
		final Normalization normalization, final TensorHead head)
	{
		final ModelSpec s = new ModelSpec();
		s.architecture = SAVED_MODEL;
		s.kind = SAVED_MODEL;
		s.inputTensor = signature.inputTensor();
		s.outputTensor = signature.outputTensor();
		s.featureLayer = signature.featureTensor();
		s.input = new Input();
		s.input.width = input.width();
		s.input.height = input.height();
		s.input.channels = input.channels();
		s.classes = new ArrayList<>(classes);
		s.normalization = normalization;
		s.head = head;
		return s.validated();
	}

	/** A SavedModel kept as it is: its serving signature (null for a network of our layers). */
	public Signature signature() {
		return isSavedModel() ? new Signature(inputTensor, outputTensor, featureLayer) : null;
	}

	/** A SavedModel kept as it is with a new classifier on one of its tensors: that head; else null. */
	public TensorHead tensorHead() {
		return head;
	}

	/** True for a folder that keeps a TensorFlow SavedModel as it is (architecture {@value #SAVED_MODEL}). */
	public boolean isSavedModel() {
		return SAVED_MODEL.equals(architecture);
	}

	private static void checkClasses(final List<String> names) {
		final Set<String> seen = new HashSet<>();
		for (final String n : names) {
			if (n == null || n.isBlank()) throw new UserInputException("class names must not be empty: " + names);
			if (!seen.add(n)) throw new UserInputException("class name '" + n + "' appears twice in " + names);
		}
	}

	/** The JSON text. */
	public String toJson() {
		return GSON.toJson(this);
	}

	/** Parses and validates JSON text. */
	public static ModelSpec fromJson(final String json) {
		final ModelSpec s;
		try {
			s = GSON.fromJson(json, ModelSpec.class);
		}
		catch (final JsonParseException e) {
			final String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e
				.getMessage();
			throw new UserInputException("convnet.json is not valid JSON for a model (" + why + "): write the model " +
				"again or choose another model folder", e);
		}
		if (s == null) throw new UserInputException("convnet.json is empty");
		return s.validated();
	}

	/** The model folder a path means: the folder itself, or the folder of a {@code convnet.json} given instead. */
	public static Path folderOf(final Path path) {
		if (Files.isRegularFile(path) && path.getFileName().toString().equals(FILE_NAME)) {
			return path.toAbsolutePath().getParent();
		}
		return path;
	}

	/**
	 * Reads {@code folder/convnet.json} (or the file itself when {@code path} is a file), validated; the message
	 * names the file and what is wrong.
	 */
	public static ModelSpec read(final Path path) throws IOException {
		final Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
		if (Files.isRegularFile(path) && !path.getFileName().toString().equals(FILE_NAME)) {
			throw new UserInputException("model " + path + " is a file: give a model folder (the folder that holds " +
				FILE_NAME + ")");
		}
		final String text;
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			final StringBuilder sb = new StringBuilder();
			final char[] buffer = new char[8192];
			for (int n; (n = r.read(buffer)) > 0;) sb.append(buffer, 0, n);
			text = sb.toString();
		}
		catch (final NoSuchFileException e) {
			throw new UserInputException("no " + FILE_NAME + " in " + path + ": model must be a model folder (one that " +
				"Train Classifier, Transfer Learning or Import Model wrote)", e);
		}
		try {
			return fromJson(text);
		}
		catch (final UserInputException e) {
			throw new UserInputException(file + ": " + e.getMessage(), e);
		}
	}

	/** Validates, then writes {@code folder/convnet.json} through a temporary file and a move. Returns the file. */
	public Path write(final Path folder) throws IOException {
		validated();
		Files.createDirectories(folder);
		final Path file = folder.resolve(FILE_NAME);
		final Path temp = TempPaths.newFile(folder, ".convnet", ".json.tmp");
		try {
			try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
				w.write(toJson());
				w.write('\n');
			}
			TempPaths.moveIntoPlace(temp, file);
		}
		finally {
			Files.deleteIfExists(temp);
		}
		return file;
	}

	private ModelSpec copy() {
		try {
			final ModelSpec s = (ModelSpec) clone();
			s.classes = new ArrayList<>(classes);
			s.history = new ArrayList<>(history);
			s.headLayers = headLayers == null ? null : new ArrayList<>(headLayers);
			s.input = input == null ? null : input.copy();
			return s;
		}
		catch (final CloneNotSupportedException e) {
			throw new AssertionError(e);
		}
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof ModelSpec && toJson().equals(((ModelSpec) o).toJson());
	}

	@Override
	public int hashCode() {
		return toJson().hashCode();
	}
}
