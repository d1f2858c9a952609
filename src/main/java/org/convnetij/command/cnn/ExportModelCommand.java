package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;

import org.convnetij.nn.PackageExport;
import org.convnetij.workflow.ModelExchange;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** A model folder as a bioimage.io model package (.zip, spec 0.5) for the Model Zoo. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Export Model", label = "Export Model",
	headless = true, description = "A model folder as a bioimage.io model package (.zip)")
public class ExportModelCommand extends PackageMetadataCommand {

	@Parameter(label = "input (an image like the model's, or a folder of them: test input and cover)", style = "open")
	private File input;

	@Parameter(label = "output (package .zip file)", style = "save")
	private File output;

	@Parameter(label = "overwrite (replace an existing package)")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Override
	protected void execute() throws IOException {
		report = ModelExchange.exportPackage(new PackageExport(modelFolder(), input == null ? null : input.toPath(),
			metadata(), required(output, "output", "the package (.zip)"), overwrite)).summary();
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "cannot export " + model + " to " + output + ": " + e.getMessage();
	}
}
