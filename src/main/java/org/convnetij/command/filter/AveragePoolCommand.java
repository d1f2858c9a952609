package org.convnetij.command.filter;

import org.convnetij.command.StridedOutput;
import org.convnetij.filter.Filters;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.type.numeric.RealType;

/** Average pooling of F x F windows S apart, each plane: (W - F) / S + 1. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Average Pool", label = "Average Pool", headless = true,
	description = "Average pooling: output (W - F) / S + 1")
public class AveragePoolCommand<T extends RealType<T>> extends FilterCommand<T> implements StridedOutput {

	@Parameter(label = "window (F x F pixels)", min = "1", attrs = @Attr(name = "oldkey", value = "size"))
	private int window = 2;

	@Parameter(label = "stride", min = "1")
	private int stride = 2;

	@Override
	protected void execute() {
		output = Filters.averagePool(input, window, stride);
	}

	@Override
	public int outputStride() {
		return stride;
	}
}
