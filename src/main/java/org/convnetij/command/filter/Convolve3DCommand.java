package org.convnetij.command.filter;

import org.convnetij.filter.Filters;
import org.convnetij.filter.Kernel3D;
import org.convnetij.filter.Padding;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.type.numeric.RealType;

/** Correlates z-stacks (axis 2) with a 3D kernel. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>3D Convolve", label = "3D Convolve", headless = true,
	description = "Convolve z-stacks with a 3D kernel (slices separated by /)")
public class Convolve3DCommand<T extends RealType<T>> extends FilterCommand<T> {

	@Parameter(label = "kernel (slices separated by /, rows by ;)")
	private String kernel = "0 0 0; 0 1 0; 0 0 0 / 0 1 0; 1 2 1; 0 1 0 / 0 0 0; 0 1 0; 0 0 0";

	@Parameter(label = "normalize (divide by the kernel sum)")
	private boolean normalize = false;

	@Parameter(label = "padding", choices = { "none", "zero", "mirror", "clamp" })
	private String padding = "zero";

	@Override
	protected void execute() {
		final Kernel3D k = Kernel3D.parse(kernel);
		output = Filters.convolve3d(input, normalize ? k.normalized() : k, Padding.parse(padding));
	}
}
