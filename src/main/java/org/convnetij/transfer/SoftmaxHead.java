package org.convnetij.transfer;



/**
 * A softmax classifier (multinomial logistic regression) trained on fixed features: strategy 1 of transfer learning,
 * the new head on top of a frozen pretrained network. Features are centred (mean 0 per feature) and scaled by one
 * common factor (root mean variance) for training, and this is folded into the result, so that the head is one ordinary
 * Keras Dense layer with softmax on the raw features: {@link #kernel()} [features x classes] and {@link #bias()}.
 * <p>
 * It is trained by the one training loop ({@code workflow.HeadTraining}); here it predicts.
 */
public final class SoftmaxHead {

	private final int features;
	private final int classes;
	private final float[] kernel;
	private final float[] bias;
	private final double finalLoss;

	private SoftmaxHead(final int features, final int classes, final float[] kernel, final float[] bias,
		final double finalLoss)
	{
		this.features = features;
		this.classes = classes;
		this.kernel = kernel;
		this.bias = bias;
		this.finalLoss = finalLoss;
	}

	/** A trained head from its Dense kernel [features, classes] (Keras layout, row-major) and bias [classes]. */
	public static SoftmaxHead of(final float[] kernel, final float[] bias) {
		if (bias.length == 0 || kernel.length % bias.length != 0) {
			throw new IllegalArgumentException(kernel.length + " kernel values for " + bias.length + " classes");
		}
		return of(kernel, bias, Double.NaN);
	}

	/** A trained head, with the mean loss of its last training epoch. */
	public static SoftmaxHead of(final float[] kernel, final float[] bias, final double finalLoss) {
		if (bias.length == 0 || kernel.length % bias.length != 0) {
			throw new IllegalArgumentException(kernel.length + " kernel values for " + bias.length + " classes");
		}
		return new SoftmaxHead(kernel.length / bias.length, bias.length, kernel.clone(), bias.clone(), finalLoss);
	}

	private static void softmaxInPlace(final double[] p) {
		double max = Double.NEGATIVE_INFINITY;
		for (final double v : p) max = Math.max(max, v);
		double sum = 0;
		for (int c = 0; c < p.length; c++) sum += p[c] = Math.exp(p[c] - max);
		for (int c = 0; c < p.length; c++) p[c] /= sum;
	}

	/** Class probabilities of one feature row. */
	public float[] predict(final float[] row) {
		final double[] p = new double[classes];
		for (int c = 0; c < classes; c++) p[c] = bias[c];
		for (int j = 0; j < features; j++) for (int c = 0; c < classes; c++) p[c] += row[j] * (double) kernel[j * classes + c];
		softmaxInPlace(p);
		final float[] out = new float[classes];
		for (int c = 0; c < classes; c++) out[c] = (float) p[c];
		return out;
	}

	/** Index of the most probable class. */
	public int classify(final float[] row) {
		final float[] p = predict(row);
		int best = 0;
		for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
		return best;
	}

	/** Fraction of rows classified as their label. */
	public double accuracy(final float[][] x, final int[] labels) {
		int right = 0;
		for (int i = 0; i < x.length; i++) if (classify(x[i]) == labels[i]) right++;
		return x.length == 0 ? Double.NaN : (double) right / x.length;
	}

	/** The Dense kernel in Keras layout [features, classes], row-major (a copy). */
	public float[] kernel() {
		return kernel.clone();
	}

	/** The Dense bias [classes] (a copy). */
	public float[] bias() {
		return bias.clone();
	}

	public int featureCount() {
		return features;
	}

	public int classCount() {
		return classes;
	}

	/** Mean loss of the last training epoch (NaN when not known). */
	public double finalLoss() {
		return finalLoss;
	}
}
