package org.convnetij.command.cnn;

import java.io.File;
import java.nio.file.Path;

import org.convnetij.data.Augmentation;
import org.convnetij.data.Validation;
import org.convnetij.nn.TransferSettings;
import org.scijava.plugin.Parameter;

/** The training group of Transfer Learning: the labelled data, the strategy, the head's training and fine-tuning. */
abstract class TransferOptionsCommand extends FeatureLayerCommand {

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

	/** The labelled folder, or a message when none is given. */
	protected Path dataFolder() {
		return required(data, "data", "a labelled folder");
	}

	/** The validation images these inputs ask for. */
	protected Validation validationImages() {
		return Validation.parse(validation);
	}

	/** The transfer settings these inputs give, the head at {@code layer} and {@code grid}. */
	protected TransferSettings transferSettings() {
		return new TransferSettings(TransferSettings.Strategy.parse(strategy), freeze, epochs, rate, seed, Augmentation
			.builder().flipHorizontal(fliph).flipVertical(flipv).rotate90(rotate90).build(), patience, layer, grid);
	}
}
