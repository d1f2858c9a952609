package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.nn.Architecture;
import org.convnetij.nn.Architectures;
import org.convnetij.nn.ConvPattern;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.ModelSummary;
import org.convnetij.nn.Top;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * The Keras-like summary table (layers, output shapes W x H x D, parameters, totals) of a named architecture, of the
 * custom pattern INPUT -> [[CONV -> RELU]*N -> POOL?]*M -> [FC -> RELU]*K -> FC, or of a model folder.
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Model Summary", label = "Model Summary",
	headless = true, description = "Layers, output shapes and parameter counts of a CNN architecture or model folder")
public class ModelSummaryCommand extends ConvNetCommand {

	@Parameter(label = "architecture", choices = { "custom", "lenet5", "alexnet", "zfnet", "vgg16", "vgg19",
		"googlenet", "inceptionv3", "inceptionresnetv2", "resnet50", "densenet121", "densenet169", "densenet201",
		"mobilenetv2" })
	private String architecture = "custom";

	@Parameter(label = "width (pixels; 0 = the architecture's usual)", min = "0")
	private int width = 0;

	@Parameter(label = "height (pixels; 0 = the architecture's usual)", min = "0")
	private int height = 0;

	@Parameter(label = "channels (1 gray, 3 RGB; 0 = the architecture's usual)", min = "0")
	private int channels = 0;

	@Parameter(label = "classes (0 = the architecture's usual: 1000, or 10 for lenet5 and custom)", min = "0")
	private int classes = 0;

	@Parameter(label = "notop (leave out the classifier)")
	private boolean notop = false;

	@Parameter(label = "convs (custom: N convolutions per block)", min = "0")
	private int convs = 1;

	@Parameter(label = "blocks (custom: M pooled blocks)", min = "0")
	private int blocks = 2;

	@Parameter(label = "dense (custom: K hidden fully connected layers)", min = "0")
	private int dense = 1;

	@Parameter(label = "filters (custom: per block, e.g. 32,64; the last repeats)")
	private String filters = "32,64";

	@Parameter(label = "kernelsize (custom: convolution kernel F x F)", min = "1", attrs = @Attr(name = "oldkey",
		value = "size"))
	private int kernelsize = 3;

	@Parameter(label = "padding (custom: same, valid or pixels P)")
	private String padding = "same";

	@Parameter(label = "stride (custom: convolution stride S)", min = "1")
	private int stride = 1;

	@Parameter(label = "pool (custom: max pool window)", min = "1")
	private int pool = 2;

	@Parameter(label = "poolstride (custom: max pool stride)", min = "1")
	private int poolstride = 2;

	@Parameter(label = "units (custom: hidden FC sizes, e.g. 256,128; the last repeats)")
	private String units = "128";

	@Parameter(label = "model (folder with convnet.json; replaces the options above)", required = false,
		style = "directory")
	private File model;

	@Parameter(type = ItemIO.OUTPUT)
	private String summary;

	@Override
	protected void execute() throws IOException {
		if (model != null) {
			summary = ModelSummary.of(ModelSpec.read(model.toPath()));
			return;
		}
		final Architecture a = Architecture.parse(architecture);
		final Top top = notop ? Top.none() : Top.classifier(classes == 0 ? a.usualClasses() : classes);
		final ConvPattern pattern = ConvPattern.defaults().convs(convs).blocks(blocks).dense(dense).filters(
			ConvPattern.parseList("filters", filters)).size(kernelsize).padding(padding).stride(stride).pool(pool).poolStride(
				poolstride).units(ConvPattern.parseList("units", units));
		summary = Architectures.build(a, a.input(width, height, channels), top, pattern).summary();
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "cannot read the model folder " + model + ": " + e.getMessage();
	}
}
