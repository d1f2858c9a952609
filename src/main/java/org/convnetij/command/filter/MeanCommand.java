package org.convnetij.command.filter;

import java.io.IOException;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.command.StridedOutput;
import org.convnetij.filter.Filters;
import org.convnetij.filter.Padding;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/** The mean over a (2r+1) x (2r+1) window, each plane alone. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Mean", label = "Mean", headless = true,
	description = "Mean over a square window of radius r")
public class MeanCommand<T extends RealType<T>> extends ConvNetCommand implements StridedOutput {

	@Parameter(label = "input image")
	private RandomAccessibleInterval<T> input;

	@Parameter(label = "radius (window 2r+1)", min = "0")
	private int radius = 1;

	@Parameter(label = "padding", choices = { "none", "zero", "mirror", "clamp" })
	private String padding = "zero";

	@Parameter(label = "stride", min = "1")
	private int stride = 1;

	@Parameter(type = ItemIO.OUTPUT)
	private Img<FloatType> output;

	@Override
	protected void execute() throws IOException {
		output = Filters.mean(input, radius, Padding.parse(padding), stride);
	}

	@Override
	public int outputStride() {
		return stride;
	}
}
