package org.convnetij.command.cnn;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.nn.PackageExport;
import org.convnetij.workflow.ModelExchange;
import org.convnetij.util.UserInputException;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * A model folder as a bioimage.io model package (.zip, spec 0.5) for the Model Zoo, DeepImageJ, ilastik, QuPath
 * and BiaPy ({@link ModelZooExport}).
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>CNN>Export Model", label = "Export Model",
	headless = true, description = "A model folder as a bioimage.io model package (.zip)")
public class ExportModelCommand extends ConvNetCommand {

	@Parameter(label = "model (model folder)", style = "directory")
	private File model;

	@Parameter(label = "input (an image like the model's, or a folder of them: the package's test input and cover)",
		style = "open")
	private File input;

	@Parameter(label = "name (the model's name, 5 to 128 letters, digits, spaces, _ + - ( ); empty = the folder's name)",
		required = false)
	private String name = "";

	@Parameter(label = "description (one or two sentences; empty = what the model classifies)", required = false)
	private String description = "";

	@Parameter(label = "authors (names, comma-separated)")
	private String authors = "";

	@Parameter(label = "license (SPDX identifier of the weights' license)")
	private String license = "CC-BY-4.0";

	@Parameter(label = "cite (a reference ending with its DOI or address, e.g. Smith 2025, " +
		"https://doi.org/10.5281/zenodo.123)")
	private String cite = "";

	@Parameter(label = "tags (comma-separated; convnet-ij, classification, 2d and tensorflow are added)",
		required = false)
	private String tags = "";

	@Parameter(label = "output (package .zip file)", style = "save")
	private File output;

	@Parameter(label = "overwrite (replace an existing package)")
	private boolean overwrite = false;

	@Parameter(type = ItemIO.OUTPUT)
	private String report;

	@Override
	protected void execute() throws IOException {
		if (model == null) throw new UserInputException("give the model folder");
		if (output == null) throw new UserInputException("give the output package (.zip)");
		report = ModelExchange.exportPackage(new PackageExport(model.toPath(), input == null ? null : input.toPath(),
			new PackageExport.Metadata(name, description, list(authors), license, cite, list(tags)), output.toPath(),
			overwrite)).summary();
	}

	@Override
	protected String ioFailure(final IOException e) {
		return "cannot export " + model + " to " + output + ": " + e.getMessage();
	}

	private static List<String> list(final String commaSeparated) {
		return commaSeparated == null ? List.of() : Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(
			s -> !s.isEmpty()).toList();
	}
}
