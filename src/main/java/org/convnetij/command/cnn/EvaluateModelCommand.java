package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.Cnn;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Evaluates a model folder on a labelled data folder: accuracy, top-5, per-class precision/recall/F1 and the
 * confusion matrix, as text and as an image (rows: true class, columns: predicted class).
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Evaluate Model", label = "Evaluate Model",
	headless = true, description = "Accuracy, per-class scores and confusion matrix of a model on labelled data")
public class EvaluateModelCommand extends ConvNetCommand {

	@Parameter(required = false)
	private StatusService statusService;

	@Parameter(label = "model (model folder)", style = "directory")
	private File model;

	@Parameter(label = "data (folder with the model's class subfolders)", style = "directory")
	private File data;

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	/** Shown in Fiji; written by the launcher only where output names a file (the report holds it as text). */
	@Parameter(type = ItemIO.OUTPUT, label = "confusion matrix", required = false)
	private Img<FloatType> confusion;

	@Override
	protected void execute() throws IOException {
		if (model == null || data == null) throw new UserInputException("give both a model folder and a data folder");
		final Cnn.EvaluationReport r = Cnn.evaluate(model.toPath(), data.toPath(), new StatusProgress(statusService,
			this::isCanceled));
		report = r.text();
		final int[][] m = r.evaluation().confusion();
		final int k = m.length;
		final float[] pixels = new float[k * k];
		for (int t = 0; t < k; t++) for (int p = 0; p < k; p++) pixels[t * k + p] = m[t][p];
		confusion = ArrayImgs.floats(pixels, k, k);
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "cannot read: " + e.getMessage();
	}
}
