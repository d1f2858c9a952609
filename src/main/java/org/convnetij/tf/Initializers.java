package org.convnetij.tf;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.convnetij.nn.Activation;
import org.convnetij.nn.Conv2D;
import org.convnetij.nn.Dense;
import org.convnetij.nn.Layer;
import org.convnetij.nn.Node;
import org.convnetij.nn.Weight;

/**
 * Seeded initial weights, computed in Java so that the same seed gives the same numbers on any machine: kernels of
 * layers followed by a ReLU-like function get He uniform (limit sqrt(6 / fanIn)), the others (softmax, linear,
 * sigmoid, tanh, depthwise kernels) Glorot uniform (limit sqrt(6 / (fanIn + fanOut))); biases and beta 0; gamma 1;
 * moving mean 0 and moving variance 1 (Keras's defaults for batch normalisation).
 */
final class Initializers {

	private Initializers() {}

	/** The initial values of {@code weight} of {@code node} for {@code seed}; independent of the other weights. */
	static float[] initial(final Node node, final Weight weight, final long seed, final boolean reluFollows) {
		final int n = (int) weight.count();
		final float[] v = new float[n];
		switch (weight.name()) {
			case "gamma":
			case "moving_variance":
				Arrays.fill(v, 1f);
				return v;
			case "bias":
			case "beta":
			case "moving_mean":
				return v;
			default:
				break;
		}
		final int[] d = weight.dims();
		final int receptive = d.length == 4 ? d[0] * d[1] : 1;
		final int fanIn = d.length == 4 ? receptive * d[2] : d[0];
		final int fanOut = d.length == 4 ? receptive * d[3] : d[d.length - 1];
		final boolean he = reluFollows || activationIsRelu(node.layer());
		final double limit = he ? Math.sqrt(6.0 / fanIn) : Math.sqrt(6.0 / (fanIn + fanOut));
		final SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + node.weightName(weight)
			.hashCode());
		for (int i = 0; i < n; i++) v[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
		return v;
	}

	private static boolean activationIsRelu(final Layer layer) {
		final Activation a = layer instanceof Conv2D c ? c.activation() : layer instanceof Dense d ? d.activation()
			: null;
		return a == Activation.RELU || a == Activation.RELU6;
	}
}
