package org.convnetij.command.filter;

import org.convnetij.filter.Filters;
import org.convnetij.filter.Padding;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.type.numeric.RealType;

/** Gaussian blur of each plane, or of z-stacks in 3D when sigmaz is more than 0. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Gaussian Blur", label = "Gaussian Blur", headless = true,
	description = "Gaussian blur with ImageJ's kernel; sigmaz > 0 blurs along Z too")
public class GaussianBlurCommand<T extends RealType<T>> extends FilterCommand<T> {

	@Parameter(label = "sigma (pixels, X and Y)")
	private double sigma = 2;

	@Parameter(label = "sigmaz (slices; 0 = each plane alone)", min = "0")
	private double sigmaz = 0;

	@Parameter(label = "padding", choices = { "none", "zero", "mirror", "clamp" })
	private String padding = "clamp";

	@Override
	protected void execute() {
		output = sigmaz > 0 ? Filters.gaussianBlur3d(input, sigma, sigmaz, Padding.parse(padding))
			: Filters.gaussianBlur(input, sigma, Padding.parse(padding), 1);
	}
}
