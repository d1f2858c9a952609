package org.convnetij.data;

import java.nio.file.Files;
import java.nio.file.Path;

import org.convnetij.util.UserInputException;

/**
 * The {@code validation} key, the same in every command: a fraction of the training images held out per class
 * ({@code 0.2}), a labelled folder with the same classes, or {@code 0} (or empty) for none.
 *
 * @param fraction in (0, 1), or 0 when there is a folder or no validation
 * @param folder the validation folder, or null
 */
public record Validation(double fraction, Path folder) {

	public static final Validation NONE = new Validation(0, null);

	private static final String CHOICES = "a fraction such as 0.2, a labelled folder with the same classes, or 0 for " +
		"none";

	/** Parses the key's text; a folder must exist. */
	public static Validation parse(final String text) {
		final String t = text == null ? "" : text.trim();
		if (t.isEmpty()) return NONE;
		if (t.matches("[+-]?([0-9]*\\.?[0-9]+)([eE][+-]?[0-9]+)?")) {
			final double f = Double.parseDouble(t);
			if (f == 0) return NONE;
			if (!(f > 0 && f < 1)) {
				throw new UserInputException("validation must be " + CHOICES + ", not " + t);
			}
			return new Validation(f, null);
		}
		final Path folder = Path.of(t);
		if (!Files.isDirectory(folder)) {
			throw new UserInputException("validation folder " + t + " does not exist: give " + CHOICES);
		}
		return new Validation(0, folder);
	}

	public boolean isNone() {
		return fraction == 0 && folder == null;
	}

	@Override
	public String toString() {
		return folder != null ? folder.toString() : String.valueOf(fraction);
	}
}
