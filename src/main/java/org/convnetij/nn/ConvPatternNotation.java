package org.convnetij.nn;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.convnetij.util.UserInputException;

/**
 * The custom architecture written as one line, in the course's notation: the layers
 * {@code [[CONV -> RELU]*N -> POOL]*M -> [FC -> RELU]*K -> FC} (also with {@code -} for {@code ->}, without spaces,
 * with a leading {@code INPUT}, with round brackets, which ImageJ macros pass through untouched; {@code *1} may be
 * left out, and groups may be written out: {@code CONV-RELU-POOL-CONV-RELU-POOL-FC}), then, separated by
 * spaces, settings that differ from the defaults: {@code filters=32,64 kernelsize=3 padding=same stride=1 pool=2
 * poolstride=2 units=128}. Settings alone keep the default layers; {@code convs=}, {@code blocks=} and {@code dense=}
 * set N, M and K where no layers are written.
 */
public final class ConvPatternNotation {

	/** The form the layers must have, for messages. */
	public static final String FORM = "[[CONV-RELU]*N-POOL]*M-[FC-RELU]*K-FC";

	/** The settings after the layers, in the order {@link #format} writes them. */
	public static final List<String> SETTINGS = List.of("filters", "kernelsize", "padding", "stride", "pool",
		"poolstride", "units");

	/** Counts that settings may give where no layers are written (the former separate keys). */
	private static final List<String> COUNTS = List.of("convs", "blocks", "dense");

	private static final int MAX_LAYERS = 10_000;

	private ConvPatternNotation() {}

	/** Reads layers and settings; throws a one-line message that quotes the bad part. */
	public static ConvPattern parse(final String text) {
		final String t = unwrapped(text == null ? "" : text.trim());
		final StringBuilder layers = new StringBuilder();
		final List<String> settings = new ArrayList<>();
		for (final String word : t.isEmpty() ? new String[0] : t.split("\\s+")) {
			if (word.contains("=")) settings.add(word);
			else if (settings.isEmpty()) layers.append(word);
			else throw new UserInputException("pattern: write the layers first, then the settings, not '" + word +
				"' after " + settings.get(settings.size() - 1));
		}
		ConvPattern p = ConvPattern.defaults();
		if (layers.length() > 0) p = layers(p, layers.toString());
		final Set<String> seen = new LinkedHashSet<>();
		for (final String s : settings) {
			final int eq = s.indexOf('=');
			String key = s.substring(0, eq).toLowerCase(Locale.ROOT);
			if (key.equals("size")) key = "kernelsize"; // the former name of kernelsize
			final String value = s.substring(eq + 1);
			if (!seen.add(key)) throw new UserInputException("pattern: " + key + " is given twice");
			if (COUNTS.contains(key) && layers.length() > 0) {
				throw new UserInputException("pattern: give " + key + " in the layers (" + FORM + ") or as " + key +
					"=, not both");
			}
			p = set(p, key, value);
		}
		return p;
	}

	/**
	 * The text without one pair of brackets around all of it, as a macro writes a value with spaces (the launcher
	 * passes {@code pattern=[... filters=8]} on as it is); for layers alone the pair is a group of one and changes
	 * nothing.
	 */
	private static String unwrapped(final String t) {
		if (!t.startsWith("[") || !t.endsWith("]")) return t;
		int depth = 0;
		for (int i = 0; i < t.length(); i++) {
			if (t.charAt(i) == '[') depth++;
			else if (t.charAt(i) == ']' && --depth == 0) return i == t.length() - 1 ? t.substring(1, i).trim() : t;
		}
		return t;
	}

	/** The layers in the course's notation, then the settings that differ from the defaults. */
	public static String format(final ConvPattern p) {
		final StringBuilder sb = new StringBuilder();
		if (p.blocks() > 0) sb.append("[[CONV -> RELU]*").append(p.convs()).append(" -> POOL]*").append(p.blocks())
			.append(" -> ");
		else if (p.convs() > 0) sb.append("[CONV -> RELU]*").append(p.convs()).append(" -> ");
		if (p.dense() > 0) sb.append("[FC -> RELU]*").append(p.dense()).append(" -> ");
		sb.append("FC");
		final ConvPattern d = ConvPattern.defaults();
		if (!java.util.Arrays.equals(p.filters(), d.filters())) sb.append(" filters=").append(join(p.filters()));
		if (p.size() != d.size()) sb.append(" kernelsize=").append(p.size());
		if (!p.padding().equals(d.padding())) sb.append(" padding=").append(p.padding());
		if (p.stride() != d.stride()) sb.append(" stride=").append(p.stride());
		if (p.pool() != d.pool()) sb.append(" pool=").append(p.pool());
		if (p.poolStride() != d.poolStride()) sb.append(" poolstride=").append(p.poolStride());
		if (!java.util.Arrays.equals(p.units(), d.units())) sb.append(" units=").append(join(p.units()));
		return sb.toString();
	}

