package org.convnetij.command.filter;

import java.io.IOException;

import org.convnetij.command.ConvNetCommand;
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

/** ImageJ's unsharp mask: (image - weight * blurred) / (1 - weight). */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Unsharp Mask", label = "Unsharp Mask", headless = true,
	description = "Sharpen by subtracting a blurred copy")
public class UnsharpMaskCommand<T extends RealType<T>> extends ConvNetCommand {

	@Parameter(label = "input image")
	private RandomAccessibleInterval<T> input;

	@Parameter(label = "sigma (pixels)")
	private double sigma = 1;

	@Parameter(label = "weight (0 to 0.99)")
	private double weight = 0.6;

	@Parameter(label = "padding", choices = { "none", "zero", "mirror", "clamp" })
	private String padding = "clamp";

	@Parameter(type = ItemIO.OUTPUT)
	private Img<FloatType> output;

	@Override
	protected void execute() throws IOException {
		output = Filters.unsharpMask(input, sigma, weight, Padding.parse(padding));
	}
}
