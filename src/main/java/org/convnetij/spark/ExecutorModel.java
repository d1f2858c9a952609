package org.convnetij.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.convnetij.data.ImageConversion;
import org.convnetij.data.InputFit;
import org.convnetij.data.InputShape;
import org.convnetij.data.RawImage;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.transfer.LayerFeatures;
import org.convnetij.transfer.ProbabilityMaps;
import org.convnetij.transfer.WindowClassifier;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.Cnn;

/**
 * The seam between the Spark jobs and the model boundary: a model folder loaded once per JVM (an executor, or the
 * driver in local mode) through {@link Networks}, shared by the tasks that run in it and closed when the JVM ends,
 * turning a batch of decoded images into probability rows, feature rows or probability maps with the same
 * conversions as the single-machine Classify, Extract Features and Probability Map. The only class of the Spark
 * jobs that names the model API.
 * <p>
 * A {@link Network} is not thread-safe: the tasks of an executor take turns for its calls (each call uses the
 * executor's cores itself), while they read and decode their images in parallel.
 */
final class ExecutorModel {

	private static final Map<String, ExecutorModel> LOADED = new ConcurrentHashMap<>();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModel::closeAll, "convnet-spark-models"));
	}

	private final Path folder;
	private final ModelSpec spec;
	private final Network model;
	private final InputShape shape;

	private ExecutorModel(final Path folder) throws IOException {
		this.folder = folder;
		this.spec = ModelSpec.read(folder);
		this.model = Networks.load(folder);
		this.shape = spec.input();
	}

	/** The model of {@code folder}, loaded by the first task of this JVM that asks, then reused. */
	static ExecutorModel of(final Path folder) {
		return LOADED.computeIfAbsent(folder.toAbsolutePath().normalize().toString(), k -> {
			try {
				return new ExecutorModel(Path.of(k));
			}
			catch (final IOException e) {
				throw new UserInputException("cannot load the model " + k + ": " + e.getMessage(), e);
			}
		});
	}

	/** Models loaded in this JVM (a test sees that tasks reuse one). */
	static int loadedCount() {
		return LOADED.size();
	}

	private static void closeAll() {
		for (final ExecutorModel m : LOADED.values()) {
			synchronized (m.model) {
				m.model.close();
			}
		}
		LOADED.clear();
	}

	/** Checks a model folder on the driver before any task runs: what a classifier job needs. */
	static List<String> requireClassifier(final Path folder) throws IOException {
		final ModelSpec spec = ModelSpec.read(folder);
		spec.requireClassifier(folder);
		return spec.classes();
	}

	List<String> classes() {
		return spec.classes();
	}

	/** A fresh input check per batch (it collects notes, and tasks run concurrently). */
	InputFit fit() {
		return Cnn.fit(folder, spec);
	}

	/** Class probabilities of images already fitted ({@link #fit()}), in one call of the network. */
	float[][] classify(final List<RawImage> fitted) {
		final int len = shape.length();
		final float[] batch = new float[fitted.size() * len];
		for (int i = 0; i < fitted.size(); i++) {
			System.arraycopy(ImageConversion.toInput(fitted.get(i), shape, spec.normalization()), 0, batch, i * len, len);
		}
		synchronized (model) {
			return model.predict(batch, fitted.size());
		}
	}

	/** The features of {@code layer} (Extract Features' layer key; empty: the feature layer), {@code grid} cells. */
	Features features(final String layer, final int grid) {
		synchronized (model) {
			final String name = LayerFeatures.resolve(model, layer);
			return new Features(name, new LayerFeatures(model, name, grid));
		}
	}

	/** A feature layer of the model: its name, values per image, and the values of a batch. */
	final class Features {

		private final String layer;
		private final LayerFeatures net;

		private Features(final String layer, final LayerFeatures net) {
			this.layer = layer;
			this.net = net;
		}

		String layer() {
			return layer;
		}

		int length() {
			return net.featureLength();
		}

		/** One row per image, as Extract Features converts them (no input check: any size, gray or RGB). */
		float[][] of(final List<RawImage> images) {
			final int len = shape.length(), fl = net.featureLength();
			final float[] batch = new float[images.size() * len];
			for (int i = 0; i < images.size(); i++) {
				System.arraycopy(ImageConversion.toInput(images.get(i), shape, spec.normalization()), 0, batch, i * len,
					len);
			}
			final float[] f;
			synchronized (model) {
				f = net.features(batch, images.size());
			}
			final float[][] out = new float[images.size()][];
			for (int i = 0; i < out.length; i++) out[i] = java.util.Arrays.copyOfRange(f, i * fl, (i + 1) * fl);
			return out;
		}
	}

	/** One map per class at the image's size ({@code window} 0: the model's input size), as Probability Map. */
	float[][] probabilityMap(final RawImage fitted, final int window, final int stride) {
		final int size = window <= 0 ? Math.min(shape.width(), Math.min(fitted.width(), fitted.height())) : window;
		final int n = spec.classes().size();
		return ProbabilityMaps.compute(fitted, size, stride, new WindowClassifier() {

			@Override
			public InputShape inputShape() {
				return shape;
			}

			@Override
			public org.convnetij.data.Normalization normalization() {
				return spec.normalization();
			}

			@Override
			public int classCount() {
				return n;
			}

			@Override
			public float[][] predict(final float[] nhwc, final int count) {
				synchronized (model) {
					return model.predict(nhwc, count);
				}
			}
		}, Progress.NONE);
	}
}
