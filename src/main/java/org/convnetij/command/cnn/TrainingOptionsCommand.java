package org.convnetij.command.cnn;

import org.convnetij.workflow.TrainOptions;
import org.scijava.plugin.Parameter;

/** The optimisation group of Train Classifier: epochs, batch, optimizer, rate, regularisation, early stopping. */
abstract class TrainingOptionsCommand extends TrainingDataCommand {

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

	/** The training options these inputs give; the caller adds augmentation, seed and overwrite. */
	protected TrainOptions.Builder trainOptions() {
		return TrainOptions.builder().epochs(epochs).batchSize(batch).optimizer(optimizer).learningRate(rate).l2(l2)
			.dropout(dropout).patience(patience);
	}
}
