package org.convnetij.data;

import java.util.Arrays;
import java.util.Locale;

import org.convnetij.util.UserInputException;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * How pixel values become model input values. Immutable; written into a model's {@code convnet.json} with
 * {@link #toJson()} (and back with {@link #fromJson}) so that prediction normalises exactly as training did; its
 * text form ({@link #toString()}, {@link #parse}) is the macro value.
 * <ul>
 * <li>{@code range}: 8-bit values divided by 255, 16-bit by 65535 (the type's range, so [0, 1]); 32-bit images,
 * which have no type range, are scaled per image by their own min and max to [0, 1].</li>
 * <li>{@code minmax}: every image (all channels together) scaled by its own min and max to [0, 1]; a constant
 * image becomes 0.</li>
 * <li>{@code meanstd mean=m std=s}: {@code range} first, then {@code (v - m) / s}, with one value for all
 * channels or one per channel ({@code mean=0.485,0.456,0.406 std=0.229,0.224,0.225}).</li>
 * <li>{@code none}: the values as stored in the file.</li>
 * </ul>
 * The scaling ({@link #scale}) happens before channel conversion and resizing, mean/std ({@link #standardize})
 * after, so that per-channel values refer to the model's channels.
 */
public final class Normalization {

	public enum Method {
		RANGE, MINMAX, MEANSTD, NONE;

		/** The one-word name used in text and JSON. */
		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	private static final Normalization RANGE = new Normalization(Method.RANGE, null, null);
	private static final Normalization MINMAX = new Normalization(Method.MINMAX, null, null);
	private static final Normalization NONE = new Normalization(Method.NONE, null, null);

	private final Method method;
	private final float[] mean, std;

	private Normalization(final Method method, final float[] mean, final float[] std) {
		this.method = method;
		this.mean = mean;
		this.std = std;
	}

	/** 8/16-bit divided by the type's maximum, 32-bit per image min-max: values in [0, 1]. The default. */
	public static Normalization range() {
		return RANGE;
	}

	/** Each image by its own min and max to [0, 1]. */
	public static Normalization minMax() {
		return MINMAX;
	}

	/** Values as stored. */
	public static Normalization none() {
		return NONE;
	}

	/** {@link #range()}, then (v - mean) / std; one value for all channels or one per channel. */
	public static Normalization meanStd(final float[] mean, final float[] std) {
		if (mean.length == 0 || mean.length != std.length) {
			throw new UserInputException("normalisation needs as many mean values as std values, at least one: mean " +
				Arrays.toString(mean) + ", std " + Arrays.toString(std));
		}
		for (final float s : std) {
			if (!(s > 0) || !Float.isFinite(s)) {
				throw new UserInputException("normalisation std values must be positive: " + Arrays.toString(std));
			}
		}
		for (final float m : mean) {
			if (!Float.isFinite(m)) throw new UserInputException("normalisation mean is not a number: " +
				Arrays.toString(mean));
		}
		return new Normalization(Method.MEANSTD, mean.clone(), std.clone());
	}

	public Method method() {
		return method;
	}

	/** The mean values of {@code meanstd} (a copy), empty for the other methods. */
	public float[] mean() {
		return mean == null ? new float[0] : mean.clone();
	}

	/** The std values of {@code meanstd} (a copy), empty for the other methods. */
	public float[] std() {
		return std == null ? new float[0] : std.clone();
	}

	/** Refuses per-channel mean/std values whose count does not match the model's channels. */
	public void check(final InputShape shape) {
		if (mean != null && mean.length != 1 && mean.length != shape.channels()) {
			throw new UserInputException("normalisation has " + mean.length + " mean/std values but the input has " +
				shape.channels() + " channel(s): give one value, or one per channel");
		}
	}

	/** The first step: raw values scaled by {@code range}, {@code minmax} or not at all; a new array. */
	public float[] scale(final RawImage raw) {
		final float[] in = raw.pixels();
		final float[] out = new float[in.length];
		final Method scaling = method == Method.MEANSTD ? Method.RANGE : method;
		if (scaling == Method.NONE) return in.clone();
		if (scaling == Method.RANGE && raw.bitDepth() != 32) {
			final float max = raw.bitDepth() == 8 ? 255f : 65535f;
			for (int i = 0; i < in.length; i++) out[i] = in[i] / max;
			return out;
		}
		// minmax, and range for 32-bit images
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (final float v : in) {
			if (v < min) min = v;
			if (v > max) max = v;
		}
		if (!(max > min)) return out; // constant (or all NaN): zeros
		final float span = max - min;
		for (int i = 0; i < in.length; i++) out[i] = (in[i] - min) / span;
		return out;
	}

	/** The second step, in place on a HWC array of the model's channels: (v - mean) / std for {@code meanstd}. */
	public void standardize(final float[] hwc, final int channels) {
		if (method != Method.MEANSTD) return;
		for (int i = 0; i < hwc.length; i++) {
			final int c = mean.length == 1 ? 0 : i % channels;
			hwc[i] = (hwc[i] - mean[c]) / std[c];
		}
	}

	/** The macro / text form: "range", "minmax", "none" or "meanstd mean=0.5 std=0.25". */
	@Override
	public String toString() {
		if (method != Method.MEANSTD) return method.key();
		return "meanstd mean=" + join(mean) + " std=" + join(std);
	}

	/** Reads the text form of {@link #toString()}. */
	public static Normalization parse(final String text) {
		final String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		final String[] words = t.split("\\s+");
		switch (words[0]) {
			case "range":
			case "minmax":
			case "none":
				if (words.length > 1) throw new UserInputException("normalisation '" + text + "': '" + words[0] +
					"' takes no values");
				return words[0].equals("range") ? RANGE : words[0].equals("minmax") ? MINMAX : NONE;
			case "meanstd":
				float[] m = null, s = null;
				for (int i = 1; i < words.length; i++) {
					if (words[i].startsWith("mean=")) m = floats(words[i].substring(5), text);
					else if (words[i].startsWith("std=")) s = floats(words[i].substring(4), text);
					else throw new UserInputException("normalisation '" + text + "': unknown part '" + words[i] +
						"'; write meanstd mean=0.5 std=0.25");
				}
				if (m == null || s == null) throw new UserInputException("normalisation '" + text +
					"' needs both mean= and std=, e.g. meanstd mean=0.5 std=0.25");
				return meanStd(m, s);
			default:
				throw new UserInputException("unknown normalisation '" + text +
					"'; use range, minmax, none or meanstd mean=... std=...");
		}
	}

	/** {"method": "meanstd", "mean": [...], "std": [...]} (mean and std only for meanstd). */
	public JsonObject toJson() {
		final JsonObject json = new JsonObject();
		json.addProperty("method", method.key());
		if (method == Method.MEANSTD) {
			json.add("mean", array(mean));
			json.add("std", array(std));
		}
		return json;
	}

	public static Normalization fromJson(final JsonObject json) {
		if (json == null || !json.has("method")) throw new UserInputException("normalisation entry has no method: " +
			json);
		final String m = json.get("method").getAsString();
		if (!m.equals(Method.MEANSTD.key())) return parse(m);
		return meanStd(floats(json.getAsJsonArray("mean")), floats(json.getAsJsonArray("std")));
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof Normalization n && n.method == method && Arrays.equals(n.mean, mean) &&
			Arrays.equals(n.std, std);
	}

	@Override
	public int hashCode() {
		return method.hashCode() * 31 + Arrays.hashCode(mean) * 7 + Arrays.hashCode(std);
	}

	private static String join(final float[] values) {
		final StringBuilder b = new StringBuilder();
		for (final float v : values) {
			if (b.length() > 0) b.append(',');
			b.append(v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v));
		}
		return b.toString();
	}

	private static float[] floats(final String list, final String text) {
		final String[] parts = list.split(",");
		final float[] f = new float[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				f[i] = Float.parseFloat(parts[i]);
			}
			catch (final NumberFormatException e) {
				throw new UserInputException("normalisation '" + text + "': '" + parts[i] + "' is not a number");
			}
		}
		return f;
	}

	private static JsonArray array(final float[] values) {
		final JsonArray a = new JsonArray();
		for (final float v : values) a.add(v);
		return a;
	}

	private static float[] floats(final JsonArray a) {
		if (a == null) throw new UserInputException("normalisation meanstd entry lacks mean or std");
		final float[] f = new float[a.size()];
		for (int i = 0; i < f.length; i++) f[i] = a.get(i).getAsFloat();
		return f;
	}
}
