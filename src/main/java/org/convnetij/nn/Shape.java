package org.convnetij.nn;

import org.convnetij.data.InputShape;



/**
 * The shape of one example's tensor between layers, batch dimension left out. Spatial tensors are
 * width x height x channels (channels last; TensorFlow's NHWC order is [batch, height, width, channels]);
 * flat tensors (after {@link Flatten}, {@link Dense} or global pooling) have only a length, kept in
 * {@link #channels()} with width = height = 1.
 */
public final class Shape {

	private final int width;
	private final int height;
	private final int channels;
	private final boolean flat;

	private Shape(final int width, final int height, final int channels, final boolean flat) {
		this.width = width;
		this.height = height;
		this.channels = channels;
		this.flat = flat;
	}

	/** The tensor of one input image of {@code input}'s size. */
	public static Shape of(final InputShape input) {
		return spatial(input.width(), input.height(), input.channels());
	}

	/** A width x height x channels tensor; every size must be 1 or more. */
	public static Shape spatial(final int width, final int height, final int channels) {
		if (width < 1 || height < 1 || channels < 1) {
			throw new IllegalArgumentException("a shape needs sizes of 1 or more, not " + width + " x " + height + " x " +
				channels);
		}
		return new Shape(width, height, channels, false);
	}

	/** A vector of {@code length} values. */
	public static Shape flat(final int length) {
		if (length < 1) throw new IllegalArgumentException("a flat shape needs a length of 1 or more, not " + length);
		return new Shape(1, 1, length, true);
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** Channels (depth D) of a spatial tensor, or the length of a flat one. */
	public int channels() {
		return channels;
	}

	/** True for a vector (rank 1 per example), false for width x height x channels (rank 3). */
	public boolean isFlat() {
		return flat;
	}

	/** Number of values per example. */
	public long size() {
		return (long) width * height * channels;
	}

	/** Keras / TensorFlow dimension order without the batch: [height, width, channels] or [length]. */
	public int[] tensorDims() {
		return flat ? new int[] { channels } : new int[] { height, width, channels };
	}

	/** "224 x 224 x 3" (W x H x D) or "1000". */
	@Override
	public String toString() {
		return flat ? Integer.toString(channels) : width + " x " + height + " x " + channels;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof Shape)) return false;
		final Shape s = (Shape) o;
		return s.width == width && s.height == height && s.channels == channels && s.flat == flat;
	}

	@Override
	public int hashCode() {
		return ((width * 31 + height) * 31 + channels) * 2 + (flat ? 1 : 0);
	}
}
