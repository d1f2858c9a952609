package org.convnetij.opencl;

/** A kernel program that did not compile for a device; the message names the kernel file, the device and the log. */
public final class ClBuildException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	ClBuildException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
