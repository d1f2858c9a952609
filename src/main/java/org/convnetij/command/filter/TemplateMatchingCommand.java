package org.convnetij.command.filter;

import org.convnetij.filter.Filters;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/** The normalised cross-correlation map of a template over each plane. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Template Matching", label = "Template Matching", headless = true,
	description = "Normalised cross-correlation of a template at every position")
public class TemplateMatchingCommand<T extends RealType<T>, U extends RealType<U>> extends FilterCommand<T> {

	@Parameter(label = "template image")
	private RandomAccessibleInterval<U> template;

	@Override
	protected void execute() {
		output = Filters.matchTemplate(input, template);
	}
}
