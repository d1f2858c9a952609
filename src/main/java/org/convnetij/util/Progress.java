package org.convnetij.util;

/**
 * Progress of long work, reported by the core and shown by an adapter (ImageJ's progress bar and status line, or
 * a console bar). Cancellation travels the other way: the core asks {@link #isCanceled()} in its inner loops.
 */
public interface Progress {

	/** A short line about what is happening now ("epoch 3/10: loss 0.41"). */
	void status(String message);

	/** {@code done} of {@code total} units are finished. */
	void update(long done, long total);

	/** True once the user asked to stop; long loops check it and end cleanly. */
	default boolean isCanceled() {
		return false;
	}

	/** Reports nothing and never cancels. */
	Progress NONE = new Progress() {
		@Override
		public void status(final String message) {}

		@Override
		public void update(final long done, final long total) {}
	};
}
