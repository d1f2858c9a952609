package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.data.Normalization;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.ModelExchange;
import org.convnetij.nn.ImportSettings;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Pretrained weights (a TensorFlow.js model.json or a Keras HDF5 weight file such as Keras Applications publishes)
 * into one of our architectures, saved as a model folder; a SavedModel of another network, or a bioimage.io model
 * package with TensorFlow weights, is kept as it is.
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Import Model", label = "Import Model",
	headless = true, description = "Pretrained Keras weights (TF.js model.json or HDF5) into a model folder")
public class ImportModelCommand extends ConvNetCommand {

	@Parameter(label = "source (Keras .h5 weight file, TF.js model.json or its folder, TensorFlow SavedModel folder, " +
		"bioimage.io model package .zip or folder; " +
		"empty = the architecture's Keras Applications ImageNet file, downloaded into ~/.keras/models if missing)",
		style = "open", required = false)
	private File source;

	@Parameter(label = "architecture (for .h5 files; auto recognises a TF.js model or a SavedModel; savedmodel keeps a SavedModel as it is)", choices = {
		"auto", "mobilenetv2", "vgg16", "vgg19", "resnet50", "inceptionv3", "inceptionresnetv2", "densenet121",
		"densenet169", "densenet201", "lenet5", "savedmodel" })
	private String architecture = "auto";

	@Parameter(label = "inputsize (input width and height in pixels; 0 = the source's)", min = "0", attrs = @Attr(
		name = "oldkey", value = "size"))
	private int inputsize = 0;

	@Parameter(label = "normalization (the inputs' scaling, e.g. range or meanstd mean=0.5 std=0.5; empty = the " +
		"source's usual one)", required = false)
	private String normalization = "";

	@Parameter(label = "classnames (class names of a SavedModel kept as it is, comma-separated; empty = class_0, " +
		"class_1, ..)", required = false, attrs = @Attr(name = "oldkey", value = "classes"))
	private String classnames = "";

	@Parameter(label = "layer (feature tensor of a SavedModel kept as it is; empty = the serving output; list = " +
		"report the graph's tensors, write nothing)", required = false)
	private String layer = "";

	@Parameter(label = "notop (drop the model's own classifier head, keep its features; default: the model is kept " +
		"whole with its classes)")
	private boolean notop = false;

	@Parameter(label = "output (new model folder)", style = "directory", required = false)
	private File output;

	@Parameter(label = "overwrite (replace an existing model folder)")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Parameter(required = false)
	private StatusService statusService;

	@Override
	protected void execute() throws IOException {
		// an empty source: the Keras Applications file of the architecture (ModelImport says what else to give)
		final Path from = source == null ? Path.of("") : source.toPath();
		final boolean list = "list".equals(layer == null ? "" : layer.trim());
		if (output == null && !list) throw new UserInputException("give the output model folder");
		final Normalization n = normalization == null || normalization.isBlank() ? null : Normalization.parse(
			normalization);
		report = ModelExchange.importModel(new ImportSettings(from, architecture, inputsize, n, classnames, layer,
			notop, output == null ? null : output.toPath(), overwrite), new StatusProgress(statusService,
				this::isCanceled)).summary();
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "cannot import " + (source == null ? "the " + architecture + " weights" : source) + ": " + e
			.getMessage();
	}
}
