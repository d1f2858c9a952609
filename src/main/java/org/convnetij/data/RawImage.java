package org.convnetij.data;

import java.util.Arrays;

import org.convnetij.util.UserInputException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;

/**
 * A decoded image before conversion: its pixel values as stored (not scaled), HWC layout (see {@link InputShape}),
 * 1 channel (gray) or 3 (RGB), and the bit depth of one channel (8, 16 or 32) that {@link Normalization} uses to
 * pick the value range.
 */
public record RawImage(int width, int height, int channels, int bitDepth, float[] pixels) {

	public RawImage {
		if (pixels.length != width * height * channels) {
			throw new IllegalArgumentException(
				"pixels: " + pixels.length + " values for " + width + " x " + height + " x " + channels);
		}
		if (bitDepth != 8 && bitDepth != 16 && bitDepth != 32) {
			throw new IllegalArgumentException("bit depth must be 8, 16 or 32, not " + bitDepth);
		}
	}

	/**
	 * An ImgLib2 image (e.g. the open image, to classify it) as a raw image: axes X, Y and optionally a channel axis
	 * of 1 or 3 (RGB); bit depth 8 for unsigned byte, 16 for unsigned short, 32 for every other type. Copies.
	 */
	public static <T extends RealType<T>> RawImage from(final RandomAccessibleInterval<T> image) {
		if (image == null) throw new UserInputException("no image: open an image or give one as input");
		final int n = image.numDimensions();
		final long[] dims = image.dimensionsAsLongArray();
		if (n < 2 || n > 3 || (n == 3 && dims[2] != 1 && dims[2] != 3)) {
			throw new UserInputException("expected a 2D gray or RGB image (X, Y and 1 or 3 channels), not " +
				Arrays.toString(dims));
		}
		if (dims[0] * dims[1] * (n == 3 ? dims[2] : 1) > Integer.MAX_VALUE) {
			throw new UserInputException("image " + Arrays.toString(dims) + " is too large");
		}
		final int w = (int) dims[0], h = (int) dims[1], c = n == 3 ? (int) dims[2] : 1;
		final float[] hwc = new float[w * h * c];
		final RandomAccessibleInterval<T> zero = Views.zeroMin(image);
		final var access = zero.randomAccess();
		final long[] pos = new long[n];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) for (int k = 0; k < c; k++) {
			pos[0] = x;
			pos[1] = y;
			if (n == 3) pos[2] = k;
			hwc[(y * w + x) * c + k] = access.setPositionAndGet(pos).getRealFloat();
		}
		final T type = image.getType();
		final int depth = type instanceof UnsignedByteType ? 8 : type instanceof UnsignedShortType ? 16 : 32;
		return new RawImage(w, h, c, depth, hwc);
	}
}
