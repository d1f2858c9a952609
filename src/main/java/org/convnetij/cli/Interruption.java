package org.convnetij.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.ModelFolder;

/**
 * What Ctrl-C (SIGINT, SIGTERM) leaves of a running command: temporary files and folders of the result are removed,
 * and one line says what was kept. Training writes its model folder after every epoch, so an interrupted training
 * keeps the last finished epoch (a complete model folder that {@code model=} continues); any other result is either
 * whole from before or not there.
 */
final class Interruption implements Runnable {

	private final String label;
	private final Path output;
	private final long start = System.currentTimeMillis();
	private final PrintStream err;
	private final Thread hook = new Thread(this, "convnet-interrupted");

	private static volatile boolean happened;

	private Interruption(final String label, final String output, final PrintStream err) {
		this.label = label;
		this.output = output == null || output.isBlank() ? null : new File(output).getAbsoluteFile().toPath();
		this.err = err;
	}

	/** Watches a command until {@link #done()}; {@code output} may be null. */
	static Interruption watch(final String label, final String output, final PrintStream err) {
		final Interruption i = new Interruption(label, output, err);
		Runtime.getRuntime().addShutdownHook(i.hook);
		return i;
	}

	/** The command ended (normally or with an error): nothing to say at exit. */
	void done() {
		try {
			Runtime.getRuntime().removeShutdownHook(hook);
		}
		catch (final IllegalStateException e) {
			// already shutting down: the hook runs
		}
	}

	/** Whether the process is ending by a signal (a command failing meanwhile has nothing to add). */
	static boolean happened() {
		return happened;
	}

	@Override
	public void run() {
		happened = true;
		err.println("\nconvnet: " + label + " interrupted; " + (output == null ? "nothing was written" : kept()));
		err.flush();
	}

	/** Removes the result's temporary siblings and says what is there now. */
	String kept() {
		ModelFolder.stopWriting(3000);
		removeTemporaries();
		final Path spec = output.resolve(ModelSpec.FILE_NAME);
		try {
			if (Files.isRegularFile(spec) && Files.getLastModifiedTime(spec).toMillis() >= start - 1000) {
				final java.util.List<org.convnetij.nn.EpochRecord> history = ModelSpec.read(output).history();
				final int epochs = history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
				return "kept the model of the last finished epoch (" + epochs + " epoch(s)) in " + output +
					"; continue with model=" + output;
			}
		}
		catch (final IOException | RuntimeException e) {
			return "the model folder " + output + " could not be read back (" + e.getMessage() + ")";
		}
		if (Files.exists(output)) {
			try {
				if (Files.getLastModifiedTime(output).toMillis() < start - 1000) {
					return output + " is as it was before (nothing half-written)";
				}
			}
			catch (final IOException e) {
				// said below
			}
			return "kept " + output + " (written whole before the interruption)";
		}
		return "nothing was written to " + output;
	}

	/** ".name.tmp..." folders and ".name...part" files beside the result: the unfinished writes. */
	private void removeTemporaries() {
		final Path parent = output.getParent();
		if (parent == null || !Files.isDirectory(parent)) return;
		final String prefix = "." + output.getFileName();
		try (Stream<Path> s = Files.list(parent)) {
			s.filter(p -> {
				final String n = p.getFileName().toString();
				return n.startsWith(prefix) && (n.startsWith(prefix + ".tmp") || n.endsWith(".part"));
			}).forEach(Interruption::deleteTree);
		}
		catch (final IOException e) {
			// best effort: the JVM is going down
		}
	}

	private static void deleteTree(final Path root) {
		try (Stream<Path> s = Files.walk(root)) {
			s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (final IOException e) {
			// best effort
		}
	}
}
