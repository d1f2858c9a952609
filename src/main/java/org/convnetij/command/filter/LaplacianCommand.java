package org.convnetij.command.filter;

import java.io.IOException;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.command.StridedOutput;
import org.convnetij.filter.Filters;
import org.convnetij.filter.Padding;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/** The 4-neighbour Laplacian (0 1 0; 1 -4 1; 0 1 0) of each plane. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Laplacian", label = "Laplacian", headless = true,
	description = "Laplacian (4-neighbour) of each plane")
public class LaplacianCommand<T extends RealType<T>> extends ConvNetCommand implements StridedOutput {

	@Parameter(label = "input image")
	private RandomAccessibleInterval<T> input;

	@Parameter(label = "padding", choices = { "none", "zero", "mirror", "clamp" })
	private String padding = "clamp";

	@Parameter(label = "stride", min = "1")
	private int stride = 1;

	@Parameter(type = ItemIO.OUTPUT)
	private Img<FloatType> output;

	@Override
	protected void execute() throws IOException {
		output = Filters.laplacian(input, Padding.parse(padding), stride);
	}

	@Override
	public int outputStride() {
		return stride;
	}
}
