package org.convnetij.nn.tf;

import org.convnetij.data.InputShape;
import org.convnetij.data.Normalization;
import org.convnetij.nn.Shape;
import org.convnetij.transfer.FeatureNetwork;

/**
 * A layer of a {@link TfModel} as a {@link FeatureNetwork}: flat outputs as they are, 4-D outputs averaged over
 * height and width (global average pooling), so that every image gives one value per channel.
 */
public final class TfModelFeatures implements FeatureNetwork {

	private final TfModel model;
	private final String layer;
	private final Shape shape;

	public TfModelFeatures(final TfModel model, final String layer) {
		this.model = model;
		this.layer = layer;
		this.shape = model.outputShape(layer);
	}

	@Override
	public InputShape inputShape() {
		final org.convnetij.nn.InputShape in = model.spec().input();
		return InputShape.of(in.width(), in.height(), in.channels());
	}

	@Override
	public Normalization normalization() {
		return model.spec().normalization();
	}

	@Override
	public String layer() {
		return layer;
	}

	@Override
	public int featureLength() {
		return shape.isFlat() ? (int) shape.size() : shape.channels();
	}

	/** True when the layer's 4-D output is averaged over height and width. */
	public boolean pooled() {
		return !shape.isFlat();
	}

	@Override
	public float[] features(final float[] nhwc, final int n) {
		final float[] f = model.features(layer, nhwc, n);
		if (shape.isFlat()) return f;
		final int size = (int) shape.size(), channels = shape.channels(), positions = size / channels;
		final float[] out = new float[n * channels];
		for (int b = 0; b < n; b++) {
			for (int p = 0; p < positions; p++) {
				for (int c = 0; c < channels; c++) out[b * channels + c] += f[b * size + p * channels + c];
			}
			for (int c = 0; c < channels; c++) out[b * channels + c] /= positions;
		}
		return out;
	}
}
