package org.convnetij.transfer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.data.Normalization;
import org.convnetij.util.UserInputException;

/**
 * A model's normalisation in the bioimage.io spec's (0.5) preprocessing terms, and back:
 * <ul>
 * <li>{@code range} of 8- or 16-bit images: {@code scale_linear} with gain 1/255 or 1/65535;</li>
 * <li>{@code range} of 32-bit images and {@code minmax}: {@code scale_range} over y, x and channel of each image,
 * percentiles 0 and 100 (the spec adds its eps, 1e-6, to the span: a relative difference of 1e-6 / span);</li>
 * <li>{@code meanstd}: the range step above, then {@code scale_linear} with gain 1/std and offset -mean/std (one
 * value, or one per channel along the channel axis; left out for mean 0 and std 1, which the spec refuses as
 * redundant);</li>
 * <li>{@code none}: no preprocessing.</li>
 * </ul>
 */
public final class ModelZooPreprocessing {

	/** The spec's eps of scale_range, added to the span of the values. */
	public static final double EPS = 1e-6;

	private ModelZooPreprocessing() {}

	/** The preprocessing list for images of {@code bitDepth} (8, 16 or 32). */
	public static List<Map<String, Object>> of(final Normalization n, final int bitDepth) {
		final List<Map<String, Object>> out = new ArrayList<>();
		if (n.method() == Normalization.Method.NONE) return out;
		if (n.method() == Normalization.Method.MINMAX || bitDepth == 32) {
			final Map<String, Object> k = new LinkedHashMap<>();
			k.put("axes", List.of("y", "x", "channel"));
			k.put("min_percentile", 0.0);
			k.put("max_percentile", 100.0);
			k.put("eps", EPS);
			out.add(op("scale_range", k));
		}
		else {
			final Map<String, Object> k = new LinkedHashMap<>();
			k.put("gain", 1.0 / (bitDepth == 16 ? 65535 : 255));
			k.put("offset", 0.0);
			out.add(op("scale_linear", k));
		}
		final boolean identity = n.method() == Normalization.Method.MEANSTD && allEqual(n.mean(), 0) && allEqual(n
			.std(), 1); // the spec refuses a scale_linear that changes nothing
		if (n.method() == Normalization.Method.MEANSTD && !identity) {
			final float[] mean = n.mean(), std = n.std();
			final List<Double> gain = new ArrayList<>(), offset = new ArrayList<>();
			for (int c = 0; c < mean.length; c++) {
				gain.add(1.0 / std[c]);
				offset.add(-(double) mean[c] / std[c]);
			}
			final Map<String, Object> k = new LinkedHashMap<>();
			if (mean.length > 1) k.put("axis", "channel");
			k.put("gain", mean.length > 1 ? gain : gain.get(0));
			k.put("offset", mean.length > 1 ? offset : offset.get(0));
			out.add(op("scale_linear", k));
		}
		return out;
	}

	private static boolean allEqual(final float[] values, final float v) {
		for (final float f : values) {
			if (f != v) return false;
		}
		return true;
	}

	private static Map<String, Object> op(final String id, final Map<String, Object> kwargs) {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("id", id);
		m.put("kwargs", kwargs);
		return m;
	}

