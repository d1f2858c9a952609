package org.convnetij.filter;

import java.util.Locale;

import org.convnetij.util.UserInputException;

/** What the Sobel filter gives: the gradient along X, along Y, or its magnitude. */
public enum SobelDirection {
	X, Y, MAGNITUDE;

	public static SobelDirection parse(final String text) {
		final String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
		for (final SobelDirection d : values()) {
			if (d.name().equals(t)) return d;
		}
		throw new UserInputException("unknown direction '" + text + "': use x, y or magnitude");
	}
}
