package org.convnetij.command.cnn;

import java.io.IOException;

import org.convnetij.workflow.ProbabilityMap;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/** A model's classifier slid over a large image: per class, the mean probability of the windows over each pixel. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Probability Map", label = "Probability Map",
	headless = true, description = "Class probability maps of a large image by sliding a model's classifier")
public class ProbabilityMapCommand<T extends RealType<T>> extends ModelCommand {

	@Parameter(label = "input image")
	private RandomAccessibleInterval<T> input;

	@Parameter(label = "window (pixels; 0 = the model's input size)", min = "0", attrs = @Attr(name = "oldkey",
		value = "size"))
	private int window = 0;

	@Parameter(label = "stride (pixels between windows)", min = "1")
	private int stride = 16;

	@Parameter(type = ItemIO.OUTPUT)
	private Img<FloatType> output;

	@Parameter(type = ItemIO.OUTPUT, description = "class names in the order of the output's planes")
	private String classes;

	@Override
	protected void execute() throws IOException {
		final ProbabilityMap.Maps maps = ProbabilityMap.map(modelFolder(), input, new ProbabilityMap.Window(window,
			stride), progress());
		output = maps.stack();
		classes = String.join(",", maps.classes());
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "cannot compute the probability map: " + e.getMessage();
	}
}
