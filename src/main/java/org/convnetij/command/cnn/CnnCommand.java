package org.convnetij.command.cnn;

import java.io.File;
import java.nio.file.Path;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.nn.TrainingCurves;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.scijava.app.StatusService;
import org.scijava.plugin.Parameter;

/** A CNN command: progress goes to SciJava's status line and progress bar, and a cancel reaches the inner loop. */
abstract class CnnCommand extends ConvNetCommand {

	@Parameter(required = false)
	private StatusService statusService;

	/** The core's progress for this run. */
	protected Progress progress() {
		return new StatusProgress(statusService, this::isCanceled);
	}

	/** history.csv of a written model folder, or null when there is none. */
	protected static File historyOf(final File modelFolder) {
		final File csv = new File(modelFolder, TrainingCurves.CSV);
		return csv.isFile() ? csv : null;
	}

	/** The path given for {@code key}, or the one-line message "key is missing: give what". */
	protected static Path required(final File file, final String key, final String what) {
		if (file == null) throw new UserInputException(key + " is missing: give " + what);
		return file.toPath();
	}
}
