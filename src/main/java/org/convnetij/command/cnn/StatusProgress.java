package org.convnetij.command.cnn;

import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

import org.convnetij.util.Progress;
import org.scijava.app.StatusService;

/**
 * The core's {@link Progress} shown through SciJava's {@link StatusService} (status line and progress bar in Fiji;
 * the launcher and the ImageJ 1 bridge listen to its events); cancellation is asked from the command.
 */
final class StatusProgress implements Progress {

	private final StatusService status;
	private final BooleanSupplier canceled;

	StatusProgress(final StatusService status, final BooleanSupplier canceled) {
		this.status = status;
		this.canceled = canceled;
	}

	@Override
	public void status(final String message) {
		if (status == null) return;
		try {
			status.showStatus(message);
		}
		catch (final RejectedExecutionException e) {
			// the context is shutting down (Ctrl-C in the launcher): no one listens any more, the loop sees the cancel
		}
	}

	@Override
	public void update(final long done, final long total) {
		if (status == null || total <= 0) return;
		// the progress bar takes ints
		final int scale = total > Integer.MAX_VALUE ? (int) (total / Integer.MAX_VALUE + 1) : 1;
		try {
			status.showProgress((int) (done / scale), (int) (total / scale));
		}
		catch (final RejectedExecutionException e) {
			// as in status: the context is shutting down
		}
	}

	@Override
	public boolean isCanceled() {
		return canceled.getAsBoolean();
	}
}
