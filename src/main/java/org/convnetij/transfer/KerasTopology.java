package org.convnetij.transfer;

import java.util.ArrayList;
import java.util.List;

import org.convnetij.util.UserInputException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The layer graph of a Keras model configuration ({@code {"class_name": "Model" | "Functional" | "Sequential",
 * "config": ...}}), with the inbound layers of every layer read from its {@code inbound_nodes} in the Keras 2 form
 * ({@code [[["name", 0, 0, {}], ...]]}) or the Keras 3 form ({@code keras_history} entries).
 */
record KerasTopology(String name, List<KerasLayer> layers, List<String> inputLayers, List<String> outputLayers) {

	static KerasTopology parse(final JsonObject modelConfig) {
		final String className = text(modelConfig, "class_name", "Model");
		final JsonElement config = modelConfig.get("config");
		if (config == null) {
			throw new UserInputException("the model topology has no 'config': it is not a Keras model configuration");
		}
		if (className.equals("Sequential")) {
			// Keras 2.2 wrote a Sequential configuration as a bare list of layers, later versions as {"layers": [...]}
			final JsonArray list = config.isJsonArray() ? config.getAsJsonArray()
				: config.getAsJsonObject().getAsJsonArray("layers");
			return sequential(config.isJsonObject() ? text(config.getAsJsonObject(), "name", "sequential")
				: "sequential", list);
		}
		if (!className.equals("Model") && !className.equals("Functional")) {
			throw new UserInputException("the model is a Keras '" + className +
				"': only Model, Functional and Sequential models can be imported");
		}
		final JsonObject c = config.getAsJsonObject();
		final List<KerasLayer> layers = new ArrayList<>();
		for (final JsonElement e : c.getAsJsonArray("layers")) {
			final JsonObject l = e.getAsJsonObject();
			layers.add(layer(l, inbound(l)));
		}
		return new KerasTopology(text(c, "name", "model"), layers, names(c.get("input_layers")),
			names(c.get("output_layers")));
	}

	/**
	 * The layers of a Sequential model, each reading the one before. Where the first layer is not an InputLayer but
	 * carries a {@code batch_input_shape}, an InputLayer {@code <first>_input} is put in front, as Keras does.
	 */
	private static KerasTopology sequential(final String name, final JsonArray list) {
		final List<KerasLayer> layers = new ArrayList<>();
		String previous = null;
		if (!list.isEmpty()) {
			final JsonObject first = list.get(0).getAsJsonObject();
			final JsonObject config = first.has("config") ? first.getAsJsonObject("config") : new JsonObject();
			if (!"InputLayer".equals(text(first, "class_name", "")) && (config.has("batch_input_shape") ||
				config.has("batch_shape")))
			{
				final JsonObject input = new JsonObject();
				final String inputName = text(config, "name", text(first, "name", "")) + "_input";
				input.addProperty("name", inputName);
				input.add(config.has("batch_input_shape") ? "batch_input_shape" : "batch_shape",
					config.get(config.has("batch_input_shape") ? "batch_input_shape" : "batch_shape"));
				layers.add(new KerasLayer(inputName, "InputLayer", List.of(), input));
				previous = inputName;
			}
		}
		for (final JsonElement e : list) {
			final JsonObject l = e.getAsJsonObject();
			final KerasLayer layer = layer(l, previous == null ? List.of() : List.of(previous));
			layers.add(layer);
			previous = layer.name();
		}
		if (layers.isEmpty()) {
			throw new UserInputException("the Sequential model has no layers");
		}
		return new KerasTopology(name, layers, List.of(layers.get(0).name()),
			List.of(layers.get(layers.size() - 1).name()));
	}

	private static KerasLayer layer(final JsonObject l, final List<String> inbound) {
		final JsonObject config = l.has("config") && l.get("config").isJsonObject() ? l.getAsJsonObject("config")
			: new JsonObject();
		final String name = l.has("name") ? l.get("name").getAsString() : text(config, "name", "");
		if (name.isEmpty()) {
			throw new UserInputException("a layer of class " + l.get("class_name") + " has no name");
		}
		return new KerasLayer(name, text(l, "class_name", ""), inbound, config);
	}

	/** The layers feeding this one: the first (for an unshared layer the only) inbound node. */
	private static List<String> inbound(final JsonObject layer) {
		final List<String> out = new ArrayList<>();
		final JsonElement nodes = layer.get("inbound_nodes");
		if (nodes == null || !nodes.isJsonArray() || nodes.getAsJsonArray().isEmpty()) {
			return out;
		}
		if (nodes.getAsJsonArray().size() > 1) {
			throw new UserInputException("layer '" + layer.get("name").getAsString() + "' is called " +
				nodes.getAsJsonArray().size() + " times (a shared layer): such models cannot be imported");
		}
		final JsonElement node = nodes.getAsJsonArray().get(0);
		if (node.isJsonArray()) {
			for (final JsonElement entry : node.getAsJsonArray()) {
				out.add(entry.getAsJsonArray().get(0).getAsString());
			}
		}
		else {
			collectKerasHistory(node, out);
		}
		return out;
	}

	private static void collectKerasHistory(final JsonElement e, final List<String> out) {
		if (e.isJsonArray()) {
			e.getAsJsonArray().forEach(c -> collectKerasHistory(c, out));
		}
		else if (e.isJsonObject()) {
			final JsonObject o = e.getAsJsonObject();
			if (o.has("keras_history")) {
				out.add(o.getAsJsonArray("keras_history").get(0).getAsString());
			}
			else {
				o.entrySet().forEach(entry -> collectKerasHistory(entry.getValue(), out));
			}
		}
	}

	/** Layer names of input_layers / output_layers: {@code [["name", 0, 0], ...]} or a single {@code ["name", 0, 0]}. */
	private static List<String> names(final JsonElement e) {
		final List<String> out = new ArrayList<>();
		if (e == null || !e.isJsonArray() || e.getAsJsonArray().isEmpty()) {
			return out;
		}
		final JsonArray a = e.getAsJsonArray();
		if (a.get(0).isJsonPrimitive()) {
			out.add(a.get(0).getAsString());
			return out;
		}
		for (final JsonElement entry : a) {
			out.add(entry.getAsJsonArray().get(0).getAsString());
		}
		return out;
	}

	private static String text(final JsonObject o, final String key, final String absent) {
		return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : absent;
	}
}
