package org.convnetij.command;

import java.io.IOException;

import org.convnetij.util.UserInputException;
import org.scijava.command.ContextCommand;

/**
 * A ConvNet-IJ command: {@link #execute()} does the work; bad input ({@link UserInputException}) and failed reads or
 * writes cancel the command with their one-line message, which Fiji shows, a macro stops on and the launcher prints.
 */
public abstract class ConvNetCommand extends ContextCommand {

	@Override
	public final void run() {
		try {
			execute();
		}
		catch (final UserInputException e) {
			cancel(e.getMessage());
		}
		catch (final IOException e) {
			cancel(ioFailure(e));
		}
	}

	/** The command's work: parameters to one core call, its results to the outputs. */
	protected abstract void execute() throws IOException;

	/** The message for a failed read or write. */
	protected String ioFailure(final IOException e) {
		return "cannot read or write: " + e.getMessage();
	}
}
