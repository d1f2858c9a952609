package org.convnetij.nn;

import java.util.Locale;

import org.convnetij.util.UserInputException;

/**
 * Keras's window padding. VALID: no padding, W2 = floor((W - F) / S) + 1. SAME: W2 = ceil(W / S), padding
 * (total max((W2 - 1) * S + F - W, 0)) split with the odd pixel at the bottom/right, as TensorFlow does.
 * Explicit pixel padding is a separate {@link ZeroPadding2D} layer.
 */
public enum PaddingMode {
	VALID("valid"), SAME("same");

	private final String key;

	PaddingMode(final String key) {
		this.key = key;
	}

	/** "valid" or "same", the Keras and TensorFlow spelling. */
	public String key() {
		return key;
	}

	public static PaddingMode parse(final String text) {
		for (final PaddingMode m : values()) {
			if (m.key.equals(text.trim().toLowerCase(Locale.ROOT))) return m;
		}
		throw new UserInputException("padding must be valid or same, not '" + text + "'");
	}

	/**
	 * Output size along one axis for input {@code size}, window {@code window}, stride {@code stride}; -1 when the
	 * window does not fit (VALID with window > size).
	 */
	public int outputSize(final int size, final int window, final int stride) {
		if (this == SAME) return (size + stride - 1) / stride;
		if (window > size) return -1;
		return (size - window) / stride + 1;
	}
}