	/**
	 * The normalisation of a preprocessing list as {@link #of} writes it (ensure_dtype float32 steps are skipped);
	 * anything else gets one line naming it.
	 */
	public static Normalization from(final List<?> ops) {
		final List<Map<?, ?>> steps = new ArrayList<>();
		for (final Object o : ops == null ? List.of() : ops) {
			if (!(o instanceof Map<?, ?> m) || !(m.get("id") instanceof String)) throw unsupported(String.valueOf(o));
			if (m.get("id").equals("ensure_dtype") && "float32".equals(kwargs(m).get("dtype"))) continue;
			steps.add(m);
		}
		if (steps.isEmpty()) return Normalization.none();
		final Map<?, ?> first = steps.get(0);
		final boolean range = first.get("id").equals("scale_range") && number(kwargs(first), "min_percentile",
			0) == 0 && number(kwargs(first), "max_percentile", 100) == 100 && kwargs(first).get("reference_tensor") == null;
		final boolean linear = first.get("id").equals("scale_linear") && !(kwargs(first).get("gain") instanceof List) &&
			number(kwargs(first), "offset", 0) == 0 && isTypeRange(number(kwargs(first), "gain", 1));
		if (!range && !linear) throw unsupported(describe(steps));
		if (steps.size() == 1) return range ? Normalization.minMax() : Normalization.range();
		final Map<?, ?> second = steps.get(1);
		if (steps.size() > 2 || !second.get("id").equals("scale_linear")) throw unsupported(describe(steps));
		final float[] gain = floats(kwargs(second).get("gain")), offset = floats(kwargs(second).get("offset"));
		if (gain.length != offset.length && offset.length != 1 && gain.length != 1) throw unsupported(describe(steps));
		final int n = Math.max(gain.length, offset.length);
		final float[] mean = new float[n], std = new float[n];
		for (int c = 0; c < n; c++) {
			final double g = gain[gain.length == 1 ? 0 : c], o = offset[offset.length == 1 ? 0 : c];
			if (!(g > 0)) throw unsupported(describe(steps) + " (a gain that is not positive)");
			std[c] = (float) (1 / g);
			mean[c] = (float) (-o / g);
		}
		return Normalization.meanStd(mean, std);
	}

	/**
	 * The bit depth of the images that a preprocessing list as {@link #of} writes expects: 8 or 16 where it starts
	 * with scale_linear gain 1/255 or 1/65535, else 0 (any).
	 */
	public static int bitDepth(final List<?> ops) {
		for (final Object o : ops == null ? List.of() : ops) {
			if (!(o instanceof Map<?, ?> m) || "ensure_dtype".equals(m.get("id"))) continue;
			if (!"scale_linear".equals(m.get("id")) || !(kwargs(m).get("gain") instanceof Number g)) return 0;
			final double gain = g.doubleValue();
			return Math.abs(gain * 255 - 1) < 1e-6 ? 8 : Math.abs(gain * 65535 - 1) < 1e-6 ? 16 : 0;
		}
		return 0;
	}

	private static boolean isTypeRange(final double gain) {
		return Math.abs(gain * 255 - 1) < 1e-6 || Math.abs(gain * 65535 - 1) < 1e-6;
	}

	private static Map<?, ?> kwargs(final Map<?, ?> op) {
		return op.get("kwargs") instanceof Map<?, ?> k ? k : Map.of();
	}

	private static double number(final Map<?, ?> kwargs, final String key, final double otherwise) {
		final Object v = kwargs.get(key);
		return v instanceof Number n ? n.doubleValue() : otherwise;
	}

	private static float[] floats(final Object v) {
		if (v == null) return new float[] { 0 };
		if (v instanceof Number n) return new float[] { n.floatValue() };
		if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(x -> x instanceof Number)) {
			final float[] f = new float[l.size()];
			for (int i = 0; i < f.length; i++) f[i] = ((Number) l.get(i)).floatValue();
			return f;
		}
		throw unsupported("scale_linear with gain/offset " + v);
	}

	private static String describe(final List<Map<?, ?>> steps) {
		final List<String> s = new ArrayList<>();
		for (final Map<?, ?> m : steps) s.add(m.get("id") + " " + kwargs(m));
		return String.join(", then ", s);
	}

	private static UserInputException unsupported(final String what) {
		return new UserInputException("the package's preprocessing (" + what + ") has no ConvNet-IJ normalisation: " +
			"supported are none, scale_linear with gain 1/255 or 1/65535 (range), scale_range 0-100 (minmax), each " +
			"optionally followed by scale_linear with gain 1/std and offset -mean/std (meanstd)");
	}
}
