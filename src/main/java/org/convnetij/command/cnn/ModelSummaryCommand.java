package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;

import org.convnetij.nn.Architecture;
import org.convnetij.nn.Architectures;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.ModelSummary;
import org.convnetij.nn.Top;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** The Keras-like summary table of a named architecture, of the custom pattern, or of a model folder. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Model Summary", label = "Model Summary",
	headless = true, description = "Layers, output shapes and parameter counts of a CNN architecture or model folder")
public class ModelSummaryCommand extends ArchitectureCommand {

	@Parameter(label = "classes (0 = the architecture's usual: 1000, or 10 for lenet5 and custom)", min = "0")
	private int classes = 0;

	@Parameter(label = "notop (leave out the classifier)")
	private boolean notop = false;

	@Parameter(label = "model (folder with convnet.json; replaces the options above)", required = false,
		style = "directory")
	private File model;

	@Parameter(type = ItemIO.OUTPUT)
	private String summary;

	@Override
	protected void execute() throws IOException {
		final Architecture a = Architecture.parse(architecture);
		final Top top = notop ? Top.none() : Top.classifier(classes == 0 ? a.usualClasses() : classes);
		summary = model != null ? ModelSummary.of(ModelSpec.read(model.toPath())) : Architectures.build(a, a.input(
			width, height, channels), top, convPattern()).summary();
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "cannot read the model folder " + model + ": " + e.getMessage();
	}
}
