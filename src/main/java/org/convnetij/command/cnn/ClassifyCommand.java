package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import org.convnetij.data.RawImage;
import org.convnetij.nn.ModelSpec;
import org.convnetij.util.TextFiles;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.Cnn;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/** Class probabilities of every image of a folder, of an image file, or of each slice of an open image, as CSV. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Classify", label = "Classify", headless = true,
	description = "Class probabilities of an image, its slices, or a folder of images")
public class ClassifyCommand<T extends RealType<T>> extends ModelCommand {

	@Parameter(label = "input (a folder of images or an image file; empty = the image below)", required = false)
	private String input = "";

	@Parameter(label = "image (an open image, each slice classified; used when input is empty)", required = false)
	private RandomAccessibleInterval<T> image;

	@Parameter(label = "output (CSV file to write; optional)", required = false, style = "save")
	private File output;

	@Parameter(type = ItemIO.OUTPUT)
	private String table;

	@Parameter(type = ItemIO.OUTPUT)
	private String skipped;

	/** The lossless conversions made (e.g. gray images for an RGB model), each once; null when none. */
	@Parameter(type = ItemIO.OUTPUT)
	private String notes;

	@Override
	protected void execute() throws IOException {
		final Path m = modelFolder();
		final Cnn.Classification c;
		if (input != null && !input.isBlank()) c = Cnn.classifyPath(m, Path.of(input.trim()), progress());
		else if (image == null) throw new UserInputException("nothing to classify: give input=<folder or image file> " +
			"or an image");
		else {
			final List<RawImage> images = Cnn.images(image, ModelSpec.read(m).input().channels());
			c = Cnn.classify(m, IntStream.rangeClosed(1, images.size()).mapToObj(i -> images.size() == 1 ? "image" :
				"slice " + i).toList(), images, progress());
		}
		table = c.csv();
		skipped = String.join("\n", c.skipped());
		notes = c.notes().isEmpty() ? null : String.join("\n", c.notes());
		if (output != null) TextFiles.write(output.toPath(), table);
	}
}
