package org.convnetij.workflow;

import java.util.List;
import java.util.Locale;
import org.convnetij.nn.Metrics;

/**
 * How well a classifier does on a labelled set: accuracy, top-5 accuracy (5 or more classes), mean cross-entropy
 * loss, per-class precision, recall and F1, and the confusion matrix (rows: true class, columns: predicted class).
 */
public final class Evaluation {

	private final List<String> classes;
	private final int[][] confusion;
	private final int count;
	private final double loss;
	private final int top5Correct;

	Evaluation(final List<String> classes, final int[][] confusion, final int count, final double loss,
		final int top5Correct)
	{
		this.classes = List.copyOf(classes);
		this.confusion = confusion;
		this.count = count;
		this.loss = loss;
		this.top5Correct = top5Correct;
	}

	/**
	 * From class probabilities ({@code n} rows of {@code classes.size()} values, flat) and the true labels.
	 */
	public static Evaluation of(final List<String> classes, final float[] probabilities, final int[] labels) {
		final int k = classes.size();
		final int n = labels.length;
		final int[][] confusion = new int[k][k];
		double loss = 0;
		int top5 = 0;
		for (int i = 0; i < n; i++) {
			final int predicted = Metrics.argmax(probabilities, i, k);
			confusion[labels[i]][predicted]++;
			final float p = probabilities[i * k + labels[i]];
			loss -= Math.log(Math.max(p, 1e-7));
			int higher = 0;
			for (int c = 0; c < k; c++) {
				if (probabilities[i * k + c] > p) higher++;
			}
			if (higher < 5) top5++;
		}
		return new Evaluation(classes, confusion, n, n == 0 ? Double.NaN : loss / n, top5);
	}

	public List<String> classes() {
		return classes;
	}

	/** Images evaluated. */
	public int count() {
		return count;
	}

	/** Confusion matrix, [true class][predicted class] (a copy). */
	public int[][] confusion() {
		final int[][] c = new int[confusion.length][];
		for (int i = 0; i < c.length; i++) c[i] = confusion[i].clone();
		return c;
	}

	/** Fraction of images whose most probable class is the true one. */
	public double accuracy() {
		int correct = 0;
		for (int i = 0; i < confusion.length; i++) correct += confusion[i][i];
		return count == 0 ? Double.NaN : (double) correct / count;
	}

	/** Fraction with the true class among the 5 most probable; NaN for fewer than 5 classes. */
	public double top5Accuracy() {
		return classes.size() < 5 || count == 0 ? Double.NaN : (double) top5Correct / count;
	}

	/** Mean cross-entropy of the true class. */
	public double loss() {
		return loss;
	}

	/** Of the images predicted as class c, the fraction that are c (NaN when none was predicted as c). */
	public double precision(final int c) {
		int predicted = 0;
		for (final int[] row : confusion) predicted += row[c];
		return predicted == 0 ? Double.NaN : (double) confusion[c][c] / predicted;
	}

	/** Of the images of class c, the fraction predicted as c (NaN when there is none). */
	public double recall(final int c) {
		int actual = 0;
		for (final int v : confusion[c]) actual += v;
		return actual == 0 ? Double.NaN : (double) confusion[c][c] / actual;
	}

	/** Harmonic mean of precision and recall (0 when both are 0, NaN when one is undefined). */
	public double f1(final int c) {
		final double p = precision(c), r = recall(c);
		if (Double.isNaN(p) || Double.isNaN(r)) return Double.NaN;
		return p + r == 0 ? 0 : 2 * p * r / (p + r);
	}

	/** The text report: totals, a per-class table and the confusion matrix. */
	public String report() {
		final StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "Images: %d%nAccuracy: %.4f%n", count, accuracy()));
		if (!Double.isNaN(top5Accuracy())) sb.append(String.format(Locale.ROOT, "Top-5 accuracy: %.4f%n", top5Accuracy()));
		sb.append(String.format(Locale.ROOT, "Loss: %.4f%n%n", loss));
		int width = 5;
		for (final String c : classes) width = Math.max(width, c.length());
		sb.append(String.format(Locale.ROOT, "%-" + width + "s  precision  recall  f1      images%n", "class"));
		for (int c = 0; c < classes.size(); c++) {
			int actual = 0;
			for (final int v : confusion[c]) actual += v;
			sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-9s  %-6s  %-6s  %d%n", classes.get(c), f(precision(
				c)), f(recall(c)), f(f1(c)), actual));
		}
		sb.append("\nConfusion matrix (rows: true class, columns: predicted class)\n");
		final int label = width + 6;
		sb.append(String.format(Locale.ROOT, "%-" + label + "s", ""));
		for (int c = 0; c < classes.size(); c++) sb.append(String.format(Locale.ROOT, " %6s", "[" + c + "]"));
		sb.append('\n');
		for (int r = 0; r < classes.size(); r++) {
			sb.append(String.format(Locale.ROOT, "%-" + label + "s", "[" + r + "] " + classes.get(r)));
			for (int c = 0; c < classes.size(); c++) sb.append(String.format(Locale.ROOT, " %6d", confusion[r][c]));
			sb.append('\n');
		}
		return sb.toString();
	}

	private static String f(final double v) {
		return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "accuracy %.4f on %d images", accuracy(), count);
	}
}
