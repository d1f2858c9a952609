package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.data.Augmentation;
import org.convnetij.data.Validation;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.TransferLearning;
import org.convnetij.nn.TransferSettings;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * New classes on top of a pretrained model folder: a new head on cached features (features), the head then the top
 * layers at a lower rate (finetune), or the choice by data size (auto). Writes an ordinary model folder.
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Transfer Learning", label = "Transfer Learning",
	headless = true, description = "Learn new classes on top of a pretrained model (features or fine-tuning)")
public class TransferLearningCommand extends ConvNetCommand {

	@Parameter(required = false)
	private StatusService statusService;

	@Parameter(label = "model (pretrained model folder)", style = "directory")
	private File model;

	@Parameter(label = "data (labelled folder: one subfolder per class)", style = "directory")
	private File data;

	@Parameter(label = "validation (fraction such as 0.2, a folder with the same classes, or 0 for none)",
		required = false)
	private String validation = "0";

	@Parameter(label = "strategy", choices = { "auto", "features", "finetune" })
	private String strategy = "auto";

	@Parameter(label = "freeze (finetune: last frozen layer name, or a count; empty = first two thirds)",
		required = false)
	private String freeze = "";

	@Parameter(label = "epochs (head; finetune runs as many more)", min = "1")
	private int epochs = 20;

	@Parameter(label = "rate (head learning rate, Adam; finetune uses a hundredth)")
	private double rate = 0.01;

	@Parameter(label = "patience (finetune: epochs without better validation loss before stopping; 0 = never)",
		min = "0")
	private int patience = 0;

	@Parameter(label = "fliph (finetune augmentation: mirror left-right)")
	private boolean fliph = false;

	@Parameter(label = "flipv (finetune augmentation: mirror top-bottom)")
	private boolean flipv = false;

	@Parameter(label = "rotate90 (finetune augmentation: quarter turns)")
	private boolean rotate90 = false;

	@Parameter(label = "seed")
	private long seed = 1;

	@Parameter(label = "output (new model folder)", style = "directory")
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
		if (model == null || data == null || output == null) {
			throw new UserInputException("give model, data and output folders");
		}
		final TransferSettings options = new TransferSettings(TransferSettings.Strategy.parse(
			strategy), freeze, epochs, rate, seed, Augmentation.builder().flipHorizontal(fliph).flipVertical(flipv)
				.rotate90(rotate90).build(), patience);
		report = TransferLearning.learn(new TransferLearning.Target(model.toPath(), output.toPath(), overwrite), data
			.toPath(), Validation.parse(validation), options, new StatusProgress(statusService, this::isCanceled)).report();
		history = TrainClassifierCommand.historyOf(output);
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "transfer learning failed: " + e.getMessage();
	}
}
