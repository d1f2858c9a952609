package org.convnetij.transfer;

import java.util.List;

import org.convnetij.util.UserInputException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * One layer of a Keras model configuration: its name, Keras class name ({@code Conv2D}, {@code BatchNormalization},
 * ...), the layers it reads from and the configuration values that define its computation. Accessors for a key
 * that the layer does not have throw a {@link UserInputException} that names the layer and the key.
 */
public final class KerasLayer {

	private final String name;
	private final String className;
	private final List<String> inboundLayers;
	private final JsonObject config;

	KerasLayer(final String name, final String className, final List<String> inboundLayers,
		final JsonObject config)
	{
		this.name = name;
		this.className = className;
		this.inboundLayers = List.copyOf(inboundLayers);
		this.config = config;
	}

	public String name() {
		return name;
	}

	/** The Keras class name, such as {@code Conv2D}, {@code DepthwiseConv2D}, {@code ReLU}, {@code Add}. */
	public String className() {
		return className;
	}

	/** Names of the layers whose outputs this layer takes, in order (empty for an input layer). */
	public List<String> inboundLayers() {
		return inboundLayers;
	}

	/** Keras' {@code trainable} flag; {@code true} where the configuration does not say (the Keras default). */
	public boolean trainable() {
		return !config.has("trainable") || config.get("trainable").isJsonNull() ||
			config.get("trainable").getAsBoolean();
	}

	/** Whether the configuration has this key with a value other than null. */
	public boolean has(final String key) {
		return config.has(key) && !config.get(key).isJsonNull();
	}

	public int integer(final String key) {
		return (int) number(key);
	}

	public double number(final String key) {
		final JsonElement e = required(key);
		if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
			throw bad(key, e, "a number");
		}
		return e.getAsDouble();
	}

	public String string(final String key) {
		final JsonElement e = required(key);
		if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
			throw bad(key, e, "a text");
		}
		return e.getAsString();
	}

	public boolean bool(final String key) {
		final JsonElement e = required(key);
		if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
			throw bad(key, e, "true or false");
		}
		return e.getAsBoolean();
	}

	/**
	 * All numbers of a value, flattened: {@code [3, 3]} gives {3, 3}, {@code [[0, 1], [0, 1]]} gives {0, 1, 0, 1},
	 * a single number n gives {n}.
	 */
	public int[] integers(final String key) {
		final JsonElement e = required(key);
		final int[] count = { 0 };
		final int[] out = new int[countNumbers(key, e)];
		flatten(key, e, out, count);
		return out;
	}

	/** Conv2D: {@code filters}. */
	public int filters() {
		return integer("filters");
	}

	/** Conv2D, DepthwiseConv2D: {@code kernel_size} as {height, width}. */
	public int[] kernelSize() {
		return pair("kernel_size");
	}

	/** Conv2D, DepthwiseConv2D, pooling: {@code strides} as {vertical, horizontal}. */
	public int[] strides() {
		return pair("strides");
	}

	/** Pooling: {@code pool_size} as {height, width}. */
	public int[] poolSize() {
		return pair("pool_size");
	}

	/** Conv2D, DepthwiseConv2D, pooling: {@code padding}, {@code valid} or {@code same}. */
	public String padding() {
		return string("padding");
	}

	/** ZeroPadding2D: the padding as {top, bottom, left, right}. */
	public int[] zeroPadding() {
		final int[] p = integers("padding");
		if (p.length == 1) {
			return new int[] { p[0], p[0], p[0], p[0] };
		}
		if (p.length == 2) {
			return new int[] { p[0], p[0], p[1], p[1] };
		}
		if (p.length == 4) {
			return p;
		}
		throw bad("padding", config.get("padding"), "n, [rows, cols] or [[top, bottom], [left, right]]");
	}

	/** Conv2D, DepthwiseConv2D, Dense: {@code use_bias}. */
	public boolean useBias() {
		return bool("use_bias");
	}

	/** Conv2D, DepthwiseConv2D, Dense, Activation: {@code activation}, such as {@code linear}, {@code relu}. */
	public String activation() {
		return string("activation");
	}

	/** DepthwiseConv2D: {@code depth_multiplier}. */
	public int depthMultiplier() {
		return integer("depth_multiplier");
	}

	/** BatchNormalization: {@code epsilon}. */
	public double epsilon() {
		return number("epsilon");
	}

	/** BatchNormalization: {@code momentum}. */
	public double momentum() {
		return number("momentum");
	}

	/** ReLU: {@code max_value}, or positive infinity where it is absent or null (no upper bound). */
	public double maxValue() {
		return has("max_value") ? number("max_value") : Double.POSITIVE_INFINITY;
	}

	/**
	 * InputLayer: {@code batch_input_shape} (Keras 2) or {@code batch_shape} (Keras 3), with -1 for an open size
	 * (null in the file, usually the batch).
	 */
	public int[] batchInputShape() {
		final String key = has("batch_input_shape") ? "batch_input_shape" : "batch_shape";
		final JsonElement e = required(key);
		if (!e.isJsonArray()) {
			throw bad(key, e, "a list of sizes");
		}
		final JsonArray dims = e.getAsJsonArray();
		final int[] shape = new int[dims.size()];
		for (int i = 0; i < shape.length; i++) {
			shape[i] = dims.get(i).isJsonNull() ? -1 : dims.get(i).getAsInt();
		}
		return shape;
	}

	/** Dense: {@code units}. */
	public int units() {
		return integer("units");
	}

	@Override
	public String toString() {
		return name + " (" + className + ") <- " + inboundLayers;
	}

	private int[] pair(final String key) {
		final int[] v = integers(key);
		if (v.length == 1) {
			return new int[] { v[0], v[0] };
		}
		if (v.length != 2) {
			throw bad(key, config.get(key), "one or two numbers");
		}
		return v;
	}

	private JsonElement required(final String key) {
		if (!has(key)) {
			throw new UserInputException("layer '" + name + "' (" + className + ") has no value for '" + key +
				"' in its configuration");
		}
		return config.get(key);
	}

	private int countNumbers(final String key, final JsonElement e) {
		if (e.isJsonArray()) {
			int n = 0;
			for (final JsonElement c : (JsonArray) e) {
				n += countNumbers(key, c);
			}
			return n;
		}
		if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
			return 1;
		}
		throw bad(key, config.get(key), "numbers");
	}

	private static void flatten(final String key, final JsonElement e, final int[] out, final int[] count) {
		if (e.isJsonArray()) {
			for (final JsonElement c : (JsonArray) e) {
				flatten(key, c, out, count);
			}
		}
		else {
			out[count[0]++] = e.getAsInt();
		}
	}

	private UserInputException bad(final String key, final JsonElement value, final String expected) {
		return new UserInputException("layer '" + name + "' (" + className + "): '" + key + "' is " + value +
			", expected " + expected);
	}
}