	private static ConvPattern set(final ConvPattern p, final String key, final String value) {
		switch (key) {
			case "filters":
				return p.filters(ConvPattern.parseList("filters", value));
			case "units":
				return p.units(ConvPattern.parseList("units", value));
			case "padding":
				return p.padding(value);
			case "convs":
				return p.convs(number(key, value));
			case "blocks":
				return p.blocks(number(key, value));
			case "dense":
				return p.dense(number(key, value));
			case "kernelsize":
				return p.size(number(key, value));
			case "stride":
				return p.stride(number(key, value));
			case "pool":
				return p.pool(number(key, value));
			case "poolstride":
				return p.poolStride(number(key, value));
			default:
				throw new UserInputException("pattern: unknown setting '" + key + "': the settings are " + String.join(
					", ", SETTINGS));
		}
	}

	private static int number(final String key, final String value) {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (final NumberFormatException e) {
			throw new UserInputException(key + " must be a whole number, not '" + value + "'");
		}
	}

	/** N, M and K from the written layers, expanded and matched against {@link #FORM}. */
	private static ConvPattern layers(final ConvPattern p, final String written) {
		String s = written.toUpperCase(Locale.ROOT).replace("->", "-").replace('(', '[').replace(')', ']');
		if (s.startsWith("INPUT-")) s = s.substring("INPUT-".length());
		final List<String> flat = new ArrayList<>();
		final Reader r = new Reader(s, written);
		r.sequence(flat);
		if (r.pos < s.length()) throw r.error("unexpected '" + s.charAt(r.pos) + "'");
		int i = 0;
		int convs = -1;
		int blocks = 0;
		boolean unpooled = false;
		while (i < flat.size() && (flat.get(i).equals("CONV") || flat.get(i).equals("POOL"))) {
			int n = 0;
			while (i + 1 < flat.size() && flat.get(i).equals("CONV") && flat.get(i + 1).equals("RELU")) {
				n++;
				i += 2;
			}
			if (i < flat.size() && flat.get(i).equals("CONV")) throw r.error("every CONV is followed by RELU");
			if (convs >= 0 && n != convs) throw r.error("every block has the same number of CONV-RELU (N)");
			convs = n;
			if (i < flat.size() && flat.get(i).equals("POOL")) {
				if (unpooled) throw r.error("a block without POOL can only stand alone");
				blocks++;
				i++;
			}
			else {
				if (blocks > 0) throw r.error("after pooled blocks every block ends with POOL");
				unpooled = true;
			}
		}
		int dense = 0;
		while (i + 1 < flat.size() && flat.get(i).equals("FC") && flat.get(i + 1).equals("RELU")) {
			dense++;
			i += 2;
		}
		if (i != flat.size() - 1 || !flat.get(i).equals("FC")) throw r.error("the layers end with one FC");
		return p.convs(Math.max(convs, 0)).blocks(blocks).dense(dense);
	}

	/** Recursive descent over {@code item ('-' item)*}, {@code item = NAME | '[' sequence ']'} then {@code *count}. */
	private static final class Reader {

		private final String s;
		private final String written;
		private int pos;

		Reader(final String s, final String written) {
			this.s = s;
			this.written = written;
		}

		UserInputException error(final String what) {
			return new UserInputException("pattern must have the form " + FORM + " (" + what + "), not '" + written +
				"'");
		}

		void sequence(final List<String> out) {
			item(out);
			while (pos < s.length() && s.charAt(pos) == '-') {
				pos++;
				item(out);
			}
		}

		private void item(final List<String> out) {
			final List<String> one = new ArrayList<>();
			if (pos < s.length() && s.charAt(pos) == '[') {
				pos++;
				sequence(one);
				if (pos >= s.length() || s.charAt(pos) != ']') throw error("a '[' is not closed");
				pos++;
			}
			else {
				final int start = pos;
				while (pos < s.length() && Character.isLetter(s.charAt(pos))) pos++;
				final String name = s.substring(start, pos);
				if (!List.of("CONV", "RELU", "POOL", "FC").contains(name)) {
					throw error(name.isEmpty() ? "a layer is missing" + (pos < s.length() ? " before '" + s.charAt(pos) +
						"'" : " at the end") : "unknown layer '" + name + "'; the layers are CONV, RELU, POOL and FC");
				}
				one.add(name);
			}
			int count = 1;
			if (pos < s.length() && s.charAt(pos) == '*') {
				pos++;
				final int start = pos;
				while (pos < s.length() && Character.isDigit(s.charAt(pos))) pos++;
				if (start == pos) throw error("'*' is followed by a count");
				count = Integer.parseInt(s.substring(start, Math.min(pos, start + 6)));
			}
			if ((long) out.size() + (long) one.size() * count > MAX_LAYERS) throw error("more than " + MAX_LAYERS +
				" layers");
			for (int c = 0; c < count; c++) out.addAll(one);
		}
	}

	private static String join(final int[] values) {
		final StringBuilder sb = new StringBuilder();
		for (final int v : values) sb.append(sb.length() == 0 ? "" : ",").append(v);
		return sb.toString();
	}
}
