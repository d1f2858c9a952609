package org.convnetij.ij1;

import org.scijava.app.event.StatusEvent;
import org.scijava.event.EventHandler;

import ij.IJ;

/** Shows the commands' status and progress in ImageJ's status line and progress bar. */
public final class ImageJStatus {

	private static boolean installed;

	private ImageJStatus() {}

	/** Subscribes once per class loader. */
	public static synchronized void install(final CommandCatalog catalog) {
		if (installed) return;
		catalog.listenToStatus(new ImageJStatus());
		installed = true;
	}

	@EventHandler
	void onStatus(final StatusEvent event) {
		final String message = event.getStatusMessage();
		if (message != null && !message.isEmpty()) IJ.showStatus(message);
		if (event.getProgressMaximum() > 0) IJ.showProgress(event.getProgressValue(), event.getProgressMaximum());
	}
}
