package org.convnetij.util;

/**
 * A problem with what the user asked for (a value, a file, a combination of options), with a message that says
 * what to change. Commands cancel with this message; the launcher prints it on one line and exits non-zero.
 */
public class UserInputException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public UserInputException(final String message) {
		super(message);
	}

	public UserInputException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
