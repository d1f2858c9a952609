package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.data.Augmentation;
import org.convnetij.data.Normalization;
import org.convnetij.nn.ConvPattern;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.TrainingCurves;
import org.convnetij.workflow.Cnn;
import org.convnetij.workflow.TrainRequest;
import org.convnetij.workflow.TrainOptions;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Trains a CNN classifier on a folder of labelled images (one subfolder per class) and writes the model folder
 * (convnet.json, weights, history.csv, curves.png) after every epoch.
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Train Classifier", label = "Train Classifier",
	headless = true, description = "Train a CNN on labelled image folders; writes a model folder")
public class TrainClassifierCommand extends ConvNetCommand {

	@Parameter(required = false)
	private StatusService statusService;

	@Parameter(label = "data (folder with one subfolder per class)", style = "directory")
	private File data;

	@Parameter(label = "validation (fraction such as 0.2, a folder with the same classes, or 0 for none)")
	private String validation = "0.2";

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

	@Parameter(label = "normalization (range, minmax, none, or meanstd mean=... std=...)")
	private String normalization = "range";

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

	@Parameter(label = "model (folder of a model to continue training; replaces architecture and input)",
		required = false, style = "directory")
	private File model;

	@Parameter(label = "epochs", min = "1")
	private int epochs = 10;

	@Parameter(label = "batch (images per step)", min = "1")
	private int batch = 32;

	@Parameter(label = "optimizer", choices = { "adam", "sgd", "rmsprop" })
	private String optimizer = "adam";

	@Parameter(label = "rate (learning rate)")
	private double rate = 0.001;

	@Parameter(label = "l2 (weight decay on kernels; 0 = none)", min = "0")
	private double l2 = 0;

	@Parameter(label = "dropout (rate before the classifier; 0 = none)", min = "0")
	private double dropout = 0;

	@Parameter(label = "patience (epochs without better validation loss before stopping; 0 = never)", min = "0")
	private int patience = 0;

	@Parameter(label = "crop (augmentation: smallest crop fraction; 1 = off)")
	private double crop = 1;

	@Parameter(label = "fliph (augmentation: mirror left-right)")
	private boolean fliph = false;

	@Parameter(label = "flipv (augmentation: mirror top-bottom)")
	private boolean flipv = false;

	@Parameter(label = "rotate90 (augmentation: quarter turns)")
	private boolean rotate90 = false;

	@Parameter(label = "rotate (augmentation: max degrees; 0 = off)", min = "0")
	private double rotate = 0;

	@Parameter(label = "translate (augmentation: max pixels; 0 = off)", min = "0")
	private int translate = 0;

	@Parameter(label = "colorshift (augmentation: max per channel; 0 = off)", min = "0")
	private double colorshift = 0;

	@Parameter(label = "brightness (augmentation: max; 0 = off)", min = "0")
	private double brightness = 0;

	@Parameter(label = "contrast (augmentation: max, below 1; 0 = off)", min = "0")
	private double contrast = 0;

	@Parameter(label = "grayscale (augmentation: probability; 0 = off)", min = "0")
	private double grayscale = 0;

	@Parameter(label = "seed (weights, split, shuffling, augmentation)")
	private long seed = 1;

	@Parameter(label = "output (model folder to write)", style = "directory")
	private File output;

	@Parameter(label = "overwrite (replace an existing model folder)")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	/** The per-epoch history (history.csv in the model folder); ImageJ draws it as a plot. */
	@Parameter(type = ItemIO.OUTPUT, label = "history")
	private File history;

	@Override
	protected void execute() throws IOException {
		if (data == null) throw new UserInputException("data is missing: give a folder with one subfolder per class");
		if (output == null) throw new UserInputException("output is missing: give a folder for the model");
		final ConvPattern pattern = ConvPattern.defaults().convs(convs).blocks(blocks).dense(dense).filters(
			ConvPattern.parseList("filters", filters)).size(kernelsize).padding(padding).stride(stride).pool(pool).poolStride(
				poolstride).units(ConvPattern.parseList("units", units));
		final Augmentation augmentation = Augmentation.builder().crop(crop).flipHorizontal(fliph).flipVertical(flipv)
			.rotate90(rotate90).rotate(rotate).translate(translate).colorShift(colorshift).brightness(brightness)
			.contrast(contrast).grayscale(grayscale).seed(seed).build();
		final TrainOptions options = TrainOptions.builder().epochs(epochs).batchSize(batch).optimizer(optimizer)
			.learningRate(rate).l2(l2).dropout(dropout).patience(patience).augmentation(augmentation).seed(seed)
			.overwrite(overwrite).build();
		final TrainRequest request = TrainRequest.builder(data.toPath(), output.toPath()).validation(validation
			.trim().equals("0") ? "" : validation).architecture(architecture, pattern).input(width, height, channels)
			.normalization(Normalization.parse(normalization)).model(model == null ? null : model.toPath()).options(
				options).build();
		final Cnn.TrainingReport r = Cnn.train(request, new StatusProgress(statusService, this::isCanceled));
		report = r.text();
		history = historyOf(output);
		switch (r.result().stop()) {
			case NAN_LOSS:
				cancel(r.result().message());
				break;
			default:
				break;
		}
	}

	/** history.csv of a written model folder, or null when there is none. */
	static File historyOf(final File modelFolder) {
		final File csv = new File(modelFolder, TrainingCurves.CSV);
		return csv.isFile() ? csv : null;
	}
}
