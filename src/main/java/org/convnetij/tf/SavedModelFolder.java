package org.convnetij.tf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.convnetij.data.Normalization;
import org.convnetij.nn.ModelSpec;
import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;


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
		if (!Files.isRegularFile(folder.resolve(ModelSpec.FILE_NAME))) return false;
		try {
			return ModelSpec.read(folder).isSavedModel();
		}
		catch (final IOException | RuntimeException e) {
			return false;
		}
	}

	/** Reads convnet.json of such a folder ({@link ModelSpec}, the one codec) and the head's weights. */
	public static Spec read(final Path folder) throws IOException {
		final ModelSpec m = ModelSpec.read(folder);
		final ModelSpec.Signature signature = m.signature();
		if (signature == null) {
			throw new UserInputException(folder + " does not keep a SavedModel as it is (architecture " + m
				.architecture().key() + ")");
		}
		final List<String> classes = m.classes();
		Head head = null;
		final ModelSpec.TensorHead h = m.tensorHead();
		if (h != null) {
			final Map<String, float[]> w = WeightFile.read(folder);
			final float[] kernel = w.get(KERNEL), bias = w.get(BIAS);
			if (kernel == null || bias == null || bias.length != classes.size() || kernel.length % bias.length != 0) {
				throw new UserInputException(folder + ": the classifier head in weights.bin does not fit the " + classes
					.size() + " classes of convnet.json");
			}
			head = new Head(h.tensor(), h.pooled(), kernel.length / bias.length, kernel, bias);
		}
		return new Spec(signature.inputTensor(), signature.outputTensor(), m.input(), classes, m.normalization(),
			signature.featureTensor(), head);
	}

	/** Records in convnet.json of {@code folder} how its head was trained: the strategy and the pretrained base. */
	static void recordTraining(final Path folder, final String strategy, final String base) throws IOException {
		final ModelSpec m = ModelSpec.read(folder);
		m.training(m.training().strategy(strategy).base(base)).write(folder);
	}

	/**
	 * Records in convnet.json of {@code folder} the bit depth of the images its normalisation expects (0: any) and
	 * whether the gray model takes RGB images converted to gray by luminance.
	 */
	static void recordInput(final Path folder, final int bitDepth, final boolean rgbAsGray) throws IOException {
		final ModelSpec m = ModelSpec.read(folder);
		m.bitDepth(bitDepth > 0 ? bitDepth : m.bitDepth()).rgbAsGray(rgbAsGray && m.input().channels() == 1).write(
			folder);
	}

	/** Writes convnet.json of {@code spec} and a copy of the SavedModel {@code source} into {@code folder}. */
	static void writeInto(final Path folder, final Path source, final Spec spec) throws IOException {
		final Head head = spec.head();
		ModelSpec.savedModel(new ModelSpec.Signature(spec.inputTensor(), spec.outputTensor(), spec.featureTensor()), spec
			.input(), spec.classes(), spec.normalization(), head == null ? null : new ModelSpec.TensorHead(head.tensor(),
				head.pooled(), head.features())).write(folder);
		if (head != null) {
			final Map<String, float[]> values = new LinkedHashMap<>();
			values.put(KERNEL, head.kernel());
			values.put(BIAS, head.bias());
			WeightFile.write(folder, values, Map.of(KERNEL, new int[] { head.features(), head.classes() }, BIAS,
				new int[] { head.classes() }));
		}
		copyTree(source, folder.resolve(FOLDER));
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
