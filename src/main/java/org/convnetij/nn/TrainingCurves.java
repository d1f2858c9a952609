package org.convnetij.nn;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;


/**
 * The training history as files of a model folder: {@value #CSV} (one row per epoch) and {@value #PNG} (loss and
 * accuracy per epoch, training solid, validation dashed), drawn offscreen with java.awt (no window).
 */
public final class TrainingCurves {

	public static final String CSV = "history.csv";
	public static final String PNG = "curves.png";

	private static final int WIDTH = 640, HEIGHT = 300, MARGIN = 40;

	private TrainingCurves() {}

	/** The CSV text: epoch,loss,accuracy,val_loss,val_accuracy,seconds (empty cells where not measured). */
	public static String csv(final List<EpochRecord> history) {
		final StringBuilder sb = new StringBuilder("epoch,loss,accuracy,val_loss,val_accuracy,seconds\n");
		for (final EpochRecord r : history) {
			sb.append(r.epoch()).append(',').append(number(r.loss())).append(',').append(number(r.accuracy())).append(',')
				.append(number(r.valLoss())).append(',').append(number(r.valAccuracy())).append(',').append(number(r
					.seconds())).append('\n');
		}
		return sb.toString();
	}

	private static String number(final double v) {
		return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
	}

	/** Writes history.csv and curves.png into {@code folder}. */
	public static void write(final Path folder, final List<EpochRecord> history) throws IOException {
		try (Writer w = Files.newBufferedWriter(folder.resolve(CSV), StandardCharsets.UTF_8)) {
			w.write(csv(history));
		}
		ImageIO.write(draw(history), "png", folder.resolve(PNG).toFile());
	}

	/** Two panels side by side: loss (left) and accuracy (right) per epoch. */
	public static BufferedImage draw(final List<EpochRecord> history) {
		final BufferedImage image = new BufferedImage(2 * WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
		final Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, image.getWidth(), image.getHeight());
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
			double maxLoss = 0;
			for (final EpochRecord r : history) {
				if (Double.isFinite(r.loss())) maxLoss = Math.max(maxLoss, r.loss());
				if (Double.isFinite(r.valLoss())) maxLoss = Math.max(maxLoss, r.valLoss());
			}
			panel(g, 0, "loss", history, EpochRecord::loss, EpochRecord::valLoss, maxLoss > 0 ? maxLoss : 1);
			panel(g, WIDTH, "accuracy", history, EpochRecord::accuracy, EpochRecord::valAccuracy, 1);
		}
		finally {
			g.dispose();
		}
		return image;
	}

	private static void panel(final Graphics2D g, final int x0, final String title, final List<EpochRecord> history,
		final ToDoubleFunction<EpochRecord> train, final ToDoubleFunction<EpochRecord> val, final double max)
	{
		final int left = x0 + MARGIN + 10, right = x0 + WIDTH - MARGIN / 2, top = MARGIN, bottom = HEIGHT - MARGIN;
		g.setColor(Color.BLACK);
		g.drawRect(left, top, right - left, bottom - top);
		g.drawString(title + " per epoch (training solid, validation dashed)", left, top - 10);
		g.drawString(String.format(Locale.ROOT, "%.3g", max), x0 + 4, top + 5);
		g.drawString("0", x0 + 4, bottom);
		final int epochs = history.isEmpty() ? 1 : history.get(history.size() - 1).epoch();
		g.drawString("epoch " + epochs, right - 60, bottom + 18);
		line(g, history, train, max, left, right, top, bottom, epochs, new BasicStroke(2f), new Color(0, 90, 200));
		line(g, history, val, max, left, right, top, bottom, epochs, new BasicStroke(2f, BasicStroke.CAP_BUTT,
			BasicStroke.JOIN_MITER, 10f, new float[] { 6f, 4f }, 0f), new Color(220, 80, 0));
	}

	private static void line(final Graphics2D g, final List<EpochRecord> history,
		final ToDoubleFunction<EpochRecord> value, final double max, final int left, final int right, final int top,
		final int bottom, final int epochs, final BasicStroke stroke, final Color color)
	{
		g.setColor(color);
		g.setStroke(stroke);
		int px = -1, py = -1;
		for (final EpochRecord r : history) {
			final double v = value.applyAsDouble(r);
			if (!Double.isFinite(v)) continue;
			final int x = left + (int) Math.round((right - left) * (epochs == 1 ? 0.5 : (r.epoch() - 1.0) / (epochs -
				1)));
			final int y = bottom - (int) Math.round((bottom - top) * Math.min(v / max, 1));
			g.fillOval(x - 3, y - 3, 6, 6);
			if (px >= 0) g.drawLine(px, py, x, y);
			px = x;
			py = y;
		}
		g.setStroke(new BasicStroke(1f));
	}
}
