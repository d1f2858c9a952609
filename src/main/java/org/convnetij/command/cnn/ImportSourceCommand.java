package org.convnetij.command.cnn;

import java.io.File;
import java.nio.file.Path;

import org.convnetij.data.Normalization;
import org.convnetij.nn.ImportSettings;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;

/** The source group of Import Model: what to import and how to read it. */
abstract class ImportSourceCommand extends CnnCommand {

	@Parameter(label = "source (Keras .h5 weight file, TF.js model.json or its folder, TensorFlow SavedModel folder, " +
		"bioimage.io model package .zip or folder; " +
		"empty = the architecture's Keras Applications ImageNet file, downloaded into ~/.keras/models if missing)",
		style = "open", required = false)
	protected File source;

	@Parameter(label = "architecture (for .h5 files; auto recognises a TF.js model or a SavedModel; savedmodel keeps a SavedModel as it is)", choices = {
		"auto", "mobilenetv2", "vgg16", "vgg19", "resnet50", "inceptionv3", "inceptionresnetv2", "densenet121",
		"densenet169", "densenet201", "lenet5", "savedmodel" })
	protected String architecture = "auto";

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

	/**
	 * The settings these inputs give, into {@code output}; an empty source stands for the architecture's Keras
	 * Applications file (the import says what else to give).
	 */
	protected ImportSettings importSettings(final File output, final boolean overwrite) {
		final Normalization n = normalization == null || normalization.isBlank() ? null : Normalization.parse(
			normalization);
		return new ImportSettings(source == null ? Path.of("") : source.toPath(), architecture, inputsize, n, classnames,
			layer, notop, output == null ? null : output.toPath(), overwrite);
	}
}
