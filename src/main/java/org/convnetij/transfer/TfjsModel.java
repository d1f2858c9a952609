package org.convnetij.transfer;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.convnetij.util.UserInputException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A Keras model saved in the TensorFlow.js layers format: {@code model.json} (the Keras model configuration under
 * {@code modelTopology} and a {@code weightsManifest}) plus the binary weight shards next to it. Reading it gives
 * the layer list in file order and every weight tensor dequantised to float32, by weight name.
 * <p>
 * Plain Java, no TensorFlow: turning the layers into a computation is the job of the TensorFlow layer.
 *
 * <pre>
 * TfjsModel m = TfjsModel.read(Path.of("mobilenet_v2_tfjs"));
 * KerasLayer conv = m.layer("Conv1");           // Conv2D, filters 32, kernel 3x3, strides 2x2, padding valid
 * WeightTensor k = m.weight("Conv1/kernel");    // shape [3, 3, 3, 32]
 * </pre>
 */
public final class TfjsModel {

	private final Path source;
	private final String kerasVersion;
	private final String modelName;
	private final List<KerasLayer> layers;
	private final Map<String, KerasLayer> layersByName;
	private final List<String> inputLayers;
	private final List<String> outputLayers;
	private final Map<String, WeightTensor> weights;

	private TfjsModel(final Path source, final String kerasVersion, final String modelName,
		final List<KerasLayer> layers, final List<String> inputLayers, final List<String> outputLayers,
		final Map<String, WeightTensor> weights)
	{
		this.source = source;
		this.kerasVersion = kerasVersion;
		this.modelName = modelName;
		this.layers = List.copyOf(layers);
		this.layersByName = new LinkedHashMap<>();
		for (final KerasLayer l : layers) {
			if (layersByName.put(l.name(), l) != null) {
				throw new UserInputException("the model names two layers '" + l.name() + "'");
			}
		}
		this.inputLayers = List.copyOf(inputLayers);
		this.outputLayers = List.copyOf(outputLayers);
		this.weights = Collections.unmodifiableMap(weights);
	}

	/**
	 * Reads a model from its folder (holding {@code model.json} and the shard files) or from the path of its
	 * {@code model.json}. A shard named {@code group1-shard1of1} in the manifest is also found as
	 * {@code group1-shard1of1.bin}.
	 *
	 * @throws UserInputException when the files are missing or do not describe a TensorFlow.js layers model, with
	 *           a message that says what is wrong
	 * @throws IOException when a file cannot be read
	 */
	public static TfjsModel read(final Path path) throws IOException {
		final Path json = Files.isDirectory(path) ? path.resolve("model.json") : path;
		if (!Files.isRegularFile(json)) {
			throw new UserInputException("no TensorFlow.js model at '" + path +
				"': give the folder that holds model.json, or the model.json file");
		}
		final JsonObject root;
		try (Reader r = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
			final JsonElement e = JsonParser.parseReader(r);
			if (!e.isJsonObject()) {
				throw new UserInputException("'" + json + "' is not a JSON object");
			}
			root = e.getAsJsonObject();
		}
		catch (final JsonParseException e) {
			throw new UserInputException("'" + json + "' is not valid JSON: " + e.getMessage(), e);
		}
		if (!root.has("modelTopology") || !root.has("weightsManifest")) {
			throw new UserInputException("'" + json + "' has no " + (root.has("modelTopology")
				? "weightsManifest" : "modelTopology") + ": it is not a TensorFlow.js layers model " +
				"(a graph model, converted from a SavedModel, cannot be read as layers)");
		}
		final JsonObject topology = root.getAsJsonObject("modelTopology");
		final String kerasVersion = topology.has("keras_version") ? topology.get("keras_version").getAsString() : "";
		final JsonObject modelConfig = topology.has("model_config") ? topology.getAsJsonObject("model_config")
			: topology;
		final Map<String, WeightTensor> weights = TfjsWeights.read(root.getAsJsonArray("weightsManifest"),
			json.toAbsolutePath().getParent());
		final KerasTopology t = KerasTopology.parse(modelConfig);
		return new TfjsModel(json, kerasVersion, t.name(), t.layers(), t.inputLayers(), t.outputLayers(), weights);
	}

	/** The model.json that was read. */
	public Path source() {
		return source;
	}

	/** The Keras version that saved the model, such as {@code 2.2.4}; empty where the file does not say. */
	public String kerasVersion() {
		return kerasVersion;
	}

	/** The Keras model name, such as {@code model_1}. */
	public String modelName() {
		return modelName;
	}

	/** All layers in file order (for a functional model an order in which every layer comes after its inputs). */
	public List<KerasLayer> layers() {
		return layers;
	}

	public boolean hasLayer(final String name) {
		return layersByName.containsKey(name);
	}

	/** The layer of that name; a {@link UserInputException} that lists some layer names if there is none. */
	public KerasLayer layer(final String name) {
		final KerasLayer l = layersByName.get(name);
		if (l == null) {
			throw new UserInputException("the model has no layer '" + name + "'; its last layers are " +
				layers.subList(Math.max(0, layers.size() - 8), layers.size()).stream().map(KerasLayer::name)
					.collect(Collectors.joining(", ")));
		}
		return l;
	}

	/** Names of the model's input layers. */
	public List<String> inputLayers() {
		return inputLayers;
	}

	/** Names of the layers whose outputs are the model's outputs. */
	public List<String> outputLayers() {
		return outputLayers;
	}

	/** All weight tensors by name, in manifest order (unmodifiable). */
	public Map<String, WeightTensor> weights() {
		return weights;
	}

	/** The weight of that name, such as {@code Conv1/kernel}. */
	public WeightTensor weight(final String name) {
		final WeightTensor w = weights.get(name);
		if (w == null) {
			final List<WeightTensor> sameLayer = weightsOf(name.substring(0, Math.max(0, name.lastIndexOf('/'))));
			throw new UserInputException("the model has no weight '" + name + "'" + (sameLayer.isEmpty() ? ""
				: "; that layer has " + sameLayer));
		}
		return w;
	}

	/** The weights of one layer (names {@code <layer>/...}), in manifest order; empty for a layer without any. */
	public List<WeightTensor> weightsOf(final String layerName) {
		final List<WeightTensor> out = new ArrayList<>();
		for (final WeightTensor w : weights.values()) {
			if (w.layerName().equals(layerName)) {
				out.add(w);
			}
		}
		return out;
	}

	@Override
	public String toString() {
		return "TfjsModel " + modelName + " (" + layers.size() + " layers, " + weights.size() + " weights) from " +
			source;
	}
}
