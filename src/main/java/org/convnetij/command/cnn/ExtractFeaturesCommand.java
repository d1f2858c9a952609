package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;

import org.convnetij.workflow.FeatureExport;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** One row of features per image (a file, a folder or a labelled folder) from a layer of a model, as CSV. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Extract Features", label = "Extract Features",
	headless = true, description = "Features of images from a layer of a model folder, as a CSV table (cached)")
public class ExtractFeaturesCommand extends ModelCommand {

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
		report = FeatureExport.run(modelFolder(), new FeatureExport.Layer(layer, grid), required(input, "input",
			"an image file or a folder"), required(output, "output", "a CSV file"), progress()).report();
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "cannot extract features: " + e.getMessage();
	}
}
