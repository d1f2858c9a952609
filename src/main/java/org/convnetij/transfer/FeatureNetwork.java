package org.convnetij.transfer;

import org.convnetij.data.Normalization;
import org.convnetij.data.InputShape;

/**
 * A network seen as a feature function: what input it takes (shape, normalisation) and the values of one layer for
 * a batch of images. Implemented by the TensorFlow model wrappers; plain Java here so that the feature cache,
 * tables and heads need no TensorFlow.
 */
public interface FeatureNetwork {

	/** Input width, height and channels of the network. */
	InputShape inputShape();

	/** How raw pixels become the network's input. */
	Normalization normalization();

	/** The layer whose output is returned. */
	String layer();

	/** Values per image of {@link #layer()}. */
	int featureLength();

	/** The features of {@code n} images given as one NHWC array: {@code n * featureLength()} values. */
	float[] features(float[] nhwc, int n);
}
