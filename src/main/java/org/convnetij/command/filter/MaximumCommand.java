package org.convnetij.command.filter;

import org.convnetij.filter.Filters;
import org.convnetij.filter.Padding;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.type.numeric.RealType;

/** The maximum over a circular window (ImageJ's) of each plane. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Maximum Filter", label = "Maximum Filter", headless = true,
	description = "Maximum over a circular window")
public class MaximumCommand<T extends RealType<T>> extends FilterCommand<T> {

	@Parameter(label = "radius (pixels)", min = "0")
	private int radius = 2;

	@Parameter(label = "padding", choices = { "none", "zero", "mirror", "clamp" })
	private String padding = "clamp";

	@Override
	protected void execute() {
		output = Filters.maximum(input, radius, Padding.parse(padding));
	}
}
