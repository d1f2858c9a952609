package org.convnetij.command.filter;

import org.convnetij.filter.Filters;
import org.convnetij.filter.Padding;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.type.numeric.RealType;

/** The minimum over a circular window (ImageJ's) of each plane. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Minimum Filter", label = "Minimum Filter", headless = true,
	description = "Minimum over a circular window")
public class MinimumCommand<T extends RealType<T>> extends FilterCommand<T> {

	@Parameter(label = "radius (pixels)", min = "0")
	private int radius = 2;

	@Parameter(label = "padding", choices = { "none", "zero", "mirror", "clamp" })
	private String padding = "clamp";

	@Override
	protected void execute() {
		output = Filters.minimum(input, radius, Padding.parse(padding));
	}
}
