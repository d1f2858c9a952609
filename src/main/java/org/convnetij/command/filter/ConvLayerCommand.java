package org.convnetij.command.filter;

import org.convnetij.command.StridedOutput;
import org.convnetij.filter.FilterBank;
import org.convnetij.filter.Filters;
import org.convnetij.filter.Padding;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.type.numeric.RealType;

/** A convolution layer: N kernels of F x F x D over a W x H x D image (axis 2 = channels), bias, optional ReLU. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Conv Layer", label = "Conv Layer", headless = true,
	description = "Filter bank over a multi-channel volume: output W2 x H2 x N")
public class ConvLayerCommand<T extends RealType<T>> extends FilterCommand<T> implements StridedOutput {

	@Parameter(label = "kernels (kernels separated by |, channels by /, rows by ;)")
	private String kernels = "0 0 0; 0 1 0; 0 0 0";

	@Parameter(label = "bias (one number per kernel; empty = 0)", required = false)
	private String bias = "";

	@Parameter(label = "relu (negative outputs to 0)")
	private boolean relu = false;

	@Parameter(label = "padding", choices = { "none", "zero", "mirror", "clamp" })
	private String padding = "zero";

	@Parameter(label = "stride", min = "1")
	private int stride = 1;

	@Override
	protected void execute() {
		output = Filters.convLayer(input, FilterBank.parse(kernels, bias), Padding.parse(padding), stride, relu);
	}

	@Override
	public int outputStride() {
		return stride;
	}
}
