package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;

import org.convnetij.workflow.ModelExchange;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Pretrained weights (a TensorFlow.js model.json or a Keras HDF5 weight file such as Keras Applications publishes)
 * into one of our architectures, saved as a model folder; a SavedModel of another network, or a bioimage.io model
 * package with TensorFlow weights, is kept as it is.
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Import Model", label = "Import Model",
	headless = true, description = "Pretrained Keras weights (TF.js model.json or HDF5) into a model folder")
public class ImportModelCommand extends ImportSourceCommand {

	@Parameter(label = "output (new model folder)", style = "directory", required = false)
	private File output;

	@Parameter(label = "overwrite (replace an existing model folder)")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Override
	protected void execute() throws IOException {
		report = ModelExchange.importModel(importSettings(output, overwrite), progress()).summary();
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "cannot import " + (source == null ? "the " + architecture + " weights" : source) + ": " + e
			.getMessage();
	}
}
