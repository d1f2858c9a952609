package org.convnetij.nn;

/** Small helpers on rows of class probabilities. */
public final class Metrics {

	private Metrics() {}

	/** Index of the largest value of row {@code row} (the first one on ties). */
	public static int argmax(final float[] values, final int row, final int classes) {
		int best = 0;
		for (int c = 1; c < classes; c++) {
			if (values[row * classes + c] > values[row * classes + best]) best = c;
		}
		return best;
	}

	/** How many rows have their largest probability at the one-hot label. */
	public static int correct(final float[] probabilities, final float[] oneHot, final int n, final int classes) {
		int correct = 0;
		for (int i = 0; i < n; i++) {
			if (oneHot[i * classes + argmax(probabilities, i, classes)] > 0.5f) correct++;
		}
		return correct;
	}
}
