package org.convnetij.command.filter;

import org.convnetij.command.StridedOutput;
import org.convnetij.filter.Filters;
import org.convnetij.filter.Padding;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.type.numeric.RealType;

/** The mean over a (2r+1) x (2r+1) window, each plane alone. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Mean", label = "Mean", headless = true,
	description = "Mean over a square window of radius r")
public class MeanCommand<T extends RealType<T>> extends FilterCommand<T> implements StridedOutput {

	@Parameter(label = "radius (window 2r+1)", min = "0")
	private int radius = 1;

	@Parameter(label = "padding", choices = { "none", "zero", "mirror", "clamp" })
	private String padding = "zero";

	@Parameter(label = "stride", min = "1")
	private int stride = 1;

	@Override
	protected void execute() {
		output = Filters.mean(input, radius, Padding.parse(padding), stride);
	}

	@Override
	public int outputStride() {
		return stride;
	}
}
