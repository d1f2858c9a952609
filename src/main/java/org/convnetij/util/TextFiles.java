package org.convnetij.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Text results written whole or not at all: to a temporary file beside the target, then moved into place. */
public final class TextFiles {

	private TextFiles() {}

	/** Writes {@code text} as UTF-8 to {@code file}, replacing it; a failure leaves the old file as it was. */
	public static void write(final Path file, final String text) throws IOException {
		final Path temp = TempPaths.newFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
		try {
			Files.writeString(temp, text, StandardCharsets.UTF_8);
			TempPaths.moveIntoPlace(temp, file);
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}
}
