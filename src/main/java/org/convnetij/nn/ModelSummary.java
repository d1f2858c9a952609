package org.convnetij.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Keras-like {@code summary()} text: one row per layer with name (type), output shape W x H x D, parameter count
 * and, for graphs that are not a plain chain, the layers it reads ("Connected to"); then the totals.
 */
public final class ModelSummary {

	private ModelSummary() {}

	public static String of(final Model model) {
		final boolean chain = isChain(model);
		final List<String[]> rows = new ArrayList<>();
		rows.add(chain ? new String[] { "Layer (type)", "Output Shape", "Param #" } : new String[] { "Layer (type)",
			"Output Shape", "Param #", "Connected to" });
		for (final Node n : model.nodes()) {
			final String layer = n.name() + " (" + n.layer().type() + ")";
			final String shape = n.outputShape().toString();
			final String params = count(n.parameters());
			rows.add(chain ? new String[] { layer, shape, params } : new String[] { layer, shape, params, String.join(
				", ", n.inputs()) });
		}
		final int columns = rows.get(0).length;
		final int[] widths = new int[columns];
		for (final String[] r : rows) {
			for (int c = 0; c < columns; c++) widths[c] = Math.max(widths[c], r[c].length());
		}
		int total = 0;
		for (final int w : widths) total += w + 2;
		final StringBuilder sb = new StringBuilder();
		sb.append("Model: \"").append(model.name()).append("\"\n");
		sb.append("_".repeat(total)).append('\n');
		line(sb, rows.get(0), widths);
		sb.append("=".repeat(total)).append('\n');
		for (int i = 1; i < rows.size(); i++) line(sb, rows.get(i), widths);
		sb.append("=".repeat(total)).append('\n');
		sb.append("Total params: ").append(count(model.totalParameters())).append('\n');
		sb.append("Trainable params: ").append(count(model.trainableParameters())).append('\n');
		sb.append("Non-trainable params: ").append(count(model.nonTrainableParameters())).append('\n');
		sb.append("Input: ").append(model.inputShape()).append(", output: ").append(model.outputShape()).append(
			" (").append(model.output()).append(")\n");
		return sb.toString();
	}

	/**
	 * The summary of a model folder's convnet.json: architecture, classes, normalization, feature layer and training
	 * epochs, then the table of the rebuilt model.
	 */
	public static String of(final ModelSpec spec) {
		final Model model = spec.buildModel();
		final StringBuilder sb = new StringBuilder();
		sb.append("Architecture: ").append(spec.architecture().key());
		if (spec.pattern() != null) sb.append(" (").append(spec.pattern()).append(')');
		sb.append(spec.includesTop() ? "" : ", without top").append('\n');
		sb.append("Classes (").append(spec.classes().size()).append("): ").append(String.join(", ", spec.classes()))
			.append('\n');
		sb.append("Normalization: ").append(spec.normalization()).append('\n');
		sb.append("Feature layer: ").append(spec.featureLayer()).append('\n');
		sb.append("Trained epochs: ").append(spec.history().size()).append('\n');
		return sb.append(of(model)).toString();
	}

	/** "138,357,544". */
	public static String count(final long n) {
		return String.format(Locale.ROOT, "%,d", n);
	}

	private static void line(final StringBuilder sb, final String[] row, final int[] widths) {
		final StringBuilder l = new StringBuilder();
		for (int c = 0; c < row.length; c++) {
			l.append(row[c]);
			if (c < row.length - 1) l.append(" ".repeat(widths[c] - row[c].length() + 2));
		}
		sb.append(l.toString().stripTrailing()).append('\n');
	}

	/** True when every layer reads just the layer before it. */
	private static boolean isChain(final Model model) {
		String previous = null;
		for (final Node n : model.nodes()) {
			if (previous != null && !(n.inputs().size() == 1 && n.inputs().get(0).equals(previous))) return false;
			previous = n.name();
		}
		return true;
	}
}
