package org.convnetij.command.filter;

import java.io.IOException;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.command.StridedOutput;
import org.convnetij.filter.Filters;
import org.convnetij.filter.Padding;
import org.convnetij.filter.SobelDirection;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/** Sobel gradient along X or Y, or its magnitude, of each plane. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Sobel", label = "Sobel", headless = true,
	description = "Sobel edge filter: x, y or magnitude")
public class SobelCommand<T extends RealType<T>> extends ConvNetCommand implements StridedOutput {

	@Parameter(label = "input image")
	private RandomAccessibleInterval<T> input;

	@Parameter(label = "direction", choices = { "x", "y", "magnitude" })
	private String direction = "magnitude";

	@Parameter(label = "padding", choices = { "none", "zero", "mirror", "clamp" })
	private String padding = "clamp";

	@Parameter(label = "stride", min = "1")
	private int stride = 1;

	@Parameter(type = ItemIO.OUTPUT)
	private Img<FloatType> output;

	@Override
	protected void execute() throws IOException {
		output = Filters.sobel(input, SobelDirection.parse(direction), Padding.parse(padding), stride);
	}

	@Override
	public int outputStride() {
		return stride;
	}
}
