package org.convnetij.command.filter;

import java.io.IOException;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.filter.Filters;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/** The normalised cross-correlation map of a template over each plane. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Template Matching", label = "Template Matching", headless = true,
	description = "Normalised cross-correlation of a template at every position")
public class TemplateMatchingCommand<T extends RealType<T>, U extends RealType<U>> extends ConvNetCommand {

	@Parameter(label = "input image")
	private RandomAccessibleInterval<T> input;

	@Parameter(label = "template image")
	private RandomAccessibleInterval<U> template;

	@Parameter(type = ItemIO.OUTPUT)
	private Img<FloatType> output;

	@Override
	protected void execute() throws IOException {
		output = Filters.matchTemplate(input, template);
	}
}
