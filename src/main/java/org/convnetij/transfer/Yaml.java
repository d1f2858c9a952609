package org.convnetij.transfer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.util.UserInputException;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The block-style YAML that bioimage.io resource descriptions ({@code rdf.yaml}) are written in: {@link #write}
 * writes maps, lists, strings (plain where no reader could take them for anything else, else double-quoted),
 * numbers and booleans; {@link #read} reads that and what other writers of such files write (nested block maps and
 * lists, plain, single- and double-quoted scalars, also over several lines, flow lists and maps, {@code |} and
 * {@code >} text blocks, directives, comments). Anchors, aliases and tags are refused with one line.
 * Fiji ships no YAML parser that ConvNet-IJ could rely on, hence this small reader.
 */
public final class Yaml {

	private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

	private Yaml() {}

	/** The text of a map of maps, lists and scalars (a list inside a list is written only as a flow list of scalars). */
	public static String write(final Map<String, ?> map) {
		final StringBuilder b = new StringBuilder();
		writeMap(b, map, 0, false);
		return b.toString();
	}

	/** {@code inline}: the first entry follows a list item's "- " already written. */
	private static void writeMap(final StringBuilder b, final Map<String, ?> map, final int indent,
		final boolean inline)
	{
		boolean first = true;
		for (final Map.Entry<String, ?> e : map.entrySet()) {
			if (!(first && inline)) b.append(" ".repeat(indent));
			first = false;
			b.append(e.getKey()).append(':');
			writeValue(b, e.getValue(), indent + 2);
		}
	}

	private static void writeValue(final StringBuilder b, final Object v, final int indent) {
		if (v instanceof Map<?, ?> m && !m.isEmpty()) {
			b.append('\n');
			writeMap(b, cast(m), indent, false);
		}
		else if (v instanceof List<?> l && !l.isEmpty() && l.stream().anyMatch(i -> i instanceof Map)) {
			b.append('\n');
			for (final Object item : l) {
				b.append(" ".repeat(indent - 2)).append("- ");
				if (item instanceof Map<?, ?> m && !m.isEmpty()) writeMap(b, cast(m), indent, true);
				else b.append(scalar(item)).append('\n');
			}
		}
		else if (v instanceof List<?> l) {
			final List<String> items = new ArrayList<>();
			for (final Object item : l) items.add(scalar(item));
			b.append(" [").append(String.join(", ", items)).append("]\n");
		}
		else {
			b.append(' ').append(v instanceof Map ? "{}" : scalar(v)).append('\n');
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, ?> cast(final Map<?, ?> m) {
		return (Map<String, ?>) m;
	}

	private static String scalar(final Object v) {
		if (v == null) return "null";
		if (v instanceof Boolean || v instanceof Integer || v instanceof Long) return v.toString();
		if (v instanceof Float || v instanceof Double) {
			final double d = ((Number) v).doubleValue();
			if (!Double.isFinite(d)) throw new IllegalArgumentException("not a finite number: " + d);
			return v instanceof Float ? Float.toString((Float) v) : Double.toString(d);
		}
		final String t = v.toString();
		return PLAIN.matcher(t).matches() && !KEYWORDS.contains(t.toLowerCase(java.util.Locale.ROOT)) ? t : GSON.toJson(
			t);
	}

	/** Strings written without quotes: words that no YAML reader takes for a number, boolean or null. */
	private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_./\\-]*");
	private static final java.util.Set<String> KEYWORDS = java.util.Set.of("true", "false", "yes", "no", "on", "off",
		"y", "n", "null", "nan", "inf");

	// ---- reading

	private record Line(int indent, String text, int number) {}

	/** The map of a YAML document (maps as LinkedHashMap, lists as ArrayList, scalars as String, Long, Double, Boolean). */
	public static Map<String, Object> read(final String text) {
		final List<Line> lines = new ArrayList<>();
		final String[] raw = text.replace("\r\n", "\n").split("\n", -1);
		for (int i = 0; i < raw.length; i++) {
			final String l = raw[i];
			final String t = l.strip();
			if (t.isEmpty() || t.startsWith("#") || t.equals("---") || t.equals("...") || t.startsWith("%") && l
				.startsWith("%"))
			{
				lines.add(new Line(-1, l, i + 1)); // kept for text blocks
				continue;
			}
			if (l.indexOf('\t') >= 0 && l.indexOf('\t') < l.length() - l.stripLeading().length()) {
				throw error(i + 1, "a tab in the indentation");
			}
			lines.add(new Line(l.length() - l.stripLeading().length(), stripComment(t), i + 1));
		}
		final Reader r = new Reader(lines);
		r.skipBlank();
		if (r.done()) return new LinkedHashMap<>();
		final Object o = r.block(r.peek().indent());
		r.skipBlank();
		if (!r.done()) throw error(r.peek().number(), "unexpected indentation");
		if (!(o instanceof Map)) throw error(1, "the document is not a map");
		@SuppressWarnings("unchecked")
		final Map<String, Object> map = (Map<String, Object>) o;
		return map;
	}

	private static final class Reader {

		final List<Line> lines;
		int at;

		Reader(final List<Line> lines) {
			this.lines = lines;
		}

		boolean done() {
			return at >= lines.size();
		}

		Line peek() {
			return lines.get(at);
		}

		void skipBlank() {
			while (!done() && peek().indent() < 0) at++;
		}

		Object block(final int indent) {
			skipBlank();
			return isItem(peek().text()) ? list(indent) : map(indent);
		}

		List<Object> list(final int indent) {
			final List<Object> out = new ArrayList<>();
			while (true) {
				skipBlank();
				if (done() || peek().indent() != indent || !isItem(peek().text())) return out;
				final Line l = lines.get(at);
				final String rest = l.text().substring(1).strip();
				if (rest.isEmpty()) {
					at++;
					skipBlank();
					out.add(done() || peek().indent() <= indent ? null : block(peek().indent()));
					continue;
				}
				final int inner = indent + l.text().indexOf(rest, 1);
				if (isItem(rest) || keyEnd(rest) >= 0) {
					lines.set(at, new Line(inner, rest, l.number()));
					out.add(block(inner));
				}
				else {
					at++;
					out.add(scalar(continued(rest, indent), l.number()));
				}
			}
		}

		Map<String, Object> map(final int indent) {
			final Map<String, Object> out = new LinkedHashMap<>();
			while (true) {
				skipBlank();
				if (done() || peek().indent() < indent) return out;
				final Line l = peek();
				if (l.indent() > indent) throw error(l.number(), "unexpected indentation");
				if (isItem(l.text())) return out;
				final int end = keyEnd(l.text());
				if (end < 0) throw error(l.number(), "expected 'key: value', found '" + l.text() + "'");
				final String key = unquote(l.text().substring(0, end).strip(), l.number());
				final String value = l.text().substring(end + 1).strip();
				at++;
				if (out.containsKey(key)) throw error(l.number(), "the key '" + key + "' twice");
				if (value.isEmpty()) {
					skipBlank();
					if (done()) out.put(key, null);
					else if (peek().indent() > indent && !isItem(peek().text()) && keyEnd(peek().text()) < 0) {
						// a scalar on the next lines
						final Line first = lines.get(at++);
						out.put(key, scalar(continued(first.text(), indent), first.number()));
					}
					else if (peek().indent() > indent) out.put(key, block(peek().indent()));
					else if (peek().indent() == indent && isItem(peek().text())) out.put(key, list(indent));
					else out.put(key, null);
				}
				else if (value.equals("|") || value.equals(">") || value.matches("[|>][-+]?")) {
					out.put(key, textBlock(indent, value.charAt(0) == '>'));
				}
				else {
					out.put(key, scalar(continued(value, indent), l.number()));
				}
			}
		}

		/**
		 * A scalar that goes on over the following lines indented more than {@code indent}: a quoted one until its
		 * closing quote, a plain one while they last; the lines are joined by spaces (YAML's folding).
		 */
		String continued(final String first, final int indent) {
			final StringBuilder b = new StringBuilder(first);
			while (true) {
				final char q = b.charAt(0);
				final boolean open = (q == '"' || q == '\'') && !closed(b.toString()) || (q == '[' || q == '{') &&
					!balanced(b.toString());
				final boolean plain = q != '"' && q != '\'' && q != '[' && q != '{';
				if (!open && !plain) return b.toString();
				int next = at;
				while (next < lines.size() && lines.get(next).indent() < 0) next++;
				if (next >= lines.size() || lines.get(next).indent() <= indent && !open) return b.toString();
				if (plain && (isItem(lines.get(next).text()) || keyEnd(lines.get(next).text()) >= 0)) return b.toString();
				b.append(' ').append(lines.get(next).text());
				at = next + 1;
			}
		}

		String textBlock(final int indent, final boolean folded) {
			final List<String> parts = new ArrayList<>();
			int inner = -1;
			while (!done() && (peek().indent() < 0 || peek().indent() > indent)) {
				final Line l = lines.get(at++);
				if (l.indent() < 0) {
					parts.add("");
					continue;
				}
				if (inner < 0) inner = l.indent();
				final String original = l.text();
				parts.add(" ".repeat(Math.max(0, l.indent() - inner)) + original);
			}
			while (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) parts.remove(parts.size() - 1);
			return String.join(folded ? " " : "\n", parts) + "\n";
		}
	}

	/** True when every bracket of a flow collection is closed (outside quotes). */
	private static boolean balanced(final String t) {
		int depth = 0;
		char quote = 0;
		for (int i = 0; i < t.length(); i++) {
			final char c = t.charAt(i);
			if (quote != 0) {
				if (c == '\\' && quote == '"') i++;
				else if (c == quote) quote = 0;
			}
			else if (c == '"' || c == '\'') quote = c;
			else if (c == '[' || c == '{') depth++;
			else if (c == ']' || c == '}') depth--;
		}
		return depth <= 0;
	}

	/** True when a quoted scalar's closing quote ends it. */
	private static boolean closed(final String t) {
		final char q = t.charAt(0);
		for (int i = 1; i < t.length(); i++) {
			final char c = t.charAt(i);
			if (q == '"' && c == '\\') i++;
			else if (c == q) {
				if (q == '\'' && i + 1 < t.length() && t.charAt(i + 1) == '\'') i++;
				else return true;
			}
		}
		return false;
	}

	private static boolean isItem(final String t) {
		return t.equals("-") || t.startsWith("- ");
	}

	/** The index of the colon that ends a key (followed by a space or the end), outside quotes; -1 if none. */
	private static int keyEnd(final String t) {
		if (t.startsWith("[") || t.startsWith("{")) return -1;
		char quote = 0;
		for (int i = 0; i < t.length(); i++) {
			final char c = t.charAt(i);
			if (quote != 0) {
				if (c == '\\' && quote == '"') i++;
				else if (c == quote) quote = 0;
			}
			else if ((c == '"' || c == '\'') && i == 0) quote = c;
			else if (c == ':' && (i + 1 == t.length() || t.charAt(i + 1) == ' ')) return i;
		}
		return -1;
	}

	private static String stripComment(final String t) {
		char quote = 0;
		for (int i = 0; i < t.length(); i++) {
			final char c = t.charAt(i);
			if (quote != 0) {
				if (c == '\\' && quote == '"') i++;
				else if (c == quote) quote = 0;
			}
			else if (c == '"' || c == '\'') quote = c;
			else if (c == '#' && i > 0 && t.charAt(i - 1) == ' ') return t.substring(0, i).strip();
		}
		return t;
	}

	private static Object scalar(final String v, final int line) {
		if (v.startsWith("&") || v.startsWith("*") || v.startsWith("!")) {
			throw error(line, "anchors, aliases and tags are not read: '" + v + "'");
		}
		if (v.startsWith("[") || v.startsWith("{")) {
			final Flow f = new Flow(v, line);
			final Object o = f.value();
			f.space();
			if (f.at < v.length()) throw error(line, "unexpected text after a flow collection: '" + v.substring(f.at) +
				"'");
			return o;
		}
		if (v.startsWith("\"") || v.startsWith("'")) return unquote(v, line);
		return plain(v);
	}

	private static Object plain(final String v) {
		switch (v) {
			case "null", "~", "Null", "NULL", "":
				return null;
			case "true", "True", "TRUE":
				return Boolean.TRUE;
			case "false", "False", "FALSE":
				return Boolean.FALSE;
			case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
				return Double.POSITIVE_INFINITY;
			case "-.inf", "-.Inf", "-.INF":
				return Double.NEGATIVE_INFINITY;
			case ".nan", ".NaN", ".NAN":
				return Double.NaN;
			default:
		}
		if (v.matches("[-+]?[0-9]+")) return Long.parseLong(v.startsWith("+") ? v.substring(1) : v);
		if (v.matches("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?")) return Double.parseDouble(v);
		return v;
	}

	/** Flow collections: [a, b], {k: v}, nested, quoted or plain scalars. */
	private static final class Flow {

		final String s;
		final int line;
		int at;

		Flow(final String s, final int line) {
			this.s = s;
			this.line = line;
		}

		void space() {
			while (at < s.length() && s.charAt(at) == ' ') at++;
		}

		Object value() {
			space();
			if (at >= s.length()) throw error(line, "a flow collection ends early: '" + s + "'");
			final char c = s.charAt(at);
			if (c == '[') {
				at++;
				final List<Object> out = new ArrayList<>();
				while (true) {
					space();
					if (at < s.length() && s.charAt(at) == ']') {
						at++;
						return out;
					}
					out.add(value());
					if (!separator(']')) return out;
				}
			}
			if (c == '{') {
				at++;
				final Map<String, Object> out = new LinkedHashMap<>();
				while (true) {
					space();
					if (at < s.length() && s.charAt(at) == '}') {
						at++;
						return out;
					}
					final Object key = value();
					space();
					if (at >= s.length() || s.charAt(at) != ':') throw error(line, "a flow map entry without ':' in '" + s +
						"'");
					at++;
					space();
					final boolean empty = at < s.length() && (s.charAt(at) == ',' || s.charAt(at) == '}');
					out.put(String.valueOf(key), empty ? null : value());
					if (!separator('}')) return out;
				}
			}
			if (c == '"' || c == '\'') {
				final int start = at;
				for (at = start + 1; at < s.length(); at++) {
					if (c == '"' && s.charAt(at) == '\\') at++;
					else if (s.charAt(at) == c) {
						if (c == '\'' && at + 1 < s.length() && s.charAt(at + 1) == '\'') at++;
						else break;
					}
				}
				at++;
				if (at > s.length()) throw error(line, "unterminated string in '" + s + "'");
				return unquote(s.substring(start, at), line);
			}
			final int start = at;
			while (at < s.length() && ",]}".indexOf(s.charAt(at)) < 0 && !(s.charAt(at) == ':' && (at + 1 == s
				.length() || s.charAt(at + 1) == ' '))) at++;
			return plain(s.substring(start, at).strip());
		}

		/** After an item: true after a comma, false at the closing bracket (consumed). */
		boolean separator(final char close) {
			space();
			if (at < s.length() && s.charAt(at) == ',') {
				at++;
				return true;
			}
			if (at < s.length() && s.charAt(at) == close) {
				at++;
				return false;
			}
			throw error(line, "expected ',' or '" + close + "' in '" + s + "'");
		}
	}

	private static String unquote(final String v, final int line) {
		if (v.startsWith("\"")) {
			if (v.length() < 2 || !v.endsWith("\"")) throw error(line, "unterminated string " + v);
			final StringBuilder b = new StringBuilder();
			for (int i = 1; i < v.length() - 1; i++) {
				final char c = v.charAt(i);
				if (c != '\\') {
					b.append(c);
					continue;
				}
				if (++i >= v.length() - 1) throw error(line, "a string ends with a backslash: " + v);
				final char e = v.charAt(i);
				final int hex = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
				if (hex > 0) {
					if (i + hex >= v.length()) throw error(line, "a short \\" + e + " escape in " + v);
					b.appendCodePoint(Integer.parseInt(v.substring(i + 1, i + 1 + hex), 16));
					i += hex;
					continue;
				}
				final int k = "0abtnvfre \"/\\N_LP".indexOf(e);
				if (k < 0) throw error(line, "a string with an escape that is not read: \\" + e);
				b.append("\0\u0007\b\t\n\u000b\f\r\u001b \"/\\\u0085\u00a0\u2028\u2029".charAt(k));
			}
			return b.toString();
		}
		if (v.startsWith("'")) {
			if (v.length() < 2 || !v.endsWith("'")) throw error(line, "unterminated string " + v);
			return v.substring(1, v.length() - 1).replace("''", "'");
		}
		return v;
	}

	private static UserInputException error(final int line, final String what) {
		return new UserInputException("rdf.yaml line " + line + ": " + what);
	}
}
