package org.convnetij.tf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.convnetij.data.Normalization;
import org.convnetij.nn.InputShape;
import org.convnetij.nn.ModelSpec;
import org.convnetij.util.UserInputException;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A model folder that keeps a SavedModel as it is: the SavedModel copied into {@value #FOLDER}, and a convnet.json
 * of architecture {@value #ARCHITECTURE} with the serving input and output tensor names, the input size, the class
 * names, the normalisation and the feature tensor. A folder made by Transfer Learning (strategy features) also has a
 * new classifier head on a tensor of the SavedModel: convnet.json's {@code head} names the tensor and whether its
 * 4-D values are averaged over height and width; its Dense kernel and bias are in weights.bin ({@value #KERNEL},
 * {@value #BIAS}); the classes are then the head's.
 */
public final class SavedModelFolder {

	/** The subfolder that holds the SavedModel. */
	public static final String FOLDER = "savedmodel";
	/** The architecture (and kind) written into convnet.json. */
	public static final String ARCHITECTURE = ModelSpec.SAVED_MODEL;

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

	/** The head's weight names in weights.bin. */
	static final String KERNEL = "head/kernel", BIAS = "head/bias";

	/** What convnet.json of such a folder says; {@code head} is null for the SavedModel's own classifier. */
	public record Spec(String inputTensor, String outputTensor, InputShape input, List<String> classes,
		Normalization normalization, String featureTensor, Head head) {

		public Spec(final String inputTensor, final String outputTensor, final InputShape input,
			final List<String> classes, final Normalization normalization, final String featureTensor)
		{
			this(inputTensor, outputTensor, input, classes, normalization, featureTensor, null);
		}
	}

	/**
	 * A softmax classifier on {@code tensor} (averaged over height and width when {@code pooled}): a Dense kernel
	 * [features, classes] in Keras layout and a bias [classes].
	 */
	public record Head(String tensor, boolean pooled, int features, float[] kernel, float[] bias) {

		public Head {
			if (kernel.length != (long) features * bias.length) {
				throw new IllegalArgumentException("kernel of " + kernel.length + " values for " + features + " x " + bias
					.length);
			}
		}

		public int classes() {
			return bias.length;
		}
	}

	private SavedModelFolder() {}

	/** True when {@code folder}'s convnet.json says architecture {@value #ARCHITECTURE}. */
	public static boolean is(final Path folder) {
		final Path file = folder.resolve(ModelSpec.FILE_NAME);
		if (!Files.isRegularFile(file)) return false;
		try {
			final JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
			return e.isJsonObject() && e.getAsJsonObject().has("architecture") && ARCHITECTURE.equals(e.getAsJsonObject()
				.get("architecture").getAsString());
		}
		catch (final IOException | RuntimeException e) {
			return false;
		}
	}

	/** Reads convnet.json of such a folder. */
	public static Spec read(final Path folder) throws IOException {
		final JsonObject o = JsonParser.parseString(Files.readString(folder.resolve(ModelSpec.FILE_NAME),
			StandardCharsets.UTF_8)).getAsJsonObject();
		final JsonObject in = o.getAsJsonObject("input");
		final List<String> classes = new ArrayList<>();
		for (final JsonElement c : o.getAsJsonArray("classes")) classes.add(c.getAsString());
		Head head = null;
		if (o.has("head")) {
			final JsonObject h = o.getAsJsonObject("head");
			final Map<String, float[]> w = WeightFile.read(folder);
			final float[] kernel = w.get(KERNEL), bias = w.get(BIAS);
			if (kernel == null || bias == null || bias.length != classes.size() || kernel.length % bias.length != 0) {
				throw new UserInputException(folder + ": the classifier head in weights.bin does not fit the " + classes
					.size() + " classes of convnet.json");
			}
			head = new Head(h.get("tensor").getAsString(), h.get("pooled").getAsBoolean(), kernel.length / bias.length,
				kernel, bias);
		}
		return new Spec(o.get("inputTensor").getAsString(), o.get("outputTensor").getAsString(), InputShape.of(in.get(
			"width").getAsInt(), in.get("height").getAsInt(), in.get("channels").getAsInt()), classes, Normalization
				.fromJson(o.getAsJsonObject("normalization")), o.get("featureLayer").getAsString(), head);
	}

	/** Records in convnet.json of {@code folder} how its head was trained: the strategy and the pretrained base. */
	static void recordTraining(final Path folder, final String strategy, final String base) throws IOException {
		final Path file = folder.resolve(ModelSpec.FILE_NAME);
		final JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
		final JsonObject t = new JsonObject();
		t.addProperty("strategy", strategy);
		t.addProperty("base", base);
		o.add("training", t);
		Files.writeString(file, GSON.toJson(o), StandardCharsets.UTF_8);
		ModelSpec.read(folder);
	}

	/**
	 * Records in convnet.json of {@code folder} the bit depth of the images its normalisation expects (0: any) and
	 * whether the gray model takes RGB images converted to gray by luminance.
	 */
	static void recordInput(final Path folder, final int bitDepth, final boolean rgbAsGray) throws IOException {
		final Path file = folder.resolve(ModelSpec.FILE_NAME);
		final JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
		final JsonObject in = o.getAsJsonObject("input");
		if (bitDepth > 0) in.addProperty("bitDepth", bitDepth);
		if (rgbAsGray && in.get("channels").getAsInt() == 1) in.addProperty("rgbAsGray", true);
		Files.writeString(file, GSON.toJson(o), StandardCharsets.UTF_8);
		ModelSpec.read(folder);
	}

	/** Writes convnet.json of {@code spec} and a copy of the SavedModel {@code source} into {@code folder}. */
	static void writeInto(final Path folder, final Path source, final Spec spec) throws IOException {
		final JsonObject o = new JsonObject();
		o.addProperty("format", ModelSpec.FORMAT);
		o.addProperty("kind", ARCHITECTURE);
		o.addProperty("architecture", ARCHITECTURE);
		o.addProperty("includeTop", true);
		o.addProperty("inputTensor", spec.inputTensor());
		o.addProperty("outputTensor", spec.outputTensor());
		final JsonObject in = new JsonObject();
		in.addProperty("width", spec.input().width());
		in.addProperty("height", spec.input().height());
		in.addProperty("channels", spec.input().channels());
		o.add("input", in);
		o.add("normalization", spec.normalization().toJson());
		final JsonArray classes = new JsonArray();
		for (final String c : spec.classes()) classes.add(c);
		o.add("classes", classes);
		o.addProperty("featureLayer", spec.featureTensor());
		final Head head = spec.head();
		if (head != null) {
			final JsonObject h = new JsonObject();
			h.addProperty("tensor", head.tensor());
			h.addProperty("pooled", head.pooled());
			h.addProperty("features", head.features());
			o.add("head", h);
			final Map<String, float[]> values = new LinkedHashMap<>();
			values.put(KERNEL, head.kernel());
			values.put(BIAS, head.bias());
			WeightFile.write(folder, values, Map.of(KERNEL, new int[] { head.features(), head.classes() }, BIAS,
				new int[] { head.classes() }));
		}
		Files.writeString(folder.resolve(ModelSpec.FILE_NAME), GSON.toJson(o), StandardCharsets.UTF_8);
		copyTree(source, folder.resolve(FOLDER));
		ModelSpec.read(folder); // what every command reads must take it
	}

	private static void copyTree(final Path from, final Path to) throws IOException {
		try (Stream<Path> s = Files.walk(from)) {
			s.forEach(p -> {
				try {
					final Path target = to.resolve(from.relativize(p).toString());
					if (Files.isDirectory(p)) Files.createDirectories(target);
					else Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
				}
				catch (final IOException e) {
					throw new UncheckedIOException(e);
				}
			});
		}
		catch (final UncheckedIOException e) {
			throw e.getCause();
		}
	}

	/** Checks the classes against the serving output's size. */
	static List<String> classes(final String given, final int outputs) {
		final List<String> out = new ArrayList<>();
		if (given == null || given.isBlank()) {
			for (int i = 0; i < outputs; i++) out.add("class_" + i);
			return out;
		}
		for (final String c : given.split(",")) out.add(c.trim());
		if (out.size() != outputs || out.stream().anyMatch(String::isEmpty) || out.stream().distinct().count() != out
			.size())
		{
			throw new UserInputException("classes '" + given + "' must be " + outputs + " distinct non-empty names " +
				"separated by commas, one per output of the SavedModel's serving signature");
		}
		return out;
	}
}
