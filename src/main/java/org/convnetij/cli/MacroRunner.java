package org.convnetij.cli;

import java.awt.HeadlessException;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicReference;

import org.convnetij.ij1.CommandBridge;
import org.convnetij.util.UserInputException;

import ij.Macro;
import ij.macro.Interpreter;

/**
 * Runs an ImageJ macro file without a display: batch mode, the ConvNet commands in ImageJ's command table, and
 * the first command failure ends the macro and the launcher with that message.
 */
final class MacroRunner {

	private MacroRunner() {}

	static void run(final String path, final String argument) {
		final File file = new File(path);
		if (!file.isFile()) throw new UserInputException("cannot read macro '" + path + "': no such file");
		if (!file.canRead()) throw new UserInputException("cannot read macro '" + path + "': permission denied");
		HeadlessImageJ.installCommands();
		final AtomicReference<String> failure = new AtomicReference<>();
		CommandBridge.setFailureListener(message -> failure.compareAndSet(null, message));
		final String text;
		try {
			text = new String(Files.readAllBytes(file.toPath()), StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new UserInputException("cannot read macro '" + path + "': " + e.getMessage());
		}
		final Interpreter interpreter = new Interpreter();
		Interpreter.batchMode = true;
		final PrintStream out = System.out;
		System.setOut(new MacroConsole(out, reported -> {
			final String message = reported != null ? reported : interpreter.getErrorMessage() != null ? interpreter
				.getErrorMessage() : "an ImageJ command opened a window, which needs a display: run this macro in " +
					"ImageJ or Fiji";
			failure.compareAndSet(null, message);
			interpreter.setIgnoreErrors(true);
			interpreter.abort(message); // an exit("...") or an error dialog ends the macro, as with a display
		}));
		try {
			interpreter.run(text, argument == null ? "" : argument);
		}
		catch (final HeadlessException e) {
			// ImageJ reports macro errors in a dialog; without a display it fails after keeping the message
			if (failure.get() == null) failure.set("macro error: " + interpreter.getErrorMessage() + " in line " +
				interpreter.getLineNumber());
		}
		catch (final RuntimeException e) {
			if (!Macro.MACRO_CANCELED.equals(e.getMessage())) throw e;
		}
		finally {
			System.setOut(out);
			CommandBridge.setFailureListener(null);
		}
		if (failure.get() != null) throw new UserInputException(file.getName() + ": " + failure.get());
		if (interpreter.wasError() || interpreter.getErrorMessage() != null) {
			final String why = interpreter.getErrorMessage();
			throw new UserInputException("macro " + file.getName() + " failed" + (why == null ? "" : ": " + why
				.replace('\n', ' ')));
		}
	}
}
