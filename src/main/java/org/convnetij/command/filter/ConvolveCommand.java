package org.convnetij.command.filter;

import org.convnetij.command.StridedOutput;
import org.convnetij.filter.Filters;
import org.convnetij.filter.Kernel;
import org.convnetij.filter.Padding;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/** Correlates each plane of an image with a kernel given as text rows or as a kernel image. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Convolve", label = "Convolve", headless = true,
	description = "Convolve each plane with a kernel (correlation, as ImageJ writes it)")
public class ConvolveCommand<T extends RealType<T>, K extends RealType<K>> extends FilterCommand<T> implements
	StridedOutput
{

	@Parameter(label = "kernel (rows separated by ;)", description = "numbers row by row, e.g. 1 2 1; 2 4 2; 1 2 1")
	private String kernel = "0 -1 0; -1 5 -1; 0 -1 0";

	@Parameter(label = "kernelimage (instead of the rows)", required = false,
		description = "a 2D image whose pixels are the kernel; when given, the kernel rows are ignored")
	private RandomAccessibleInterval<K> kernelimage;

	@Parameter(label = "normalize (divide by the kernel sum)")
	private boolean normalize = false;

	@Parameter(label = "padding", choices = { "none", "zero", "mirror", "clamp" })
	private String padding = "zero";

	@Parameter(label = "stride", min = "1")
	private int stride = 1;

	@Override
	protected void execute() {
		final Kernel k = kernelimage != null ? Kernel.fromImage(kernelimage) : Kernel.parse(kernel);
		output = Filters.convolve(input, normalize ? k.normalized() : k, Padding.parse(padding), stride);
	}

	@Override
	public int outputStride() {
		return stride;
	}
}
