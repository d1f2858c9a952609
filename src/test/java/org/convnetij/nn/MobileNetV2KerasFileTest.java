package org.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.convnetij.data.InputShape;

/**
 * The MobileNetV2 definition against a real Keras 2.2.4 model (sample-images/mobilenet_v2_tfjs/model.json): same layer
 * names, types, connections and weight shapes up to out_relu, so its weights load by name.
 */
class MobileNetV2KerasFileTest {

	private static final Path MODEL_JSON = Path.of("sample-images", "mobilenet_v2_tfjs", "model.json");

	private static JsonObject read() throws IOException {
		try (Reader r = Files.newBufferedReader(MODEL_JSON, StandardCharsets.UTF_8)) {
			return JsonParser.parseReader(r).getAsJsonObject();
		}
	}

	@Test
	void layerNamesTypesAndConnectionsMatchKeras() throws IOException {
		final JsonArray layers = read().getAsJsonObject("modelTopology").getAsJsonObject("model_config")
			.getAsJsonObject("config").getAsJsonArray("layers");
		final Model model = Architectures.mobilenetV2(InputShape.of(224, 224, 3), Top.none());
		final List<String> kerasNames = new ArrayList<>();
		for (final JsonElement e : layers) {
			final JsonObject layer = e.getAsJsonObject();
			final String name = layer.getAsJsonObject("config").get("name").getAsString();
			kerasNames.add(name);
			final Node node = model.node(name);
			assertEquals(layer.get("class_name").getAsString(), node.layer().type(), name);
			final List<String> inbound = new ArrayList<>();
			final JsonArray nodes = layer.getAsJsonArray("inbound_nodes");
			if (nodes.size() > 0) {
				for (final JsonElement in : nodes.get(0).getAsJsonArray()) {
					inbound.add(in.getAsJsonArray().get(0).getAsString());
				}
			}
			assertEquals(inbound, node.inputs(), name);
			if (name.equals("out_relu")) break;
		}
		final List<String> ours = new ArrayList<>();
		for (final Node n : model.nodes()) ours.add(n.name());
		assertEquals(kerasNames, ours, "same layers in the same order");
		assertEquals(155, ours.size(), "162 Keras layers less the 7 of the unrelated head");
	}

	@Test
	void weightShapesMatchTheManifest() throws IOException {
		final JsonArray manifest = read().getAsJsonArray("weightsManifest").get(0).getAsJsonObject().getAsJsonArray(
			"weights");
		final Model model = Architectures.mobilenetV2(InputShape.of(224, 224, 3), Top.none());
		final Map<String, int[]> ours = new HashMap<>();
		for (final Node n : model.nodes()) {
			for (final Weight w : n.weights()) ours.put(n.weightName(w), w.dims());
		}
		int matched = 0;
		for (final JsonElement e : manifest) {
			final JsonObject w = e.getAsJsonObject();
			final String name = w.get("name").getAsString();
			final String layer = name.substring(0, name.indexOf('/'));
			if (!model.has(layer)) continue; // the unrelated head after out_relu
			final JsonArray shape = w.getAsJsonArray("shape");
			final int[] dims = new int[shape.size()];
			for (int i = 0; i < dims.length; i++) dims[i] = shape.get(i).getAsInt();
			assertTrue(ours.containsKey(name), name);
			assertArrayEquals(dims, ours.get(name), name);
			matched++;
		}
		assertEquals(ours.size(), matched, "every weight of the body is in the file");
	}
}
