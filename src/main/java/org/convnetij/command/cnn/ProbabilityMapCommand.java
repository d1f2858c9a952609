package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.data.RawImage;
import org.convnetij.nn.ModelSpec;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.Cnn;
import org.convnetij.workflow.ProbabilityMap;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Slides a model's classifier over a large image: windows of {@code window} pixels every {@code stride} pixels, each
 * classified; the output stack has one probability map per class (mean over the windows covering each pixel), at
 * the image's size.
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Probability Map", label = "Probability Map",
	headless = true, description = "Class probability maps of a large image by sliding a model's classifier")
public class ProbabilityMapCommand<T extends RealType<T>> extends ConvNetCommand {

	@Parameter(required = false)
	private StatusService statusService;

	@Parameter(label = "model (model folder with a classifier)", style = "directory")
	private File model;

	@Parameter(label = "input image")
	private RandomAccessibleInterval<T> input;

	@Parameter(label = "window (width and height in pixels; 0 = the model's input size)", min = "0", attrs = @Attr(
		name = "oldkey", value = "size"))
	private int window = 0;

	@Parameter(label = "stride (pixels between windows)", min = "1")
	private int stride = 16;

	@Parameter(type = ItemIO.OUTPUT)
	private Img<FloatType> output;

	/** Class names in the order of the output's planes. */
	@Parameter(type = ItemIO.OUTPUT)
	private String classes;

	@Override
	protected void execute() throws IOException {
		if (model == null) throw new UserInputException("give the model folder");
		final List<RawImage> images = Cnn.images(input, ModelSpec.read(model.toPath()).input().channels());
		if (images.size() != 1) {
			throw new UserInputException("the map needs one 2D image (gray or RGB), not a stack of " + images
				.size() + ": duplicate the slice to map (Image > Duplicate)");
		}
		final RawImage image = images.get(0);
		final List<String> names = new ArrayList<>();
		final float[][] maps = ProbabilityMap.compute(model.toPath(), image, new ProbabilityMap.Window(window, stride), names, new StatusProgress(statusService, this::isCanceled));
		output = ProbabilityMap.stack(maps, image.width(), image.height());
		classes = String.join(",", names);
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "cannot compute the probability map: " + e.getMessage();
	}
}
