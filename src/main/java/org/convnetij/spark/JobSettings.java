package org.convnetij.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.convnetij.util.UserInputException;

/**
 * What a Spark job does, from the launcher's words: {@code classify|features|probability-map model=<folder>
 * input=<folder, glob or listing file> output=<folder> [format=parquet|csv] [master=local[N]] [overwrite]} and the
 * tuning keys {@code batch} (images per TensorFlow call), {@code partition} (images per Spark partition), the
 * feature keys {@code layer}, {@code grid} and the map keys {@code window}, {@code stride}.
 */
public record JobSettings(Task task, String model, String input, String output, String format, String master,
	boolean overwrite, int batch, int partition, String layer, int grid, int window, int stride,
	int failAttempts) implements Serializable
{

	/** The three jobs. */
	public enum Task {
		CLASSIFY("classify"), FEATURES("features"), PROBABILITY_MAP("probability-map");

		final String word;

		Task(final String word) {
			this.word = word;
		}

		static Task of(final String word) {
			for (final Task t : values()) if (t.word.equals(word)) return t;
			throw new UserInputException("unknown Spark job '" + word + "': give classify, features or probability-map");
		}
	}

	private static final Set<String> KEYS = Set.of("model", "input", "output", "format", "master", "overwrite",
		"batch", "partition", "layer", "grid", "window", "stride");

	/** The usage line of the launcher and of spark-submit. */
	public static final String USAGE = "convnet spark classify|features|probability-map model=<model folder> " +
		"input=<folder, glob or listing file> output=<folder> [format=parquet|csv] [master=local[N]] [overwrite] " +
		"[batch=16] [partition=128] [layer= grid=1 (features)] [window=0 stride=16 (probability-map)]";

	/** The job of {@code args}: the task word first, then key=value words (a bare {@code overwrite} too). */
	public static JobSettings parse(final List<String> args) {
		if (args.isEmpty()) throw new UserInputException("give a job: " + USAGE);
		final Task task = Task.of(args.get(0));
		final Map<String, String> v = new LinkedHashMap<>();
		for (final String a : args.subList(1, args.size())) {
			final int eq = a.indexOf('=');
			final String key = (eq < 0 ? a : a.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
			if (!KEYS.contains(key)) {
				throw new UserInputException("unknown key '" + key + "' for convnet spark: " + USAGE);
			}
			v.put(key, eq < 0 ? "true" : a.substring(eq + 1).trim());
		}
		for (final String k : List.of("model", "input", "output")) {
			if (v.getOrDefault(k, "").isEmpty()) throw new UserInputException(k + " is missing: " + USAGE);
		}
		final String format = v.getOrDefault("format", "parquet").toLowerCase(Locale.ROOT);
		if (!format.equals("parquet") && !format.equals("csv")) {
			throw new UserInputException("format=" + format + " is not known: give format=parquet or format=csv");
		}
		final String overwrite = v.getOrDefault("overwrite", "false");
		if (!overwrite.equals("true") && !overwrite.equals("false")) {
			throw new UserInputException("overwrite=" + overwrite + ": give overwrite (or overwrite=true) to replace an " +
				"existing output folder");
		}
		final JobSettings s = new JobSettings(task, v.get("model"), v.get("input"), v.get("output"), format, v.get(
			"master"), overwrite.equals("true"), positive(v, "batch", 16), positive(v, "partition", 128), v.getOrDefault(
				"layer", ""), positive(v, "grid", 1), number(v, "window", 0), positive(v, "stride", 16), 0);
		if (task != Task.FEATURES && (v.containsKey("layer") || v.containsKey("grid"))) {
			throw new UserInputException("layer and grid are keys of the features job, not of " + task.word);
		}
		if (task != Task.PROBABILITY_MAP && (v.containsKey("window") || v.containsKey("stride"))) {
			throw new UserInputException("window and stride are keys of the probability-map job, not of " + task.word);
		}
		return s;
	}

	/** The same job with a failure injected into the first attempt of partition 0 (the retry test's hook). */
	public JobSettings failingFirstAttempt() {
		return failingAttempts(1);
	}

	/** The same job with a failure injected into the first {@code attempts} attempts of partition 0 (tests). */
	public JobSettings failingAttempts(final int attempts) {
		return new JobSettings(task, model, input, output, format, master, overwrite, batch, partition, layer, grid,
			window, stride, attempts);
	}

	private static int positive(final Map<String, String> v, final String key, final int fallback) {
		final int n = number(v, key, fallback);
		if (n < 1) throw new UserInputException(key + "=" + n + " must be 1 or more");
		return n;
	}

	private static int number(final Map<String, String> v, final String key, final int fallback) {
		final String text = v.get(key);
		if (text == null || text.isEmpty()) return fallback;
		try {
			final int n = Integer.parseInt(text);
			if (n < 0) throw new NumberFormatException();
			return n;
		}
		catch (final NumberFormatException e) {
			throw new UserInputException(key + "=" + text + " is not a whole number of 0 or more");
		}
	}
}
