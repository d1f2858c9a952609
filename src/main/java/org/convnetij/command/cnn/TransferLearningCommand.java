package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;

import org.convnetij.workflow.TransferLearning;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** New classes on a pretrained model: a head on its features, fine-tuning, or the better on validation (auto). */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Transfer Learning", label = "Transfer Learning",
	headless = true, description = "Learn new classes on top of a pretrained model (features from any layer, or fine-tuning)")
public class TransferLearningCommand extends TransferOptionsCommand {

	@Parameter(label = "output (new model folder)", style = "directory")
	private File output;

	@Parameter(label = "overwrite (replace an existing model folder)")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Parameter(type = ItemIO.OUTPUT, label = "history", description = "history.csv, which ImageJ draws as a plot")
	private File history;

	@Override
	protected void execute() throws IOException {
		final TransferLearning.Target target = new TransferLearning.Target(required(model, "model",
			"a pretrained model folder"), required(output, "output", "a folder for the new model"), overwrite);
		report = TransferLearning.learn(target, dataFolder(), validationImages(), transferSettings(), progress()).report();
		history = historyOf(output);
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "transfer learning failed: " + e.getMessage();
	}
}
