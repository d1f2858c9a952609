package org.convnetij.transfer;

import java.util.List;
import java.util.Locale;

import org.convnetij.data.Normalization;
import org.convnetij.nn.Node;
import org.convnetij.nn.Shape;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.Network;
import org.convnetij.data.InputShape;

/**
 * A layer of a {@link Network} as a {@link FeatureNetwork}: flat outputs as they are; 4-D outputs averaged over
 * height and width (global average pooling, {@code grid} 1), or over the cells of a grid x grid split of height and
 * width ({@code grid} 2 gives 2 x 2 x C values per image: cell by cell, row by row, the channels of a cell together),
 * which keeps where a feature was found.
 */
public final class LayerFeatures implements FeatureNetwork {

	private final Network model;
	private final String layer;
	private final Shape shape;
	private final int grid;

	public LayerFeatures(final Network model, final String layer) {
		this(model, layer, 1);
	}

	public LayerFeatures(final Network model, final String layer, final int grid) {
		this.model = model;
		this.layer = layer;
		this.shape = model.outputShape(layer);
		this.grid = grid;
		if (grid < 1) throw new UserInputException("grid must be 1 or more, not " + grid);
		if (grid > 1 && shape.isFlat()) {
			throw new UserInputException("grid pools a layer's height and width, but " + layer + " is flat (" + shape
				.size() + " values): use grid=1, or a layer with a height and width");
		}
		if (grid > 1 && (grid > shape.width() || grid > shape.height())) {
			throw new UserInputException("grid " + grid + " does not fit " + layer + " (" + shape.width() + " x " + shape
				.height() + " positions): use a grid of at most " + Math.min(shape.width(), shape.height()));
		}
	}

	/**
	 * The layer a {@code layer} key names: a layer name, empty for the model's feature layer, or a relative depth
	 * in (0, 1] such as {@code 0.5}: that fraction of the way from the input to the feature layer, counting the
	 * layers in order (1 is the feature layer itself).
	 */
	public static String resolve(final Network model, final String given) {
		final String feature = model.spec().featureLayer();
		if (given == null || given.isBlank()) return feature;
		final String text = given.trim();
		if (!text.matches("\\d*\\.\\d+|\\d+")) return text;
		final double depth = Double.parseDouble(text);
		if (depth <= 0 || depth > 1) {
			throw new UserInputException("layer " + text + " is not a relative depth in (0, 1] (0.5: halfway to the " +
				"feature layer, 1: the feature layer) nor a layer name");
		}
		if (model.isSavedModel()) {
			throw new UserInputException("a relative depth needs a model of ConvNet-IJ's architectures; for a " +
				"SavedModel kept as it is give a layer name (Import Model with layer=list lists them)");
		}
		final List<Node> nodes = model.model().nodes();
		int last = nodes.size() - 1;
		for (int i = 0; i < nodes.size(); i++) if (nodes.get(i).name().equals(feature)) last = i;
		// the layers after the input, up to the feature layer
		final int count = last;
		final int index = Math.max(1, (int) Math.ceil(depth * count));
		return nodes.get(index).name();
	}

	@Override
	public InputShape inputShape() {
		final org.convnetij.data.InputShape in = model.spec().input();
		return in;
	}

	@Override
	public Normalization normalization() {
		return model.spec().normalization();
	}

	/** The layer, with the grid when there is one (the feature cache keeps them apart). */
	@Override
	public String layer() {
		return grid == 1 ? layer : String.format(Locale.ROOT, "%s grid %dx%d", layer, grid, grid);
	}

	@Override
	public int featureLength() {
		return shape.isFlat() ? (int) shape.size() : grid * grid * shape.channels();
	}

	/** True when the layer's 4-D output is averaged (over all of height and width, or over grid cells). */
	public boolean pooled() {
		return !shape.isFlat();
	}

	@Override
	public float[] features(final float[] nhwc, final int n) {
		final float[] f = model.features(layer, nhwc, n);
		if (shape.isFlat()) return f;
		final int w = shape.width(), h = shape.height(), channels = shape.channels(), size = w * h * channels;
		final int per = grid * grid * channels;
		final float[] out = new float[n * per];
		for (int b = 0; b < n; b++) {
			for (int gy = 0; gy < grid; gy++) {
				// cells split height and width as evenly as whole positions allow
				final int y0 = gy * h / grid, y1 = (gy + 1) * h / grid;
				for (int gx = 0; gx < grid; gx++) {
					final int x0 = gx * w / grid, x1 = (gx + 1) * w / grid;
					final int cell = b * per + (gy * grid + gx) * channels;
					for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) {
						final int at = b * size + (y * w + x) * channels;
						for (int c = 0; c < channels; c++) out[cell + c] += f[at + c];
					}
					final int positions = (y1 - y0) * (x1 - x0);
					for (int c = 0; c < channels; c++) out[cell + c] /= positions;
				}
			}
		}
		return out;
	}
}
