package org.convnetij.nn;

import org.convnetij.util.UserInputException;

/** The image size a model takes: width x height x channels (1 for gray, 3 for RGB). */
public final class InputShape {

	private final int width;
	private final int height;
	private final int channels;

	private InputShape(final int width, final int height, final int channels) {
		this.width = width;
		this.height = height;
		this.channels = channels;
	}

	/** Checks that every size is 1 or more, with a message that quotes the bad value. */
	public static InputShape of(final int width, final int height, final int channels) {
		if (width < 1) throw new UserInputException("width must be 1 or more, not " + width);
		if (height < 1) throw new UserInputException("height must be 1 or more, not " + height);
		if (channels < 1) throw new UserInputException("channels must be 1 or more, not " + channels);
		return new InputShape(width, height, channels);
	}

	/** A square input: size x size x channels. */
	public static InputShape square(final int size, final int channels) {
		return of(size, size, channels);
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public int channels() {
		return channels;
	}

	public Shape toShape() {
		return Shape.spatial(width, height, channels);
	}

	@Override
	public String toString() {
		return width + " x " + height + " x " + channels;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof InputShape)) return false;
		final InputShape s = (InputShape) o;
		return s.width == width && s.height == height && s.channels == channels;
	}

	@Override
	public int hashCode() {
		return (width * 31 + height) * 31 + channels;
	}
}
