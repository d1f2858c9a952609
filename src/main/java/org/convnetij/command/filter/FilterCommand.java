package org.convnetij.command.filter;

import org.convnetij.command.ConvNetCommand;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * A filter command: the input image first in its dialog, a 32-bit image out. SciJava lists a superclass's parameters
 * before the command's own, so the parameters that follow a command's own (padding, stride) stay in the command;
 * padding's choices are {@link org.convnetij.filter.Padding#keys()} (ParameterGroupsTest checks every command).
 */
public abstract class FilterCommand<T extends RealType<T>> extends ConvNetCommand {

	@Parameter(label = "input image")
	protected RandomAccessibleInterval<T> input;

	@Parameter(type = ItemIO.OUTPUT)
	protected Img<FloatType> output;
}
