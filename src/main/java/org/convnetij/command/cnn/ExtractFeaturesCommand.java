package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.FeatureExport;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** One row of features per image (a file, a folder or a labelled folder) from a layer of a model, as CSV. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Extract Features", label = "Extract Features",
	headless = true, description = "Features of images from a layer of a model folder, as a CSV table (cached)")
public class ExtractFeaturesCommand extends ConvNetCommand {

	@Parameter(required = false)
	private StatusService statusService;

	@Parameter(label = "model (model folder)", style = "directory")
	private File model;

	@Parameter(label = "layer (a layer name, or a relative depth such as 0.5: halfway to the feature layer; empty = " +
		"the model's feature layer)", required = false)
	private String layer = "";

	@Parameter(label = "grid (1 = the layer averaged over height and width; 2 = averages of a 2 x 2 grid, 4 x C values)",
		min = "1")
	private int grid = 1;

	@Parameter(label = "input (image file, folder of images or labelled folder)", style = "open")
	private File input;

	@Parameter(label = "output (CSV file)", style = "save")
	private File output;

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Override
	protected void execute() throws IOException {
		if (model == null || input == null || output == null) throw new UserInputException(
			"give model, input and output");
		report = FeatureExport.run(model.toPath(), new FeatureExport.Layer(layer, grid), input.toPath(), output
			.toPath(), new StatusProgress(statusService, this::isCanceled)).report();
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "cannot extract features: " + e.getMessage();
	}
}
