package org.convnetij.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.convnetij.util.CheckLine;
import org.convnetij.util.Progress;

/**
 * A network engine (service-provider interface): makes and loads {@link Network}s. Found with
 * {@code ServiceLoader.load(NetworkEngine.class, EngineLoader.tensorflow())} and registered in
 * {@code META-INF/services/org.convnetij.nn.NetworkEngine}; reach it through {@link Networks}.
 */
public interface NetworkEngine {

	/** A short name for reports ("TensorFlow 2.x"). */
	String name();

	/**
	 * A new network of {@code model}'s layers, weights initialised from the seed. {@code spec} must describe the same
	 * weights (its {@link ModelSpec#buildModel()}), so that the saved folder loads again.
	 */
	Network create(Model model, ModelSpec spec, long seed);

	/** Loads a model folder (or its convnet.json); the message names the folder and what is missing. */
	Network load(Path folder) throws IOException;

	/** Imports pretrained weights or another tool's model into a new model folder (see {@link ImportSettings}). */
	ImportSettings.Result importModel(ImportSettings settings, Progress progress) throws IOException;

	/** Writes a model folder as a bioimage.io package. */
	PackageExport.Result exportPackage(PackageExport export) throws IOException;

	/**
	 * Puts a new classifier head on a tensor of a SavedModel kept as it is ({@code network}, as {@link #load} gives
	 * it): the same network then predicts {@code classes}, the training loop fine-tunes it (the head with the
	 * SavedModel's top variables, {@link TrainingSetup#freezeUpTo()}), and {@link Network#save} writes a folder that
	 * keeps the SavedModel with the head.
	 */
	Network withNewHead(Network network, TransferSettings.Head head, List<String> classes);

	/** The engine's lines of System Check: library, natives, devices, a tiny run. */
	List<CheckLine> check();

	/**
	 * The training speed of the engine's bare loop on {@code network}'s training graph (prepared with
	 * {@code setup}), in images per second: the batches become the engine's tensors once, then {@code steps} steps
	 * feed them in turn with nothing else in the loop. A measured primitive for the training benchmark.
	 */
	double bareTrainingSpeed(Network network, TrainingSetup setup, BareBatches batches, int steps);

	/** Batches of the same size for {@link #bareTrainingSpeed}: images (NHWC) and one-hot labels, one array each. */
	record BareBatches(List<float[]> images, List<float[]> oneHots, int batchSize) {

		public BareBatches {
			images = List.copyOf(images);
			oneHots = List.copyOf(oneHots);
		}
	}
}
