package org.convnetij.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.convnetij.data.LabelledImages;
import org.convnetij.util.Progress;
import org.convnetij.nn.TransferSettings;
import org.convnetij.nn.Network;

/**
 * Strategy 1 of transfer learning: the features of the training and validation images at one layer of a
 * pretrained network (cached in its folder), the softmax head trained on them, and the cache used.
 */
public record HeadTraining(float[][] xTrain, float[][] xVal, SoftmaxHead head, FeatureCache cache) {

	/**
	 * Where the features come from: a layer of a network (4-D layers averaged over a grid x grid split, 1: over all
	 * of height and width), cached in the pretrained model's folder.
	 */
	public record Source(Network network, String layer, Path pretrained, int grid) {

		public Source(final Network network, final String layer, final Path pretrained) {
			this(network, layer, pretrained, 1);
		}
	}

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
		final float[][] xTrain = features(source.network(), layer, source.grid(), training, cache);
		final float[][] xVal = validation == null ? null : features(source.network(), layer, source.grid(), validation,
			cache);
		cache.save();
		final SoftmaxHead head = SoftmaxHead.train(xTrain, training.labels(), training.classCount(), options.epochs(),
			options.rate(), 1e-4, options.seed(), progress);
		return new HeadTraining(xTrain, xVal, head, cache);
	}

	/**
	 * The features of every image at {@code layer}, 4-D outputs averaged over height and width; images that came from
	 * files are looked up in and added to the cache.
	 */
	public static float[][] features(final Network m, final String layer, final LabelledImages data, final FeatureCache cache)
		throws IOException
	{
		return features(m, layer, 1, data, cache);
	}

	/**
	 * The features of every image at {@code layer}, 4-D outputs averaged over the cells of a {@code grid} x
	 * {@code grid} split ({@link LayerFeatures}); images that came from files are looked up in and added to the cache
	 * (under the layer and grid).
	 */
	public static float[][] features(final Network m, final String layer, final int grid, final LabelledImages data,
		final FeatureCache cache) throws IOException
	{
		final LayerFeatures network = new LayerFeatures(m, layer, grid);
		final String key = network.layer();
		final float[][] out = new float[data.size()][];
		final List<Integer> todo = new ArrayList<>();
		for (int i = 0; i < data.size(); i++) {
			final Path file = file(data.source(i));
			if (file != null) out[i] = cache.get(file, key);
			if (out[i] == null) todo.add(i);
		}
		final int len = data.shape().length();
		// flat outputs as they are, 4-D ones averaged over height and width (or grid cells)
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
				if (file != null) cache.put(file, key, out[i]);
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
