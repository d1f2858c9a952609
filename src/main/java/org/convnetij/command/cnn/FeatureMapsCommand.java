package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;
import java.util.List;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.data.RawImage;
import org.convnetij.nn.ModelSpec;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.Cnn;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/** The activations of a layer for an image: a stack of width x height maps, one slice per channel. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Feature Maps", label = "Feature Maps",
	headless = true, description = "Activations of a layer of a model for an image, as a stack")
public class FeatureMapsCommand<T extends RealType<T>> extends ConvNetCommand {

	@Parameter(label = "model (model folder)", style = "directory")
	private File model;

	@Parameter(label = "layer (layer name; empty = the model's feature layer)", required = false)
	private String layer = "";

	@Parameter(label = "input image (the first slice of a stack)")
	private RandomAccessibleInterval<T> input;

	@Parameter(type = ItemIO.OUTPUT)
	private Img<FloatType> maps;

	@Override
	protected void execute() throws IOException {
		if (model == null) throw new UserInputException("model is missing: give a model folder");
		final List<RawImage> images = Cnn.images(input, ModelSpec.read(model.toPath()).input().channels());
		final Cnn.Maps m = Cnn.featureMaps(model.toPath(), layer, images.get(0));
		maps = ArrayImgs.floats(m.pixels(), m.width(), m.height(), m.depth());
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "cannot read the model: " + e.getMessage();
	}
}
