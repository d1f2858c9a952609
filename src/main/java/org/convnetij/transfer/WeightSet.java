package org.convnetij.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.convnetij.util.UserInputException;

/**
 * Pretrained weights by Keras weight name ({@code layer/shortName}, e.g. {@code Conv1/kernel},
 * {@code bn_Conv1/moving_mean}), each with its values (row-major float32) and its shape in Keras layout, read from a
 * TensorFlow.js layers model or a Keras HDF5 weight file. Layer names are normalised: a '/' inside a layer name
 * (Keras 2 DenseNet: {@code conv1/conv}) becomes '_' ({@code conv1_conv}), as in our architectures.
 * <p>
 * Plain Java, no TensorFlow. {@link WeightMatch} fits a set to an {@link org.convnetij.nn.Model}.
 */
public final class WeightSet {

	private final String source;
	private final Map<String, WeightTensor> weights;

	WeightSet(final String source, final Map<String, WeightTensor> weights) {
		this.source = source;
		this.weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
	}

	/** The weights of a TensorFlow.js layers model (already dequantised), names normalised. */
	public static WeightSet of(final TfjsModel model) {
		final Map<String, WeightTensor> out = new LinkedHashMap<>();
		for (final WeightTensor w : model.weights().values()) {
			final WeightTensor n = w.renamed(kerasName(w.layerName(), w.shortName()));
			put(out, n, model.source().toString());
		}
		return new WeightSet(model.source().toString(), out);
	}

	/** Any named tensors, for weights made in Java (names are normalised like the files' names). */
	public static WeightSet of(final String source, final List<WeightTensor> tensors) {
		final Map<String, WeightTensor> out = new LinkedHashMap<>();
		for (final WeightTensor w : tensors) put(out, w.renamed(kerasName(w.layerName(), w.shortName())), source);
		return new WeightSet(source, out);
	}

	/**
	 * Reads weights from a file: a Keras HDF5 weight file ({@code .h5}, {@code .hdf5}, {@code .keras} is refused
	 * with a message), a TensorFlow.js {@code model.json} or the folder holding one.
	 */
	public static WeightSet read(final Path path) throws IOException {
		if (Files.isDirectory(path)) {
			if (Files.isRegularFile(path.resolve("model.json"))) return of(TfjsModel.read(path));
			if (Files.isRegularFile(path.resolve("saved_model.pb"))) {
				throw new UserInputException("'" + path + "' is a TensorFlow SavedModel: import it into a model " +
					"folder with Import Model first");
			}
			throw new UserInputException("no weights in the folder '" + path +
				"': give a Keras .h5 weight file, a TensorFlow.js model.json or the folder holding it");
		}
		if (!Files.isRegularFile(path)) {
			throw new UserInputException("the weight file '" + path + "' does not exist");
		}
		final String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
		if (name.endsWith(".json")) return of(TfjsModel.read(path));
		if (name.endsWith(".keras")) {
			throw new UserInputException("'" + path + "' is a Keras 3 .keras archive, which cannot be read here: " +
				"save its weights in the HDF5 format of Keras 2 (model.save_weights('weights.h5') with " +
				"tf.keras 2.x) or as a TensorFlow.js layers model");
		}
		return KerasHdf5Weights.read(path);
	}

	/** The Keras weight name: layer name with '/' as '_', then '/', then the short name. */
	static String kerasName(final String layerName, final String shortName) {
		return layerName.replace('/', '_') + "/" + shortName;
	}

	private static void put(final Map<String, WeightTensor> out, final WeightTensor w, final String source) {
		if (out.put(w.name(), w) != null) {
			throw new UserInputException("'" + source + "' has two weights named '" + w.name() + "'");
		}
	}

	/** Where the weights came from (a file path). */
	public String source() {
		return source;
	}

	/** Keras weight name to tensor, in file order. */
	public Map<String, WeightTensor> weights() {
		return weights;
	}

	public boolean has(final String kerasName) {
		return weights.containsKey(kerasName);
	}

	/** The tensor of that Keras name, or a message naming the file. */
	public WeightTensor weight(final String kerasName) {
		final WeightTensor w = weights.get(kerasName);
		if (w == null) throw new UserInputException("'" + source + "' has no weight '" + kerasName + "'");
		return w;
	}

	/** Names of the layers that have weights, in file order. */
	public Set<String> layerNames() {
		return weights.values().stream().map(WeightTensor::layerName).collect(Collectors.toCollection(
			java.util.LinkedHashSet::new));
	}

	/** Number of weight values. */
	public long parameters() {
		long n = 0;
		for (final WeightTensor w : weights.values()) n += w.size();
		return n;
	}

	@Override
	public String toString() {
		return weights.size() + " weights (" + parameters() + " values) from " + source;
	}
}
