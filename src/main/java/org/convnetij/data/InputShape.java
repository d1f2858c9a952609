package org.convnetij.data;

import org.convnetij.util.UserInputException;

/**
 * The size of one model input: width x height pixels and its channels (1 gray, 3 RGB; a SavedModel may take
 * others). Pixel arrays of this shape are stored row by row with the channels of a pixel next to each other (HWC:
 * index = (y * width + x) * channels + c), the layout of one item of an NHWC batch. The one input shape type of
 * the project: data, networks and model folders use it.
 */
public record InputShape(int width, int height, int channels) {

	public InputShape {
		if (width < 1) throw new UserInputException("width must be 1 or more, not " + width);
		if (height < 1) throw new UserInputException("height must be 1 or more, not " + height);
		if (channels < 1) throw new UserInputException("channels must be 1 or more, not " + channels);
		if ((long) width * height * channels > Integer.MAX_VALUE / 4) {
			throw new UserInputException("input size " + width + " x " + height + " x " + channels + " is too large");
		}
	}

	/** Checks that every size is 1 or more, with a message that quotes the bad value. */
	public static InputShape of(final int width, final int height, final int channels) {
		return new InputShape(width, height, channels);
	}

	/** A square input: size x size x channels. */
	public static InputShape square(final int size, final int channels) {
		return of(size, size, channels);
	}

	/** Floats per image: width * height * channels. */
	public int length() {
		return width * height * channels;
	}

	/** Images are read as gray or RGB: refuses other channel counts with what to do. */
	public InputShape requireImageChannels() {
		if (channels != 1 && channels != 3) {
			throw new UserInputException("channels must be 1 (gray) or 3 (RGB), not " + channels);
		}
		return this;
	}

	/** "64 x 64 x 3". */
	@Override
	public String toString() {
		return width + " x " + height + " x " + channels;
	}
}
