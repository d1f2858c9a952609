package org.convnetij.command.filter;

import org.convnetij.command.StridedOutput;
import org.convnetij.filter.Filters;
import org.convnetij.filter.Padding;
import org.convnetij.filter.SobelDirection;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.type.numeric.RealType;

/** Sobel gradient along X or Y, or its magnitude, of each plane. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Sobel", label = "Sobel", headless = true,
	description = "Sobel edge filter: x, y or magnitude")
public class SobelCommand<T extends RealType<T>> extends FilterCommand<T> implements StridedOutput {

	@Parameter(label = "direction", choices = { "x", "y", "magnitude" })
	private String direction = "magnitude";

	@Parameter(label = "padding", choices = { "none", "zero", "mirror", "clamp" })
	private String padding = "clamp";

	@Parameter(label = "stride", min = "1")
	private int stride = 1;

	@Override
	protected void execute() {
		output = Filters.sobel(input, SobelDirection.parse(direction), Padding.parse(padding), stride);
	}

	@Override
	public int outputStride() {
		return stride;
	}
}
