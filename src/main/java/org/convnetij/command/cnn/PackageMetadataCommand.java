package org.convnetij.command.cnn;

import java.util.Arrays;
import java.util.List;

import org.convnetij.nn.PackageExport;
import org.scijava.plugin.Parameter;

/** The metadata group of Export Model: what the bioimage.io package says about the model. */
abstract class PackageMetadataCommand extends ModelCommand {

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

	/** The package's metadata from these inputs. */
	protected PackageExport.Metadata metadata() {
		return new PackageExport.Metadata(name, description, list(authors), license, cite, list(tags));
	}

	private static List<String> list(final String commaSeparated) {
		return commaSeparated == null ? List.of() : Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(
			s -> !s.isEmpty()).toList();
	}
}
