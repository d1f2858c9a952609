package org.convnetij.ij1;

import java.util.LinkedHashMap;
import java.util.Map;

import org.convnetij.util.UserInputException;

/**
 * Reads an ImageJ macro options string, {@code "kernel=[1 1 1; 1 1 1] normalize padding=zero stride=1"}, into
 * keys and values: {@code key=value}, {@code key=[value with spaces]}, and a bare {@code key} for a checked box
 * (value "true"). Keys are lowercased, as ImageJ's dialogs record them.
 */
public final class MacroOptions {

	private MacroOptions() {}

	public static Map<String, String> parse(final String options) {
		final Map<String, String> values = new LinkedHashMap<>();
		if (options == null) return values;
		final String s = options;
		int i = 0;
		while (i < s.length()) {
			while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
			if (i >= s.length()) break;
			int keyEnd = i;
			while (keyEnd < s.length() && s.charAt(keyEnd) != '=' && !Character.isWhitespace(s.charAt(keyEnd))) keyEnd++;
			final String key = s.substring(i, keyEnd).toLowerCase(java.util.Locale.ROOT);
			if (keyEnd >= s.length() || s.charAt(keyEnd) != '=') {
				values.put(key, "true");
				i = keyEnd;
				continue;
			}
			int start = keyEnd + 1;
			final String value;
			final int close = start < s.length() && s.charAt(start) == '[' ? closing(s, start, key) : -1;
			if (close >= 0 && (close + 1 == s.length() || Character.isWhitespace(s.charAt(close + 1)))) {
				value = s.substring(start + 1, close);
				i = close + 1;
			}
			else if (close >= 0) { // brackets inside the value: pattern=[[CONV-RELU]*2-POOL]*2-FC
				int end = close + 1;
				while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
					end = s.charAt(end) == '[' ? closing(s, end, key) + 1 : end + 1;
				}
				value = s.substring(start, end);
				i = end;
			}
			else {
				int end = start;
				while (end < s.length() && !Character.isWhitespace(s.charAt(end))) end++;
				value = s.substring(start, end);
				i = end;
			}
			values.put(key, value);
		}
		return values;
	}

	/**
	 * The ']' that closes the '[' at {@code open}, counting nested brackets; the first ']' where they do not
	 * balance (a value with a lone '['); throws where there is none.
	 */
	private static int closing(final String s, final int open, final String key) {
		int depth = 0;
		for (int j = open; j < s.length(); j++) {
			if (s.charAt(j) == '[') depth++;
			else if (s.charAt(j) == ']' && --depth == 0) return j;
		}
		final int first = s.indexOf(']', open + 1);
		if (first >= 0) return first;
		throw new UserInputException("the value of '" + key + "' opens '[' but never closes it");
	}

	/** Writes keys and values back in the recorder's form: brackets around values with spaces, bare true keys. */
	public static String format(final Map<String, String> values) {
		final StringBuilder sb = new StringBuilder();
		for (final Map.Entry<String, String> e : values.entrySet()) {
			if ("false".equals(e.getValue())) continue;
			if (sb.length() > 0) sb.append(' ');
			if ("true".equals(e.getValue())) {
				sb.append(e.getKey());
				continue;
			}
			sb.append(e.getKey()).append('=');
			final String v = e.getValue();
			if (v.isEmpty() || v.chars().anyMatch(Character::isWhitespace)) sb.append('[').append(v).append(']');
			else sb.append(v);
		}
		return sb.toString();
	}
}
