package org.convnetij.nn.tf;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.convnetij.nn.ModelSpec;
import org.convnetij.util.UserInputException;
import org.convnetij.util.TempPaths;

/**
 * Writes a model folder without ever leaving half of one: everything goes into a temporary folder beside the
 * target, which is then moved into place (replacing an older model folder only when allowed).
 */
public final class ModelFolder {

	/** Fills a folder with files. */
	@FunctionalInterface
	public interface Contents {

		void writeInto(Path folder) throws IOException;
	}

	private ModelFolder() {}

	/**
	 * Refuses {@code folder} when it exists, unless {@code overwrite} and it is empty or a model folder (it has a
	 * convnet.json); the message says what to change.
	 */
	public static void checkWritable(final Path folder, final boolean overwrite) throws IOException {
		if (!Files.exists(folder)) return;
		if (!Files.isDirectory(folder)) {
			throw new UserInputException("output " + folder + " is a file; choose a folder name for the model");
		}
		if (!overwrite) {
			throw new UserInputException("output folder " + folder +
				" exists; choose another name or set overwrite to replace it");
		}
		if (!isEmpty(folder) && !Files.exists(folder.resolve(ModelSpec.FILE_NAME))) {
			throw new UserInputException("output folder " + folder + " is not a model folder (no " + ModelSpec.FILE_NAME +
				") and not empty; it is not replaced even with overwrite: choose another name");
		}
	}

	/** Writes {@code contents} into a temporary folder, then moves it to {@code folder} (see {@link #checkWritable}). */
	public static void write(final Path folder, final boolean overwrite, final Contents contents) throws IOException {
		final Path target = folder.toAbsolutePath().normalize();
		checkWritable(target, overwrite);
		final Path parent = target.getParent();
		Files.createDirectories(parent);
		final Path temp = TempPaths.newFolder(parent, "." + target.getFileName() + ".tmp");
		Path old = null;
		try {
			contents.writeInto(temp);
			if (Files.exists(target)) {
				old = TempPaths.newFolder(parent, "." + target.getFileName() + ".old");
				Files.delete(old);
				move(target, old);
			}
			move(temp, target);
		}
		catch (final IOException | RuntimeException e) {
			deleteTree(temp);
			if (old != null && !Files.exists(target)) move(old, target);
			throw e;
		}
		if (old != null) deleteTree(old);
	}

	private static void move(final Path from, final Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (final AtomicMoveNotSupportedException e) {
			Files.move(from, to);
		}
	}

	private static boolean isEmpty(final Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			return s.findAny().isEmpty();
		}
	}

	static void deleteTree(final Path root) throws IOException {
		if (!Files.exists(root)) return;
		try (Stream<Path> s = Files.walk(root)) {
			for (final Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
		}
	}
}
