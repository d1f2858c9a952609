package org.convnetij.nn;

import java.nio.file.Path;
import java.util.List;

/**
 * A model folder leaving as a bioimage.io package (a .zip, spec 0.5): the folder, a test image (a file, or a folder
 * whose first image is taken; null: none), what the package says besides the model, the package file.
 */
public record PackageExport(Path model, Path image, Metadata metadata, Path output, boolean overwrite) {

	/** What the package says besides the model: the spec's metadata. */
	public record Metadata(String name, String description, List<String> authors, String license, String cite,
		List<String> tags) {}

	/** What was written. */
	public record Result(Path output, float[] testOutput, String summary) {}
}
