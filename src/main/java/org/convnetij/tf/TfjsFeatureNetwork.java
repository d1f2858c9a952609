package org.convnetij.tf;

import org.convnetij.data.Normalization;
import org.convnetij.transfer.FeatureNetwork;
import org.convnetij.transfer.KerasLayer;
import org.convnetij.transfer.TfjsModel;
import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A TensorFlow.js layers model as a {@link FeatureNetwork}: its inference graph up to one layer
 * ({@link KerasGraphBuilder}), 4-D outputs averaged over height and width (global average pooling), run in batches.
 * Inputs are scaled to [0, 1] (the preprocessing of the MobileNetV2 in sample-images). Close it.
 */
public final class TfjsFeatureNetwork implements FeatureNetwork, AutoCloseable {

	private final Graph graph;
	private final Session session;
	private final Placeholder<TFloat32> input;
	private final Operand<TFloat32> output;
	private final InputShape shape;
	private final String layer;
	private final int length;

	public TfjsFeatureNetwork(final TfjsModel model, final String layer) {
		if (model.inputLayers().size() != 1) throw new UserInputException("the model has " + model.inputLayers()
			.size() + " inputs; one is needed");
		final KerasLayer in = model.layer(model.inputLayers().get(0));
		final int[] b = in.batchInputShape();
		if (b.length != 4 || b[1] < 1 || b[2] < 1) {
			throw new UserInputException("the model's input " + java.util.Arrays.toString(b) +
				" is not a fixed height x width x channels image");
		}
		this.shape = InputShape.of(b[2], b[1], b[3]);
		this.layer = layer;
		NativeLogs.apply();
		graph = new Graph();
		try {
			final Ops tf = Ops.create(graph);
			final KerasGraphBuilder builder = new KerasGraphBuilder(tf, model);
			Operand<TFloat32> out = builder.output(layer);
			input = builder.input(in.name());
			final long[] dims = out.shape().asArray();
			if (dims.length == 4) {
				out = tf.math.mean(out, tf.constant(new int[] { 1, 2 }));
				length = (int) dims[3];
			}
			else {
				long n = 1;
				for (int i = 1; i < dims.length; i++) n *= dims[i];
				length = (int) n;
			}
			output = out;
			session = new Session(graph);
		}
		catch (final RuntimeException e) {
			graph.close();
			throw e;
		}
	}

	@Override
	public InputShape inputShape() {
		return shape;
	}

	@Override
	public Normalization normalization() {
		return Normalization.range();
	}

	@Override
	public String layer() {
		return layer;
	}

	@Override
	public int featureLength() {
		return length;
	}

	@Override
	public float[] features(final float[] nhwc, final int n) {
		final float[] out = new float[n * length];
		try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, shape.height(), shape.width(), shape.channels()), DataBuffers
			.of(nhwc, true, false)); Result r = session.runner().feed(input, x).fetch(output).run())
		{
			((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
		}
		return out;
	}

	@Override
	public void close() {
		session.close();
		graph.close();
	}
}
