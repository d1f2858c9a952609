package org.convnetij.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.convnetij.data.LabelledImages;
import org.convnetij.data.Normalization;
import org.convnetij.nn.Architecture;
import org.convnetij.nn.ConvPattern;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.nn.TransferSettings;
import org.convnetij.transfer.FeatureCache;
import org.convnetij.transfer.LayerFeatures;
import org.convnetij.transfer.SoftmaxHead;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;

/**
 * Strategy 1 of transfer learning: the features of the training and validation images at one layer of a
 * pretrained network (cached in its folder), the softmax head trained on them, and the cache used. The head is a
 * small network of our layers (INPUT -> FC with softmax, {@link ConvPattern#linear()}) on the standardised
 * features, trained by {@link Trainer#fit} like every network, then folded into one Dense layer on the raw features.
 */
public record HeadTraining(float[][] xTrain, float[][] xVal, SoftmaxHead head, FeatureCache cache) {

	/** Where the features come from: a layer of a network, cached in the pretrained model's folder. */
	public record Source(Network network, String layer, Path pretrained) {}

	/** How the head trains: epochs, Adam's rate, the L2 weight on the kernel (as Keras's), the seed. */
	public record Options(int epochs, double rate, double l2, long seed) {}

	/** The head's L2 weight in transfer learning. */
	static final double L2 = 1e-4;
	/** The head's batch size. */
	static final int BATCH = 32;

	/**
	 * The features at the source's layer and a softmax head trained on them (L2 1e-4, the settings' epochs, rate and
	 * seed); {@code validation} may be null.
	 */
	public static HeadTraining train(final Source source, final LabelledImages training,
		final LabelledImages validation, final TransferSettings options, final Progress progress) throws IOException
	{
		final String layer = source.layer();
		progress.status("features at " + layer + " of " + training.size() + " images");
		final FeatureCache cache = FeatureCache.open(source.pretrained().resolve(FeatureCache.FILE_NAME));
		final float[][] xTrain = features(source.network(), layer, training, cache);
		final float[][] xVal = validation == null ? null : features(source.network(), layer, validation, cache);
		cache.save();
		final SoftmaxHead head = fit(xTrain, training.labels(), training.classCount(), new Options(options.epochs(),
			options.rate(), L2, options.seed()), progress);
		return new HeadTraining(xTrain, xVal, head, cache);
	}

