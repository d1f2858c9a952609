package org.convnetij.util;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Temporary files and folders beside a result, created with the user's normal permissions (the umask applies, as
 * for any other program), unlike {@link Files#createTempFile}, which makes them private (0600, folders 0700) and
 * so leaves results that other users of a shared folder cannot read once moved into place.
 */
public final class TempPaths {

	private static final int TRIES = 100;

	private TempPaths() {}

	/** A new empty file {@code folder/prefix<random>suffix}. */
	public static Path newFile(final Path folder, final String prefix, final String suffix) throws IOException {
		for (int i = 0;; i++) {
			try {
				return Files.createFile(folder.resolve(prefix + randomPart() + suffix));
			}
			catch (final FileAlreadyExistsException e) {
				if (i >= TRIES) throw e;
			}
		}
	}

	/** A new empty folder {@code parent/prefix<random>}. */
	public static Path newFolder(final Path parent, final String prefix) throws IOException {
		for (int i = 0;; i++) {
			try {
				return Files.createDirectory(parent.resolve(prefix + randomPart()));
			}
			catch (final FileAlreadyExistsException e) {
				if (i >= TRIES) throw e;
			}
		}
	}

	/**
	 * Moves a finished temporary file over {@code target}: atomically where the file system can, so a reader sees the
	 * old file or the new one, never half of one; a plain replacing move where it cannot.
	 */
	public static void moveIntoPlace(final Path temp, final Path target) throws IOException {
		try {
			Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (final AtomicMoveNotSupportedException e) {
			Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static String randomPart() {
		return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
	}
}
