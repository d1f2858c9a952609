package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;

import org.convnetij.workflow.Cnn;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

/** Accuracy, top-5, per-class scores and the confusion matrix (rows: true class) of a model on labelled data. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Evaluate Model", label = "Evaluate Model",
	headless = true, description = "Accuracy, per-class scores and confusion matrix of a model on labelled data")
public class EvaluateModelCommand extends ModelCommand {

	@Parameter(label = "data (folder with the model's class subfolders)", style = "directory")
	private File data;

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	/** Shown in Fiji; written by the launcher only where output names a file (the report holds it as text). */
	@Parameter(type = ItemIO.OUTPUT, label = "confusion matrix", required = false)
	private Img<FloatType> confusion;

	@Override
	protected void execute() throws IOException {
		final Cnn.EvaluationReport r = Cnn.evaluate(modelFolder(), required(data, "data", "a labelled folder"),
			progress());
		report = r.text();
		final int[][] m = r.evaluation().confusion();
		final float[] pixels = new float[m.length * m.length];
		for (int t = 0; t < m.length; t++) for (int p = 0; p < m.length; p++) pixels[t * m.length + p] = m[t][p];
		confusion = ArrayImgs.floats(pixels, m.length, m.length);
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "cannot read: " + e.getMessage();
	}
}
