package org.convnetij.nn;

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

	private static volatile boolean stopped;

	private static final java.util.concurrent.atomic.AtomicInteger WRITING = new java.util.concurrent.atomic
		.AtomicInteger();

	private ModelFolder() {}

	/**
	 * For a process that is ending (Ctrl-C): no model folder is written or replaced from now on; waits up to
	 * {@code millis} for a write under way to finish or to remove its temporary folder. True when none is left.
	 */
	public static boolean stopWriting(final long millis) {
		stopped = true;
		final long end = System.currentTimeMillis() + millis;
		while (WRITING.get() > 0 && System.currentTimeMillis() < end) {
			try {
				Thread.sleep(10);
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return WRITING.get() == 0;
	}

	private static void checkNotStopped() throws IOException {
		if (stopped) throw new IOException("interrupted: the model folder is not written");
	}

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
		WRITING.incrementAndGet();
		try {
			checkNotStopped();
			write(target, parent, contents);
		}
		finally {
			WRITING.decrementAndGet();
		}
	}

	private static void write(final Path target, final Path parent, final Contents contents) throws IOException {
		final Path temp = TempPaths.newFolder(parent, "." + target.getFileName() + ".tmp");
		Path old = null;
		try {
			contents.writeInto(temp);
			checkNotStopped();
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

	public static void deleteTree(final Path root) throws IOException {
		if (!Files.exists(root)) return;
		try (Stream<Path> s = Files.walk(root)) {
			for (final Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
		}
	}
}