	/**
	 * A softmax head trained on {@code x} (one row of features per image) with {@code labels} in 0..classes-1.
	 * Features are centred (mean 0 per feature) and scaled by one common factor (their root mean variance) for
	 * training, and this is folded into the result, so that the head is one Dense layer with softmax on the raw
	 * features. Adam, mini-batches of {@value #BATCH} shuffled by the seed, weights starting at zero: the same
	 * features, labels, options and seed give the same head. Cancelling ends with a message.
	 */
	public static SoftmaxHead fit(final float[][] x, final int[] labels, final int classes, final Options options,
		final Progress progress) throws IOException
	{
		if (x.length == 0) throw new UserInputException("no images to train the head on");
		if (x.length != labels.length) throw new IllegalArgumentException(x.length + " rows, " + labels.length + " labels");
		final int d = x[0].length;
		final double[] mean = new double[d];
		for (final float[] row : x) for (int j = 0; j < d; j++) mean[j] += row[j];
		for (int j = 0; j < d; j++) mean[j] /= x.length;
		// one scale for all features (their root mean variance), not one per feature: a feature that barely varies
		// would get a huge weight, and fine-tuning the network below the head would then blow up its outputs
		double variance = 0;
		for (final float[] row : x) for (int j = 0; j < d; j++) variance += (row[j] - mean[j]) * (row[j] - mean[j]);
		final double scale = Math.max(Math.sqrt(variance / x.length / d), 1e-6);
		final List<float[]> z = new ArrayList<>();
		final List<String> sources = new ArrayList<>();
		for (int i = 0; i < x.length; i++) {
			final float[] zi = new float[d];
			for (int j = 0; j < d; j++) zi[j] = (float) ((x[i][j] - mean[j]) / scale);
			z.add(zi);
			sources.add("features#" + i);
		}
		final List<String> names = new ArrayList<>();
		for (int c = 0; c < classes; c++) names.add("class_" + c);
		final LabelledImages rows = new LabelledImages(InputShape.of(d, 1, 1), names, Normalization.none(), z, labels,
			sources);
		final ModelSpec spec = ModelSpec.of(Architecture.CUSTOM, InputShape.of(d, 1, 1)).pattern(
			ConvPattern.linear()).classes(names).normalization(Normalization.none());
		try (Network head = Networks.create(spec, options.seed())) {
			final java.util.Map<String, float[]> zeros = new java.util.LinkedHashMap<>();
			for (final java.util.Map.Entry<String, int[]> w : head.weightShapes().entrySet()) {
				int n = 1;
				for (final int k : w.getValue()) n *= k;
				zeros.put(w.getKey(), new float[n]);
			}
			head.setAllWeights(zeros);
			final TrainingResult r = Trainer.fit(head, rows, null, TrainOptions.builder().epochs(options.epochs())
				.batchSize(BATCH).optimizer("adam").learningRate(options.rate()).l2(options.l2()).validationFraction(0)
				.seed(options.seed()).build(), progress);
			if (r.stop() == TrainingResult.Stop.CANCELED) throw new UserInputException("training canceled");
			if (r.stop() == TrainingResult.Stop.NAN_LOSS) throw new UserInputException(r.message());
			final float[] w = head.weights().get("predictions/kernel"), b = head.weights().get("predictions/bias");
			// fold the standardisation in: w'_jc = w_jc / scale, b'_c = b_c - sum_j mean_j w_jc / scale
			final float[] kernel = new float[w.length];
			final float[] bias = new float[classes];
			for (int c = 0; c < classes; c++) {
				double bc = b[c];
				for (int j = 0; j < d; j++) {
					final double wf = w[j * classes + c] / scale;
					kernel[j * classes + c] = (float) wf;
					bc -= mean[j] * wf;
				}
				bias[c] = (float) bc;
			}
			return SoftmaxHead.of(kernel, bias, r.last().loss());
		}
	}

	/**
	 * The features of every image at {@code layer}, 4-D outputs averaged over height and width; images that came from
	 * files are looked up in and added to the cache.
	 */
	public static float[][] features(final Network m, final String layer, final LabelledImages data, final FeatureCache cache)
		throws IOException
	{
		final float[][] out = new float[data.size()][];
		final List<Integer> todo = new ArrayList<>();
		for (int i = 0; i < data.size(); i++) {
			final Path file = file(data.source(i));
			if (file != null) out[i] = cache.get(file, layer);
			if (out[i] == null) todo.add(i);
		}
		final int len = data.shape().length();
		// flat outputs as they are, 4-D ones averaged over height and width
		final LayerFeatures network = new LayerFeatures(m, layer);
		final int length = network.featureLength();
		for (int start = 0; start < todo.size(); start += 32) {
			final int n = Math.min(32, todo.size() - start);
			final float[] batch = new float[n * len];
			for (int b = 0; b < n; b++) System.arraycopy(data.pixels(todo.get(start + b)), 0, batch, b * len, len);
			final float[] f = network.features(batch, n);
			for (int b = 0; b < n; b++) {
				final int i = todo.get(start + b);
				out[i] = java.util.Arrays.copyOfRange(f, b * length, (b + 1) * length);
				final Path file = file(data.source(i));
				if (file != null) cache.put(file, layer, out[i]);
			}
		}
		return out;
	}

	private static Path file(final String source) {
		try {
			final Path p = Path.of(source);
			return Files.isRegularFile(p) ? p : null;
		}
		catch (final InvalidPathException e) {
			return null;
		}
	}

}
