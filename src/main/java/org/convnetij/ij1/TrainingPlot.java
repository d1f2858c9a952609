package org.convnetij.ij1;

import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ij.gui.Plot;

/**
 * Loss and accuracy per epoch from a model folder's history.csv (epoch, loss, accuracy, val_loss, val_accuracy,
 * ...) as an ImageJ Plot, which the user can zoom, list and save as PNG.
 */
public final class TrainingPlot {

	private static final Color[] COLORS = { Color.BLUE, new Color(0, 150, 0), Color.RED, Color.MAGENTA,
		Color.DARK_GRAY };

	private TrainingPlot() {}

	/** The plot, or null when the file has no epochs. */
	public static Plot of(final File historyCsv) throws IOException {
		final List<String> lines = Files.readAllLines(historyCsv.toPath(), StandardCharsets.UTF_8);
		if (lines.size() < 2) return null;
		final List<String> header = Arrays.asList(lines.get(0).trim().split(","));
		final int n = lines.size() - 1;
		final double[][] columns = new double[header.size()][n];
		for (int row = 0; row < n; row++) {
			final String[] cells = lines.get(row + 1).trim().split(",");
			for (int c = 0; c < header.size() && c < cells.length; c++) {
				columns[c][row] = cells[c].isEmpty() ? Double.NaN : Double.parseDouble(cells[c]);
			}
		}
		final Plot plot = new Plot("Training curves: " + historyCsv.getParentFile().getName(), "epoch",
			"loss / accuracy");
		final List<String> labels = new ArrayList<>();
		int color = 0;
		for (final String name : List.of("loss", "val_loss", "accuracy", "val_accuracy")) {
			final int c = header.indexOf(name);
			if (c < 0 || Arrays.stream(columns[c]).allMatch(Double::isNaN)) continue;
			plot.setColor(COLORS[color++ % COLORS.length]);
			plot.addPoints(columns[header.indexOf("epoch")], columns[c], n == 1 ? Plot.CIRCLE : Plot.LINE);
			labels.add(name.replace('_', ' '));
		}
		plot.setColor(Color.BLACK);
		plot.addLegend(String.join("\n", labels));
		plot.setLimitsToFit(false);
		return plot;
	}
}
