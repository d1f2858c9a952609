package org.convnetij.filter;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.convnetij.util.UserInputException;

/**
 * How a filter sees pixels outside the image. {@code NONE} computes only where the kernel fits ("valid"); the
 * others pad by (F - 1) / 2 on each side, which keeps the size at stride 1 ("same").
 */
public enum Padding {
	/** No padding: output (W - F) / S + 1. */
	NONE,
	/** Zeros outside the image. */
	ZERO,
	/** Mirrored at the edge pixel, which is not repeated: ... c b | a b c ... (reflect-101). */
	MIRROR,
	/** The nearest edge pixel repeated: ... a a | a b c ... */
	CLAMP;

	/** The key as macros and the launcher write it. */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** All keys, in the order of the enum, for dialogs and messages. */
	public static String[] keys() {
		return Arrays.stream(values()).map(Padding::key).toArray(String[]::new);
	}

	public static Padding parse(final String text) {
		final String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
		for (final Padding p : values()) {
			if (p.key().equals(key)) return p;
		}
		throw new UserInputException("unknown padding '" + text + "': use one of " +
			Arrays.stream(values()).map(Padding::key).collect(Collectors.joining(", ")));
	}

	/** The number of pixels added on each side for a kernel of odd size {@code kernelSize}. */
	public int border(final int kernelSize) {
		return this == NONE ? 0 : (kernelSize - 1) / 2;
	}

	/**
	 * Maps a coordinate outside [0, size) to the pixel this padding reads there, or -1 for a zero. Coordinates
	 * far outside (more than one image width, possible with huge kernels on tiny images) mirror repeatedly.
	 */
	public int sourceIndex(int i, final int size) {
		if (i >= 0 && i < size) return i;
		switch (this) {
			case CLAMP:
				return i < 0 ? 0 : size - 1;
			case MIRROR:
				if (size == 1) return 0;
				final int period = 2 * (size - 1);
				i = Math.floorMod(i, period);
				return i < size ? i : period - i;
			default:
				return -1;
		}
	}
}
