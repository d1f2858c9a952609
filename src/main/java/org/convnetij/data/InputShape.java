package org.convnetij.data;

import org.convnetij.util.UserInputException;

/**
 * The size of one model input: width x height pixels and 1 (gray) or 3 (RGB) channels. Pixel arrays of this shape
 * are stored row by row with the channels of a pixel next to each other (HWC: index = (y * width + x) * channels + c),
 * the layout of one item of an NHWC batch.
 */
public record InputShape(int width, int height, int channels) {

	public InputShape {
		if (width < 1 || height < 1) {
			throw new UserInputException("input size must be at least 1 x 1 pixels, not " + width + " x " + height);
		}
		if (channels != 1 && channels != 3) {
			throw new UserInputException("channels must be 1 (gray) or 3 (RGB), not " + channels);
		}
		if ((long) width * height * channels > Integer.MAX_VALUE / 4) {
			throw new UserInputException("input size " + width + " x " + height + " x " + channels + " is too large");
		}
	}

	public static InputShape of(final int width, final int height, final int channels) {
		return new InputShape(width, height, channels);
	}

	/** Floats per image: width * height * channels. */
	public int length() {
		return width * height * channels;
	}

	/** "64x64x3". */
	@Override
	public String toString() {
		return width + "x" + height + "x" + channels;
	}
}
