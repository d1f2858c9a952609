package org.convnetij.cli;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Standard output while a headless macro runs. Without a window ImageJ prints to standard output what it would show
 * in a dialog: the message of a macro's {@code exit("...")} and of {@code IJ.error} (a file that does not open,
 * an unknown command). Both end the macro with a failure; their text goes to the failure listener (the launcher
 * reports it on one line of stderr) instead of standard output. Everything else passes through.
 */
final class MacroConsole extends PrintStream {

	private final Consumer<String> failure;

	MacroConsole(final PrintStream out, final Consumer<String> failure) {
		super(out, true);
		this.failure = failure;
	}

	@Override
	public void println(final String x) {
		// ImageJ logs the stack trace of a command that wanted a window: one failure (null: no message of its own)
		if (x != null && x.startsWith("java.awt.HeadlessException")) failure.accept(null);
		else if (!reportedAsFailure(x)) super.println(x);
	}

	@Override
	public void println(final Object x) {
		if (x instanceof Throwable && failure(x.toString())) return;
		super.println(x);
	}

	private boolean reportedAsFailure(final String message) {
		final boolean fromDialog = StackWalker.getInstance().walk(frames -> frames.anyMatch(f -> f.getClassName()
			.equals("ij.macro.Functions") && f.getMethodName().equals("exit") || f.getClassName().equals("ij.IJ") && f
				.getMethodName().equals("error")));
		return fromDialog && failure(message);
	}

	private boolean failure(final String message) {
		failure.accept(message == null ? "failed" : message.trim().replaceAll("\\s*\\n\\s*", " "));
		return true;
	}
}
