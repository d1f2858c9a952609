package org.convnetij.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.convnetij.data.InputShape;

/**
 * A loaded model: what convnet.json says ({@link #spec()}), class probabilities and features of image batches,
 * the weights by Keras name, the primitives that the one training loop drives ({@link #prepareTraining}), and
 * saving into a model folder. An engine implements it ({@link NetworkEngine}, reached through {@link Networks});
 * no engine type appears here. Images are given as one NHWC float array of {@code n} images, normalised as
 * {@link ModelSpec#normalization()} says. Not thread-safe; close it to free the engine's native resources.
 */
public interface Network extends AutoCloseable {

	/** What convnet.json says: classes, normalisation, input, training settings and history. */
	ModelSpec spec();

	/** Replaces the spec (history, training settings, classes); it must describe the same weights. */
	void setSpec(ModelSpec spec);

	/** Width, height and channels of the input. */
	default InputShape input() {
		return spec().input();
	}

	/** Class names in output order. */
	default List<String> classes() {
		return spec().classes();
	}

	/** True when this is a SavedModel kept as it is: it predicts and gives features, and has no layers of ours. */
	boolean isSavedModel();

	/** The network definition (layers of ours); a SavedModel kept as it is has none and refuses. */
	Model model();

	/** Class probabilities of {@code n} images: {@code n} rows of one value per class. */
	float[][] predict(float[] nhwc, int n);

	/**
	 * The output of layer {@code layer} (a layer name, or a tensor of a SavedModel) for {@code n} images, as one
	 * array of {@code n} blocks of {@link #outputShape(String)}{@code .size()} values, height, width, channel.
	 */
	float[] features(String layer, float[] nhwc, int n);

	/** The output shape of a layer (W x H x D or flat). */
	Shape outputShape(String layer);

	/** Every weight by Keras name ("block1_conv1/kernel"), in model order (copies). */
	Map<String, float[]> weights();

	/** The weight shapes by Keras name (Keras layout), in model order. */
	Map<String, int[]> weightShapes();

	/**
	 * Sets the given weights (any subset, by Keras name); an unknown name or a wrong count sets nothing and the
	 * message lists them. Returns the weights that were not given.
	 */
	List<String> setWeights(Map<String, float[]> values);

	/** Sets every weight; the message lists missing, unknown and mismatched names. */
	void setAllWeights(Map<String, float[]> values);

	/**
	 * Adds the training pass and the optimizer once (a later call with another setup is refused) and returns the
	 * step that the training loop calls per batch.
	 */
	TrainingSteps prepareTraining(TrainingSetup setup);

	/**
	 * Saves the model folder (convnet.json, weights, what the engine needs to load it again and to hand it to other
	 * tools) through a temporary folder, so that a reader never sees half a model; an existing folder is refused
	 * unless {@code overwrite}, and then only an empty one or a model folder.
	 */
	void save(Path folder, boolean overwrite) throws IOException;

	/** Saves into a new folder; refuses one that exists. */
	default void save(final Path folder) throws IOException {
		save(folder, false);
	}

	/**
	 * Writes convnet.json, {@code weights} (the model's own when null) and the optimizer state into the existing
	 * folder {@code folder} (a checkpoint of the training loop); {@code complete} adds what other tools read (the
	 * engine's exchange format), which checkpoints leave out for speed.
	 */
	void writeInto(Path folder, Map<String, float[]> weights, boolean complete) throws IOException;

	@Override
	void close();

	/** The training primitive of a prepared network. */
	interface TrainingSteps {

		/** One optimisation step on a batch; returns {loss, correct count} of the batch (before the step). */
		double[] step(float[] nhwc, float[] oneHot, int n);

		/** How many optimizer variables the training took from the state saved with the model (0: none). */
		int restoredOptimizerVariables();

		/** What is trained and what stays frozen, in words, where the engine decides it; else empty. */
		default String describe() {
			return "";
		}
	}
}
