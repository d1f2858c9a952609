package org.convnetij.command.filter;

import org.convnetij.filter.Filters;
import org.convnetij.filter.Padding;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.type.numeric.RealType;

/** The median over a circular window (ImageJ's) of each plane. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Median Filter", label = "Median Filter", headless = true,
	description = "Median over a circular window")
public class MedianCommand<T extends RealType<T>> extends FilterCommand<T> {

	@Parameter(label = "radius (pixels)", min = "0")
	private int radius = 2;

	@Parameter(label = "padding", choices = { "none", "zero", "mirror", "clamp" })
	private String padding = "clamp";

	@Override
	protected void execute() {
		output = Filters.median(input, radius, Padding.parse(padding));
	}
}
