package org.convnetij.cli;

import java.io.PrintStream;

import org.convnetij.ij1.CommandCatalog;
import org.scijava.app.event.StatusEvent;
import org.scijava.event.EventHandler;

/** Draws the commands' progress as a console bar on standard error (standard output keeps the results). */
final class ConsoleStatus {

	private final ConsoleProgress bar;

	private ConsoleStatus(final PrintStream out) {
		bar = new ConsoleProgress(out, "steps");
	}

	static void install(final CommandCatalog catalog, final PrintStream out) {
		catalog.listenToStatus(new ConsoleStatus(out));
	}

	@EventHandler
	void onStatus(final StatusEvent event) {
		if (event.getStatusMessage() != null) bar.status(event.getStatusMessage());
		if (event.getProgressMaximum() > 0) bar.update(event.getProgressValue(), event.getProgressMaximum());
	}
}
