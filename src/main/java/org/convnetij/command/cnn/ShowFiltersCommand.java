package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.Cnn;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

/** The kernels of a convolution layer of a model folder as a montage (one column per filter, one row per channel). */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Show Filters", label = "Show Filters",
	headless = true, description = "Kernels of a convolution layer as a montage")
public class ShowFiltersCommand extends ConvNetCommand {

	@Parameter(label = "model (model folder)", style = "directory")
	private File model;

	@Parameter(label = "layer (a Conv2D or DepthwiseConv2D name; empty = the first)", required = false)
	private String layer = "";

	@Parameter(type = ItemIO.OUTPUT)
	private Img<FloatType> filters;

	@Override
	protected void execute() throws IOException {
		if (model == null) throw new UserInputException("model is missing: give a model folder");
		final Cnn.Plane p = Cnn.filters(model.toPath(), layer);
		filters = ArrayImgs.floats(p.pixels(), p.width(), p.height());
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "cannot read the model: " + e.getMessage();
	}
}
