package org.convnetij.nn;

import java.util.List;

/**
 * Keras Flatten: W x H x D to a vector of W*H*D values in TensorFlow's row-major NHWC order (height, then width,
 * then channel), so that Keras dense weights after it load unchanged.
 */
public final class Flatten extends Layer {

	private Flatten(final String name) {
		super(name);
	}

	public static Flatten named(final String name) {
		return new Flatten(name);
	}

	@Override
	public String type() {
		return "Flatten";
	}

	@Override
	public Shape outputShape(final List<Shape> inputs) {
		final long size = inputs.get(0).size();
		if (size > Integer.MAX_VALUE) throw problem("flattens to " + size + " values, too many: use a smaller input");
		return Shape.flat((int) size);
	}

	@Override
	public String describe() {
		return "to a vector";
	}
}
