package org.convnetij.nn;

import java.util.List;

import org.convnetij.util.UserInputException;

/**
 * Keras ZeroPadding2D: adds rows and columns of zeros, ((top, bottom), (left, right)) in Keras's order. Default 1
 * on every side.
 */
public final class ZeroPadding2D extends Layer {

	private int top = 1;
	private int bottom = 1;
	private int left = 1;
	private int right = 1;

	private ZeroPadding2D(final String name) {
		super(name);
	}

	public static ZeroPadding2D named(final String name) {
		return new ZeroPadding2D(name);
	}

	@Override
	public String type() {
		return "ZeroPadding2D";
	}

	/** The same padding on all four sides. */
	public ZeroPadding2D pad(final int pixels) {
		return pad(pixels, pixels, pixels, pixels);
	}

	/** Keras's ((top, bottom), (left, right)). */
	public ZeroPadding2D pad(final int top, final int bottom, final int left, final int right) {
		if (top < 0 || bottom < 0 || left < 0 || right < 0) {
			throw new UserInputException("padding must be 0 or more pixels, not " + top + ", " + bottom + ", " + left +
				", " + right);
		}
		final ZeroPadding2D z = copy();
		z.top = top;
		z.bottom = bottom;
		z.left = left;
		z.right = right;
		return z;
	}

	public int top() {
		return top;
	}

	public int bottom() {
		return bottom;
	}

	public int left() {
		return left;
	}

	public int right() {
		return right;
	}

	@Override
	public Shape outputShape(final List<Shape> inputs) {
		final Shape in = spatialInput(inputs);
		return Shape.spatial(in.width() + left + right, in.height() + top + bottom, in.channels());
	}

	@Override
	public String describe() {
		return "top " + top + " bottom " + bottom + " left " + left + " right " + right;
	}
}
