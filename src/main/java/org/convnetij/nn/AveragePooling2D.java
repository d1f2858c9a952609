package org.convnetij.nn;

/**
 * Keras AveragePooling2D: the mean of each window. Default 2x2, stride 2, valid. With padding same, the mean is over
 * the window's pixels inside the image (TensorFlow's avg_pool), not counting the padding.
 */
public final class AveragePooling2D extends Pooling2D<AveragePooling2D> {

	private AveragePooling2D(final String name) {
		super(name);
	}

	public static AveragePooling2D named(final String name) {
		return new AveragePooling2D(name);
	}

	@Override
	public String type() {
		return "AveragePooling2D";
	}
}
