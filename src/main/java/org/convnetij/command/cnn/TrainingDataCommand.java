package org.convnetij.command.cnn;

import java.io.File;

import org.convnetij.data.Normalization;
import org.convnetij.workflow.TrainOptions;
import org.convnetij.workflow.TrainRequest;
import org.scijava.plugin.Parameter;

/** The data group of Train Classifier: the labelled data, its validation part, the scaling and a model to go on. */
abstract class TrainingDataCommand extends ArchitectureCommand {

	@Parameter(label = "data (folder with one subfolder per class)", style = "directory")
	protected File data;

	@Parameter(label = "validation (fraction such as 0.2, a folder with the same classes, or 0 for none)")
	protected String validation = "0.2";

	@Parameter(label = "normalization (range, minmax, none, or meanstd mean=... std=...)")
	protected String normalization = "range";

	@Parameter(label = "model (folder of a model to continue training; replaces architecture and input)",
		required = false, style = "directory")
	protected File model;

	/** The training request for these inputs, written to {@code output}; data is checked first. */
	protected TrainRequest request(final File output, final TrainOptions options) {
		final TrainRequest.Builder b = TrainRequest.builder(required(data, "data",
			"a folder with one subfolder per class"), required(output, "output", "a folder for the model"));
		return b.validation(validation.trim().equals("0") ? "" : validation).architecture(architecture, convPattern())
			.input(width, height, channels).normalization(Normalization.parse(normalization)).model(model == null ? null
				: model.toPath()).options(options).build();
	}
}
