package org.convnetij.transfer;

import java.util.Random;

import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;

/**
 * A softmax classifier (multinomial logistic regression) trained on fixed features: strategy 1 of transfer learning,
 * the new head on top of a frozen pretrained network. Features are centred (mean 0 per feature) and scaled by one
 * common factor (root mean variance) for training, and this is folded into the result, so that the head is one ordinary
 * Keras Dense layer with softmax on the raw features: {@link #kernel()} [features x classes] and {@link #bias()}.
 * <p>
 * Training: Adam (learning rate {@code rate}), mini-batches of 32 shuffled by the seed, L2 penalty, weights start at
 * zero; the same features, labels, settings and seed give the same head.
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
		return new SoftmaxHead(kernel.length / bias.length, bias.length, kernel.clone(), bias.clone(), Double.NaN);
	}

	/**
	 * Trains on {@code x} (one row of features per image) with {@code labels} in 0..classes-1.
	 *
	 * @param l2 weight of the L2 penalty on the kernel (per example, as Keras' kernel_regularizer)
	 */
	public static SoftmaxHead train(final float[][] x, final int[] labels, final int classes, final int epochs,
		final double rate, final double l2, final long seed, final Progress progress)
	{
		if (x.length == 0) throw new UserInputException("no images to train the head on");
		if (x.length != labels.length) throw new IllegalArgumentException(x.length + " rows, " + labels.length + " labels");
		final int d = x[0].length;
		final double[] mean = new double[d], std = new double[d];
		for (final float[] row : x) for (int j = 0; j < d; j++) mean[j] += row[j];
		for (int j = 0; j < d; j++) mean[j] /= x.length;
		for (final float[] row : x) for (int j = 0; j < d; j++) std[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
		// one scale for all features (their root mean variance), not one per feature: a feature that barely varies
		// would get a huge weight, and fine-tuning the network below the head would then blow up its outputs
		double variance = 0;
		for (int j = 0; j < d; j++) variance += std[j] / x.length;
		final double scale = Math.max(Math.sqrt(variance / d), 1e-6);
		for (int j = 0; j < d; j++) std[j] = scale;
		final double[][] z = new double[x.length][d];
		for (int i = 0; i < x.length; i++) for (int j = 0; j < d; j++) z[i][j] = (x[i][j] - mean[j]) / std[j];

		final double[] w = new double[d * classes], b = new double[classes];
		final double[] mw = new double[w.length], vw = new double[w.length], mb = new double[classes],
			vb = new double[classes];
		final double[] gw = new double[w.length], gb = new double[classes];
		final int[] order = new int[x.length];
		for (int i = 0; i < order.length; i++) order[i] = i;
		final Random random = new Random(seed);
		final int batch = 32;
		final double beta1 = 0.9, beta2 = 0.999, eps = 1e-7;
		long step = 0;
		double loss = Double.NaN;
		final double[] p = new double[classes];
		for (int epoch = 0; epoch < epochs; epoch++) {
			if (progress.isCanceled()) throw new UserInputException("training canceled");
			for (int i = order.length - 1; i > 0; i--) {
				final int k = random.nextInt(i + 1), t = order[i];
				order[i] = order[k];
				order[k] = t;
			}
			double epochLoss = 0;
			for (int start = 0; start < order.length; start += batch) {
				final int n = Math.min(batch, order.length - start);
				java.util.Arrays.fill(gw, 0);
				java.util.Arrays.fill(gb, 0);
				for (int s = start; s < start + n; s++) {
					final double[] zi = z[order[s]];
					final int y = labels[order[s]];
					probabilities(zi, w, b, p);
					epochLoss -= Math.log(Math.max(p[y], 1e-12));
					p[y] -= 1;
					for (int j = 0; j < d; j++) {
						final double zj = zi[j];
						if (zj == 0) continue;
						final int row = j * classes;
						for (int c = 0; c < classes; c++) gw[row + c] += zj * p[c];
					}
					for (int c = 0; c < classes; c++) gb[c] += p[c];
				}
				step++;
				final double c1 = 1 - Math.pow(beta1, step), c2 = 1 - Math.pow(beta2, step);
				for (int k = 0; k < w.length; k++) {
					final double g = gw[k] / n + l2 * 2 * w[k];
					mw[k] = beta1 * mw[k] + (1 - beta1) * g;
					vw[k] = beta2 * vw[k] + (1 - beta2) * g * g;
					w[k] -= rate * (mw[k] / c1) / (Math.sqrt(vw[k] / c2) + eps);
				}
				for (int c = 0; c < classes; c++) {
					final double g = gb[c] / n;
					mb[c] = beta1 * mb[c] + (1 - beta1) * g;
					vb[c] = beta2 * vb[c] + (1 - beta2) * g * g;
					b[c] -= rate * (mb[c] / c1) / (Math.sqrt(vb[c] / c2) + eps);
				}
			}
			loss = epochLoss / order.length;
			progress.update(epoch + 1, epochs);
		}
		// fold the standardisation in: w'_jc = w_jc / std_j, b'_c = b_c - sum_j mean_j w_jc / std_j
		final float[] kernel = new float[w.length];
		final float[] bias = new float[classes];
		for (int c = 0; c < classes; c++) {
			double bc = b[c];
			for (int j = 0; j < d; j++) {
				final double wf = w[j * classes + c] / std[j];
				kernel[j * classes + c] = (float) wf;
				bc -= mean[j] * wf;
			}
			bias[c] = (float) bc;
		}
		return new SoftmaxHead(d, classes, kernel, bias, loss);
	}

	private static void probabilities(final double[] zi, final double[] w, final double[] b, final double[] p) {
		final int classes = b.length;
		for (int c = 0; c < classes; c++) p[c] = b[c];
		for (int j = 0; j < zi.length; j++) {
			final double zj = zi[j];
			if (zj == 0) continue;
			final int row = j * classes;
			for (int c = 0; c < classes; c++) p[c] += zj * w[row + c];
		}
		softmaxInPlace(p);
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

	/** Mean cross-entropy of the last epoch (on standardised features, before the L2 term). */
	public double finalLoss() {
		return finalLoss;
	}
}
