package org.convnetij.transfer;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.convnetij.nn.HeadLayer;
import org.convnetij.util.UserInputException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The head of a Keras model (TF.js layers format): the chain of layers after the architecture's feature layer, as
 * {@link HeadLayer}s, and the class names its authors wrote down, if any.
 */
public final class KerasHead {

	private KerasHead() {}

	/**
	 * The layers {@code names} (in the model's order) as a head after {@code features}: each must take the one before
	 * it, the last must be the model's output.
	 */
	public static List<HeadLayer> of(final TfjsModel model, final String features, final List<String> names) {
		final List<HeadLayer> head = new ArrayList<>();
		String previous = features;
		for (final String name : names) {
			final KerasLayer l = model.layer(name);
			if (!l.inboundLayers().equals(List.of(previous))) {
				throw new UserInputException("the head of " + model.source() + " is not a chain of layers after " +
					features + " (" + name + " takes " + l.inboundLayers() + "): import with notop=true to use its features");
			}
			head.add(toHead(model, l));
			previous = name;
		}
		if (!model.outputLayers().equals(List.of(previous))) {
			throw new UserInputException("the model " + model.source() + " has the outputs " + model.outputLayers() +
				", not its last layer " + previous + ": import with notop=true to use its features");
		}
		return head;
	}

	private static HeadLayer toHead(final TfjsModel model, final KerasLayer l) {
		final String type = l.className();
		switch (type) {
			case "AveragePooling2D":
			case "MaxPooling2D": {
				final int[] pool = l.poolSize();
				final int[] strides = l.has("strides") ? l.strides() : pool;
				if (pool[0] != pool[1] || strides[0] != strides[1]) break;
				return HeadLayer.pooling(type, l.name(), pool[0], strides[0], l.has("padding") ? l.padding() : "valid");
			}
			case "GlobalAveragePooling2D":
			case "GlobalMaxPooling2D":
			case "Flatten":
				return HeadLayer.of(type, l.name());
			case "Dense":
				if (l.has("use_bias") && !l.useBias()) break;
				return HeadLayer.dense(l.name(), l.units(), l.has("activation") ? l.activation() : "linear");
			case "Dropout":
				return HeadLayer.dropout(l.name(), l.has("rate") ? l.number("rate") : 0);
			case "Activation":
				return HeadLayer.activation(l.name(), l.activation());
			case "Softmax":
				return HeadLayer.activation(l.name(), "softmax");
			default:
		}
		throw new UserInputException("layer " + l.name() + " (" + type + ") of the head of " + model.source() +
			" cannot be kept (kept are " + String.join(", ", HeadLayer.TYPES) + ", square pools, dense layers with " +
			"bias): import with notop=true to use its features");
	}

	/**
	 * The class names of a TF.js model: "labels" of metadata.json beside model.json (as Teachable Machine writes
	 * them), else "labels" or "classNames" of model.json's userDefinedMetadata; class_0 .. class_{n-1} otherwise.
	 * Names that are not {@code count} distinct, non-empty strings are refused.
	 */
	public static List<String> classNames(final Path modelJson, final int count) throws IOException {
		List<String> names = labels(modelJson.resolveSibling("metadata.json"), null);
		if (names == null) names = labels(modelJson, "userDefinedMetadata");
		if (names == null) {
			names = new ArrayList<>();
			for (int i = 0; i < count; i++) names.add("class_" + i);
			return names;
		}
		if (names.size() != count) {
			throw new UserInputException("the model " + modelJson + " names " + names.size() + " classes " + names +
				" but its head has " + count + " outputs");
		}
		return names;
	}

	private static List<String> labels(final Path json, final String member) throws IOException {
		if (!Files.isRegularFile(json)) return null;
		JsonObject o;
		try (Reader r = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
			final JsonElement e = JsonParser.parseReader(r);
			if (!e.isJsonObject()) return null;
			o = e.getAsJsonObject();
		}
		catch (final JsonParseException e) {
			throw new UserInputException("'" + json + "' is not valid JSON: " + e.getMessage(), e);
		}
		if (member != null) {
			if (!o.has(member) || !o.get(member).isJsonObject()) return null;
			o = o.getAsJsonObject(member);
		}
		for (final String key : List.of("labels", "classNames")) {
			if (o.has(key) && o.get(key).isJsonArray()) {
				final JsonArray a = o.getAsJsonArray(key);
				final List<String> names = new ArrayList<>();
				for (final JsonElement e : a) names.add(e.isJsonPrimitive() ? e.getAsString() : "");
				return names;
			}
		}
		return null;
	}
}
