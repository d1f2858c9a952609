package org.convnetij.cli;

import java.io.PrintStream;
import java.util.Locale;

import org.convnetij.util.Progress;

/**
 * A one-line console progress bar with rate and time left, redrawn in place ("[#####.....] 512/1000  850/s  1s
 * left  epoch 2/10"). Redraws at most ten times a second so that printing never slows the work.
 */
public final class ConsoleProgress implements Progress {

	private static final int WIDTH = 30;

	private final PrintStream out;
	private final String unit;
	private final long start = System.nanoTime();
	private long lastDraw;
	private String status = "";

	/** The bar whose line is drawn but not ended, if any: a message printed now starts on a line of its own. */
	private static ConsoleProgress open;

	public ConsoleProgress(final PrintStream out, final String unit) {
		this.out = out;
		this.unit = unit;
	}

	@Override
	public void status(final String message) {
		status = message == null ? "" : message;
	}

	/**
	 * Draws under the class's lock, which {@link #printOnItsOwnLine} holds too: status events arrive on SciJava's event
	 * thread, and a failure message printed between drawing a bar and noting it open would land on the bar's line.
	 */
	@Override
	public void update(final long done, final long total) {
		synchronized (ConsoleProgress.class) {
			draw(done, total);
		}
	}

	private void draw(final long done, final long total) {
		final long now = System.nanoTime();
		if (done < total && now - lastDraw < 100_000_000L) return;
		lastDraw = now;
		final double seconds = Math.max(1e-9, (now - start) / 1e9);
		final double rate = done / seconds;
		final int filled = total > 0 ? (int) Math.min(WIDTH, WIDTH * done / total) : 0;
		final String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
		final String left = rate > 0 && total > done ? formatSeconds((total - done) / rate) + " left" : "";
		out.print(String.format(Locale.ROOT, "\r[%s] %d/%d  %.0f %s/s  %s  %s", bar, done, total, rate, unit, left,
			status));
		if (done >= total) out.println();
		out.flush();
		open = done >= total ? null : this;
	}

	/**
	 * Prints {@code line} to {@code err}, first ending the line of a bar left unfinished (a command failed or was
	 * cancelled in the middle), with no bar drawn in between.
	 */
	static synchronized void printOnItsOwnLine(final PrintStream err, final String line) {
		if (open != null) {
			open.out.println();
			open.out.flush();
			open = null;
		}
		err.println(line);
		err.flush();
	}

	static String formatSeconds(final double s) {
		if (s < 60) return String.format(Locale.ROOT, "%.0fs", s);
		if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, (long) s % 60);
		return String.format(Locale.ROOT, "%dh%02dm", (long) s / 3600, (long) s % 3600 / 60);
	}
}
