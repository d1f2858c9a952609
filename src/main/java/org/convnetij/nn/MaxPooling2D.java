package org.convnetij.nn;

/** Keras MaxPooling2D: the maximum of each window. Default 2x2, stride 2, valid. */
public final class MaxPooling2D extends Pooling2D<MaxPooling2D> {

	private MaxPooling2D(final String name) {
		super(name);
	}

	public static MaxPooling2D named(final String name) {
		return new MaxPooling2D(name);
	}

	@Override
	public String type() {
		return "MaxPooling2D";
	}
}
