package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;

import org.convnetij.workflow.Cnn;
import org.convnetij.workflow.TrainingResult;
import org.convnetij.workflow.TrainOptions;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Trains a CNN classifier on a labelled folder; writes the model folder (convnet.json, weights, history, curves). */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Train Classifier", label = "Train Classifier",
	headless = true, description = "Train a CNN on labelled image folders; writes a model folder")
public class TrainClassifierCommand extends AugmentationCommand {

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
		final TrainOptions options = trainOptions().augmentation(augmentation(seed)).seed(seed).overwrite(overwrite)
			.build();
		final Cnn.TrainingReport r = Cnn.train(request(output, options), progress());
		report = r.text();
		history = historyOf(output);
		if (r.result().stop() == TrainingResult.Stop.NAN_LOSS) cancel(r.result().message());
	}
}
