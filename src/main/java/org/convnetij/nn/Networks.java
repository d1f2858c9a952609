package org.convnetij.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import org.convnetij.util.CheckLine;
import org.convnetij.util.UserInputException;

/**
 * The static facade over the network engine: {@code Network net = Networks.create(spec, seed)},
 * {@code Networks.load(folder)}. The engine is found once with
 * {@code ServiceLoader.load(NetworkEngine.class, EngineLoader.tensorflow())}.
 */
public final class Networks {

	/**
	 * Largest batch an engine feeds at once for predictions and features: 64, or the system property
	 * {@code convnet.inference.batch} (smaller batches need less memory for large networks and images; results agree
	 * within float rounding).
	 */
	public static final int INFERENCE_BATCH = inferenceBatch();

	private static volatile NetworkEngine engine;

	private Networks() {}

	private static int inferenceBatch() {
		final Integer given = Integer.getInteger("convnet.inference.batch");
		return given != null && given > 0 ? given : 64;
	}

	/** The engine; the message says what is missing when there is none. */
	public static NetworkEngine engine() {
		NetworkEngine e = engine;
		if (e != null) return e;
		synchronized (Networks.class) {
			if (engine == null) engine = find();
			return engine;
		}
	}

	private static NetworkEngine find() {
		try {
			final Iterator<NetworkEngine> it = ServiceLoader.load(NetworkEngine.class, EngineLoader.tensorflow())
				.iterator();
			if (it.hasNext()) return it.next();
		}
		catch (final ServiceConfigurationError | LinkageError e) {
			throw new UserInputException("the network engine (TensorFlow) cannot be loaded: " + e.getMessage() +
				"; run Plugins > ConvNet > System Check", e);
		}
		throw new UserInputException("no network engine (TensorFlow) is installed: CNN commands need ConvNet-IJ's " +
			"TensorFlow jars; run Plugins > ConvNet > System Check");
	}

	/** The engine's System Check lines, or one problem line when no engine can be loaded. */
	public static List<CheckLine> check() {
		try {
			return engine().check();
		}
		catch (final UserInputException e) {
			return List.of(CheckLine.problem("TensorFlow", e.getMessage(), "install ConvNet-IJ with its TensorFlow jars"));
		}
	}

	/** A new network as {@code spec} describes it ({@link ModelSpec#buildModel()}), weights from the seed. */
	public static Network create(final ModelSpec spec, final long seed) {
		return engine().create(spec.buildModel(), spec, seed);
	}

	/** A new network of {@code model}'s layers, described by {@code spec}, weights from the seed. */
	public static Network create(final Model model, final ModelSpec spec, final long seed) {
		return engine().create(model, spec, seed);
	}

	/** Loads a model folder (or its convnet.json). */
	public static Network load(final Path folder) throws IOException {
		return engine().load(folder);
	}
}
