package org.convnetij.cli;

import java.awt.GraphicsEnvironment;
import java.util.function.Supplier;

import org.convnetij.ij1.CommandBridge;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.process.ImageProcessor;

/**
 * Filters as ImageJ 1 users run them, for the filter benchmark: a macro's {@code run(...)} on the open image (in
 * batch mode), and ImageJ's own commands through {@code IJ.run} (its PlugInFilterRunner, on ImageJ's threads).
 * Each run works on a fresh copy of the image made before its clock starts; results are closed after it stops.
 * ImageJ's own filter commands show a GenericDialog even when a macro gives every option, so they need a display
 * (Xvfb will do); {@link #imageJCommandsWork()} says whether there is one.
 */
final class MacroDoor {

	private MacroDoor() {}

	/** Whether ImageJ's own dialog-based commands can run in this JVM (not headless). */
	static boolean imageJCommandsWork() {
		return !GraphicsEnvironment.isHeadless();
	}

	/** Our commands and ImageJ's in ImageJ's command table, as the macro runner has them. */
	static void install() {
		HeadlessImageJ.installCommands();
		CommandBridge.setFailureListener(message -> failure = message);
	}

	/** The last failure message of one of our commands (the bridge ends the macro and reports it here). */
	private static volatile String failure;

	/** One macro call {@code run("label", "options")} on a copy of {@code image} as the current image. */
	static Supplier<Double> macro(final ImageProcessor image, final String label, final String options) {
		final String code = "run(\"" + label + "\", \"" + options.replace("\n", "\\n") + "\");";
		return new FilterBenchmark.SelfTimed(() -> {
			final ImagePlus imp = current(image);
			final double ms = timedMacro(code);
			closeAll(imp);
			return ms;
		});
	}

	/**
	 * A macro of several calls on a copy of {@code image} as the current image; {@code before} runs before the clock
	 * starts. Every image is closed after the clock stops.
	 */
	static Supplier<Double> chain(final ImageProcessor image, final String code, final Runnable before) {
		return new FilterBenchmark.SelfTimed(() -> {
			current(image);
			before.run();
			final double ms = timedMacro(code);
			final int[] ids = WindowManager.getIDList();
			if (ids != null) for (final int id : ids) close(WindowManager.getImage(id));
			return ms;
		});
	}

	/** Runs macro code and gives its time in ms; throws with the message when the macro or a command of ours failed. */
	private static double timedMacro(final String code) {
		final Interpreter interpreter = new Interpreter();
		interpreter.setIgnoreErrors(true);
		final long t0 = System.nanoTime();
		interpreter.run(code, null);
		final double ms = (System.nanoTime() - t0) / 1e6;
		final String failed = failure;
		failure = null;
		if (interpreter.wasError() || failed != null) {
			throw new IllegalStateException("macro door: " + code + " failed: " + (failed != null ? failed
				: interpreter.getErrorMessage()));
		}
		return ms;
	}

	/** ImageJ's command through {@code IJ.run(imp, command, options)}, on ImageJ's threads. */
	static Supplier<Double> command(final ImageProcessor image, final String command, final String options) {
		return new FilterBenchmark.SelfTimed(() -> {
			final ImagePlus imp = current(image);
			final long t0 = System.nanoTime();
			IJ.run(imp, command, options);
			final double ms = (System.nanoTime() - t0) / 1e6;
			closeAll(imp);
			return ms;
		});
	}

	private static ImagePlus current(final ImageProcessor image) {
		Interpreter.batchMode = true;
		final ImagePlus imp = new ImagePlus("benchmark", image.duplicate());
		Interpreter.addBatchModeImage(imp);
		WindowManager.setTempCurrentImage(imp);
		return imp;
	}

	/** Closes the input and whatever result became the current image. */
	private static void closeAll(final ImagePlus input) {
		final ImagePlus result = WindowManager.getCurrentImage();
		if (result != null && result != input) close(result);
		close(input);
	}

	private static void close(final ImagePlus imp) {
		imp.changes = false;
		imp.close();
		Interpreter.removeBatchModeImage(imp);
	}
}
