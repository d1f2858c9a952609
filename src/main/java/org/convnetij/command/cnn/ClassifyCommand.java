package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.data.RawImage;
import org.convnetij.nn.ModelSpec;
import org.convnetij.util.TempPaths;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.Cnn;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * Classifies every image of a folder, an image file, or an open image (each slice of a stack) with a model folder:
 * a CSV table with the file (or slice), the predicted class and one probability column per class.
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Classify", label = "Classify", headless = true,
	description = "Class probabilities of an image, its slices, or a folder of images")
public class ClassifyCommand<T extends RealType<T>> extends ConvNetCommand {

	@Parameter(required = false)
	private StatusService statusService;

	@Parameter(label = "model (model folder)", style = "directory")
	private File model;

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
		if (model == null) throw new UserInputException("model is missing: give a model folder");
		final StatusProgress progress = new StatusProgress(statusService, this::isCanceled);
		final Cnn.Classification c;
		final String in = input == null ? "" : input.trim();
		if (!in.isEmpty()) {
			c = Cnn.classifyPath(model.toPath(), Path.of(in), progress);
		}
		else {
			if (image == null) {
				throw new UserInputException("nothing to classify: give input=<folder or image file> or an image");
			}
			final List<RawImage> images = Cnn.images(image, ModelSpec.read(model.toPath()).input().channels());
			final List<String> names = new ArrayList<>();
			for (int i = 1; i <= images.size(); i++) names.add(images.size() == 1 ? "image" : "slice " + i);
			c = Cnn.classify(model.toPath(), names, images, progress);
		}
		table = c.csv();
		skipped = String.join("\n", c.skipped());
		notes = c.notes().isEmpty() ? null : String.join("\n", c.notes());
		if (output != null) {
			final Path file = output.toPath();
			final Path temp = TempPaths.newFile(file.toAbsolutePath().getParent(), ".classify", ".csv.tmp");
			Files.writeString(temp, table, StandardCharsets.UTF_8);
			Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
	}
}
