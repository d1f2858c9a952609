package org.convnetij.transfer;

import org.convnetij.data.Normalization;
import org.convnetij.data.InputShape;

/** A classifier of image windows: its input, normalisation, and class probabilities of a batch (no TensorFlow here). */
public interface WindowClassifier {

	InputShape inputShape();

	Normalization normalization();

	int classCount();

	/** Class probabilities of {@code n} images given as one NHWC array: {@code n} rows of {@link #classCount()}. */
	float[][] predict(float[] nhwc, int n);
}
