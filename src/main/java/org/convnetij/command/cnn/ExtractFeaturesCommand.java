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
public class ExtractFeaturesCommand extends FeatureLayerCommand {

	@Parameter(label = "input (image file, folder of images or labelled folder)", style = "open")
	private File input;

	@Parameter(label = "output (CSV file)", style = "save")
	private File output;

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Override
	protected void execute() throws IOException {
		report = FeatureExport.run(modelFolder(), featureLayer(), required(input, "input",
			"an image file or a folder"), required(output, "output", "a CSV file"), progress()).report();
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "cannot extract features: " + e.getMessage();
	}
}
