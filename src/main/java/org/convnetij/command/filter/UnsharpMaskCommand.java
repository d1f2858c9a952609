package org.convnetij.command.filter;

import org.convnetij.filter.Filters;
import org.convnetij.filter.Padding;
import org.convnetij.util.UserInputException;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/** ImageJ's unsharp mask: (image - weight * blurred) / (1 - weight). */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Unsharp Mask", label = "Unsharp Mask", headless = true,
	description = "Sharpen by subtracting a blurred copy")
public class UnsharpMaskCommand<T extends RealType<T>> extends ContextCommand {

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
	public void run() {
		try {
			output = Filters.unsharpMask(input, sigma, weight, Padding.parse(padding));
		}
		catch (final UserInputException e) {
			cancel(e.getMessage());
		}
	}
}
