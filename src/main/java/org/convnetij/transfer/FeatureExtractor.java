package org.convnetij.transfer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.convnetij.data.ImageConversion;
import org.convnetij.data.ImageReader;
import org.convnetij.data.RawImage;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;

/**
 * Features of image files through a {@link FeatureNetwork}, batched, with a {@link FeatureCache}: files whose
 * features are cached (same path, modification time, size and layer) are not read or computed again. Images are
 * converted as the network needs (resized bilinearly; a gray image into an RGB network gets its value copied into
 * R, G and B, which {@link #notes()} says once).
 */
public final class FeatureExtractor {

	private static final int BATCH = 16;

	private final FeatureNetwork network;
	private final FeatureCache cache;
	private final ImageReader reader;
	private final List<String> notes = new ArrayList<>();
	private int computed;

	public FeatureExtractor(final FeatureNetwork network, final FeatureCache cache, final ImageReader reader) {
		this.network = network;
		this.cache = cache;
		this.reader = reader;
	}

	/** One row per file, in order: {@code featureLength()} values each. */
	public float[][] extract(final List<Path> files, final Progress progress) throws IOException {
		final float[][] out = new float[files.size()][];
		final List<Integer> todo = new ArrayList<>();
		for (int i = 0; i < files.size(); i++) {
			out[i] = cache.get(files.get(i), network.layer());
			if (out[i] == null) todo.add(i);
		}
		final InputShape shape = network.inputShape();
		final int len = shape.length();
		for (int start = 0; start < todo.size(); start += BATCH) {
			if (progress.isCanceled()) throw new UserInputException("feature extraction canceled");
			final int n = Math.min(BATCH, todo.size() - start);
			final float[] batch = new float[n * len];
			for (int b = 0; b < n; b++) {
				final Path file = files.get(todo.get(start + b));
				final RawImage raw;
				try {
					raw = reader.read(file);
				}
				catch (final IOException e) {
					throw new UserInputException("cannot read the image '" + file + "': " + e.getMessage(), e);
				}
				noteChannels(raw.channels(), shape.channels());
				System.arraycopy(ImageConversion.toInput(raw, shape, network.normalization()), 0, batch, b * len, len);
			}
			final float[] f = network.features(batch, n);
			final int fl = network.featureLength();
			for (int b = 0; b < n; b++) {
				final int i = todo.get(start + b);
				out[i] = java.util.Arrays.copyOfRange(f, b * fl, (b + 1) * fl);
				cache.put(files.get(i), network.layer(), out[i]);
			}
			computed += n;
			progress.update(start + n, todo.size());
		}
		cache.save();
		return out;
	}

	private void noteChannels(final int from, final int to) {
		final String note = from == 1 && to == 3 ? "gray images given to an RGB network: the gray value is copied into " +
			"R, G and B" : from == 3 && to == 1 ? "RGB images given to a gray network: converted to luminance" : null;
		if (note != null && !notes.contains(note)) notes.add(note);
	}

	/** What was converted on the way (each said once), e.g. gray images replicated into RGB. */
	public List<String> notes() {
		return List.copyOf(notes);
	}

	/** Images run through the network by this extractor (the others came from the cache). */
	public int computed() {
		return computed;
	}

	public FeatureCache cache() {
		return cache;
	}
}
