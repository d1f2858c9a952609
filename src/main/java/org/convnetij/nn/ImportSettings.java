package org.convnetij.nn;

import java.nio.file.Path;

import org.convnetij.data.Normalization;
import org.convnetij.util.UserInputException;

/**
 * What Import Model imports and how: the source (a TF.js model.json or its folder, a Keras HDF5 weight file, a
 * TensorFlow SavedModel folder, a bioimage.io package; none: the architecture's Keras Applications ImageNet weights),
 * the architecture ({@link #RECOGNISE} to recognise it; {@link #AS_IS} keeps a SavedModel as it is), the input size
 * (0: the source's or the architecture's usual one), the normalisation (null: the source's usual one), the class
 * names of a SavedModel (comma-separated, empty: class_0 ..), its feature tensor ({@link #LIST_LAYERS}: nothing is
 * written, the report lists the graph's tensors), {@code notop} (drop the head for feature use), and the new model
 * folder (required unless the layers are listed). Build with {@link #of(Path, Path)} and the {@code with} methods.
 */
public record ImportSettings(Path source, String architecture, int size, Normalization normalization,
	String classes, String layer, boolean notop, Path output, boolean overwrite)
{

	/** The architecture key that recognises the architecture from the source. */
	public static final String RECOGNISE = "auto";
	/** The architecture key that keeps a SavedModel as it is. */
	public static final String AS_IS = ModelSpec.SAVED_MODEL;
	/** The layer key that lists a SavedModel's tensors instead of importing it. */
	public static final String LIST_LAYERS = "list";

	public ImportSettings {
		if (architecture == null) architecture = "";
		if (classes == null) classes = "";
		layer = layer == null ? "" : layer.trim();
		if (output == null && !layer.equals(LIST_LAYERS)) throw new UserInputException("give the output model folder");
	}

	/** {@code source} into {@code output}, the architecture recognised, everything else the source's. */
	public static ImportSettings of(final Path source, final Path output) {
		return new ImportSettings(source, RECOGNISE, 0, null, "", "", false, output, false);
	}

	public ImportSettings architecture(final String key) {
		return new ImportSettings(source, key, size, normalization, classes, layer, notop, output, overwrite);
	}

	public ImportSettings size(final int pixels) {
		return new ImportSettings(source, architecture, pixels, normalization, classes, layer, notop, output, overwrite);
	}

	public ImportSettings normalization(final Normalization n) {
		return new ImportSettings(source, architecture, size, n, classes, layer, notop, output, overwrite);
	}

	public ImportSettings classes(final String names) {
		return new ImportSettings(source, architecture, size, normalization, names, layer, notop, output, overwrite);
	}

	public ImportSettings layer(final String tensor) {
		return new ImportSettings(source, architecture, size, normalization, classes, tensor, notop, output, overwrite);
	}

	public ImportSettings notop(final boolean on) {
		return new ImportSettings(source, architecture, size, normalization, classes, layer, on, output, overwrite);
	}

	public ImportSettings overwrite(final boolean on) {
		return new ImportSettings(source, architecture, size, normalization, classes, layer, notop, output, on);
	}

	/** What was imported: the folder (null when only listed), its spec (null for a SavedModel kept as it is). */
	public record Result(Path folder, ModelSpec spec, String summary) {}
}
