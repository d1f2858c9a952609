package org.convnetij.command.filter;

import org.convnetij.command.StridedOutput;
import org.convnetij.filter.Filters;
import org.convnetij.util.UserInputException;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/** Average pooling of F x F windows S apart, each plane: (W - F) / S + 1. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Average Pool", label = "Average Pool", headless = true,
	description = "Average pooling: output (W - F) / S + 1")
public class AveragePoolCommand<T extends RealType<T>> extends ContextCommand implements StridedOutput {

	@Parameter(label = "input image")
	private RandomAccessibleInterval<T> input;

	@Parameter(label = "window (F x F pixels)", min = "1", attrs = @Attr(name = "oldkey", value = "size"))
	private int window = 2;

	@Parameter(label = "stride", min = "1")
	private int stride = 2;

	@Parameter(type = ItemIO.OUTPUT)
	private Img<FloatType> output;

	@Override
	public void run() {
		try {
			output = Filters.averagePool(input, window, stride);
		}
		catch (final UserInputException e) {
			cancel(e.getMessage());
		}
	}

	@Override
	public int outputStride() {
		return stride;
	}
}
