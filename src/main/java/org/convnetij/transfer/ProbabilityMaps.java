package org.convnetij.transfer;

import java.util.ArrayList;
import java.util.List;

import org.convnetij.data.ImageConversion;
import org.convnetij.data.RawImage;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;

/**
 * Class probability maps of a large image by sliding a classifier over it: square windows of {@code size} pixels,
 * {@code stride} pixels apart (plus a last row and column of windows flush with the right and bottom borders, so
 * every pixel is covered), each window resized to the classifier's input and classified in batches. A pixel's value
 * in the map of class c is the mean probability of c over all windows that contain it; the maps have the image's
 * size, one per class.
 */
public final class ProbabilityMaps {

	private static final int BATCH = 32;

	private ProbabilityMaps() {}

	/** Window origins along one axis: 0, stride, 2 stride, ... and {@code length - size} at the end. */
	static int[] origins(final int length, final int size, final int stride) {
		final List<Integer> out = new ArrayList<>();
		for (int o = 0; o + size <= length; o += stride) out.add(o);
		if (out.get(out.size() - 1) + size < length) out.add(length - size);
		return out.stream().mapToInt(Integer::intValue).toArray();
	}

	/** Number of windows for an image of that size. */
	public static int windowCount(final int width, final int height, final int size, final int stride) {
		check(width, height, size, stride);
		return origins(width, size, stride).length * origins(height, size, stride).length;
	}

	private static void check(final int width, final int height, final int size, final int stride) {
		if (size < 1) throw new UserInputException("size must be at least 1 pixel, not " + size);
		if (stride < 1) throw new UserInputException("stride must be at least 1 pixel, not " + stride);
		if (size > width || size > height) {
			throw new UserInputException("the window size " + size + " is larger than the image (" + width + " x " +
				height + "): choose a size of at most " + Math.min(width, height));
		}
	}

	/** One map per class, each {@code width * height} values row by row. */
	public static float[][] compute(final RawImage image, final int size, final int stride,
		final WindowClassifier classifier, final Progress progress)
	{
		final int w = image.width(), h = image.height(), ch = image.channels();
		check(w, h, size, stride);
		final int[] xs = origins(w, size, stride), ys = origins(h, size, stride);
		final int classes = classifier.classCount();
		final InputShape shape = classifier.inputShape();
		final int len = shape.length();
		final double[][] sum = new double[classes][w * h];
		final int[] count = new int[w * h];
		final int total = xs.length * ys.length;
		final int[] batchX = new int[BATCH], batchY = new int[BATCH];
		final float[] batch = new float[BATCH * len];
		int n = 0, done = 0;
		for (int yi = 0; yi < ys.length; yi++) {
			for (int xi = 0; xi < xs.length; xi++) {
				if (progress.isCanceled()) throw new UserInputException("probability map canceled");
				final float[] crop = new float[size * size * ch];
				for (int y = 0; y < size; y++) {
					System.arraycopy(image.pixels(), ((ys[yi] + y) * w + xs[xi]) * ch, crop, y * size * ch, size * ch);
				}
				final RawImage window = new RawImage(size, size, ch, image.bitDepth(), crop);
				System.arraycopy(ImageConversion.toInput(window, shape, classifier.normalization()), 0, batch, n * len,
					len);
				batchX[n] = xs[xi];
				batchY[n] = ys[yi];
				n++;
				if (n == BATCH || (yi == ys.length - 1 && xi == xs.length - 1)) {
					final float[][] p = classifier.predict(n == BATCH ? batch : java.util.Arrays.copyOf(batch, n * len), n);
					for (int b = 0; b < n; b++) add(sum, count, w, batchX[b], batchY[b], size, p[b]);
					done += n;
					n = 0;
					progress.update(done, total);
				}
			}
		}
		final float[][] maps = new float[classes][w * h];
		for (int c = 0; c < classes; c++) {
			for (int i = 0; i < w * h; i++) maps[c][i] = (float) (sum[c][i] / count[i]);
		}
		return maps;
	}

	private static void add(final double[][] sum, final int[] count, final int w, final int x0, final int y0,
		final int size, final float[] p)
	{
		for (int y = y0; y < y0 + size; y++) {
			for (int x = x0; x < x0 + size; x++) {
				final int i = y * w + x;
				count[i]++;
				for (int c = 0; c < p.length; c++) sum[c][i] += p[c];
			}
		}
	}
}
