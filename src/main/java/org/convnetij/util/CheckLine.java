package org.convnetij.util;

import java.util.Locale;

/**
 * One line of System Check: what was looked at, what was found, the verdict and, for a problem or a warning, the
 * one thing to do. Printed as {@code topic: finding [verdict]} with {@code -> fix} after it.
 */
public record CheckLine(String topic, String finding, Verdict verdict, String fix) {

	/** How a finding stands. */
	public enum Verdict {
		OK, WARNING, PROBLEM;

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	public static CheckLine ok(final String topic, final String finding) {
		return new CheckLine(topic, finding, Verdict.OK, null);
	}

	public static CheckLine warning(final String topic, final String finding, final String fix) {
		return new CheckLine(topic, finding, Verdict.WARNING, fix);
	}

	public static CheckLine problem(final String topic, final String finding, final String fix) {
		return new CheckLine(topic, finding, Verdict.PROBLEM, fix);
	}

	@Override
	public String toString() {
		return topic + ": " + finding + " [" + verdict + "]" + (fix == null ? "" : " -> " + fix);
	}
}
