package org.convnetij.command.filter;

import org.convnetij.filter.Filters;
import org.convnetij.filter.Padding;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.type.numeric.RealType;

/** ImageJ's unsharp mask: (image - weight * blurred) / (1 - weight). */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Unsharp Mask", label = "Unsharp Mask", headless = true,
	description = "Sharpen by subtracting a blurred copy")
public class UnsharpMaskCommand<T extends RealType<T>> extends FilterCommand<T> {

	@Parameter(label = "sigma (pixels)")
	private double sigma = 1;

	@Parameter(label = "weight (0 to 0.99)")
	private double weight = 0.6;

	@Parameter(label = "padding", choices = { "none", "zero", "mirror", "clamp" })
	private String padding = "clamp";

	@Override
	protected void execute() {
		output = Filters.unsharpMask(input, sigma, weight, Padding.parse(padding));
	}
}
