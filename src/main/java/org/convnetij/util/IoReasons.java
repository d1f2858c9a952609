package org.convnetij.util;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** The reason of a file error in words, without the exception's name or a temporary file's name. */
public final class IoReasons {

	private IoReasons() {}

	public static String of(final IOException e) {
		if (e instanceof AccessDeniedException) return "permission denied";
		if (e instanceof NoSuchFileException) return "no such file or folder";
		if (e instanceof FileSystemException) {
			final String reason = ((FileSystemException) e).getReason();
			if (reason != null) return reason.toLowerCase(java.util.Locale.ROOT);
		}
		return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
	}
}
