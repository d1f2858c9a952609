package org.convnetij.tf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.convnetij.nn.Activation;
import org.convnetij.nn.ActivationLayer;
import org.convnetij.nn.Add;
import org.convnetij.nn.AveragePooling2D;
import org.convnetij.nn.BatchNormalization;
import org.convnetij.nn.Concatenate;
import org.convnetij.nn.Conv2D;
import org.convnetij.nn.Dense;
import org.convnetij.nn.DepthwiseConv2D;
import org.convnetij.nn.Dropout;
import org.convnetij.nn.Flatten;
import org.convnetij.nn.GlobalAveragePooling2D;
import org.convnetij.nn.GlobalMaxPooling2D;
import org.convnetij.nn.InputLayer;
import org.convnetij.nn.Layer;
import org.convnetij.nn.MaxPooling2D;
import org.convnetij.nn.Model;
import org.convnetij.nn.Node;
import org.convnetij.nn.ReLU;
import org.convnetij.nn.ScaledAdd;
import org.convnetij.nn.Shape;
import org.convnetij.nn.Softmax;
import org.convnetij.nn.ZeroPadding2D;
import org.convnetij.util.UserInputException;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/**
 * One pass of an {@link Model} through TensorFlow ops over shared weight variables: the inference pass (batch norm
 * on moving statistics, no dropout) or the training pass (batch norm on batch statistics with moving-average
 * updates, except for frozen layers; dropout). Every layer type of {@code nn} is translated; the outputs are kept by
 * layer name.
 */
final class LayerGraph {

	private final Ops tf;
	private final Model model;
	private final Map<String, Variable<TFloat32>> variables;
	private final boolean training;
	private final Set<String> frozen;
	private final double extraDropout;
	private final long seed;
	private final Map<String, Operand<TFloat32>> outputs = new HashMap<>();
	private final List<Op> updates = new ArrayList<>();
	private Operand<TFloat32> logits;
	private int randomOps;

	private LayerGraph(final Ops tf, final Model model, final Map<String, Variable<TFloat32>> variables,
		final boolean training, final Set<String> frozen, final double extraDropout, final long seed)
	{
		this.tf = tf;
		this.model = model;
		this.variables = variables;
		this.training = training;
		this.frozen = frozen;
		this.extraDropout = extraDropout;
		this.seed = seed;
	}

	/** The inference pass from {@code input}. */
	static LayerGraph inference(final Ops tf, final Model model, final Map<String, Variable<TFloat32>> variables,
		final Operand<TFloat32> input)
	{
		final LayerGraph g = new LayerGraph(tf, model, variables, false, Set.of(), 0, 0);
		g.build(input);
		return g;
	}

	/**
	 * The training pass from {@code input}: batch norm layers not in {@code frozen} use batch statistics and update
	 * their moving averages ({@link #updates()}); dropout layers are active, and {@code extraDropout} (0 = none) is
	 * applied to the input of the classifier layer.
	 */
	static LayerGraph training(final Ops tf, final Model model, final Map<String, Variable<TFloat32>> variables,
		final Operand<TFloat32> input, final Set<String> frozen, final double extraDropout, final long seed)
	{
		final LayerGraph g = new LayerGraph(tf, model, variables, true, frozen, extraDropout, seed);
		g.build(input);
		return g;
	}

	private void build(final Operand<TFloat32> input) {
		for (final Node node : model.nodes()) {
			final List<Operand<TFloat32>> in = new ArrayList<>();
			for (final String i : node.inputs()) in.add(outputs.get(i));
			final Operand<TFloat32> out = node.layer() instanceof InputLayer ? input : translate(node, in);
			outputs.put(node.name(), out);
		}
	}

	/** The output of a layer. */
	Operand<TFloat32> output(final String layer) {
		final Operand<TFloat32> out = outputs.get(layer);
		if (out == null) throw new UserInputException("model " + model.name() + " has no layer named '" + layer + "'");
		return out;
	}

	/** Moving-average updates of batch normalisation (training pass). */
	List<Op> updates() {
		return updates;
	}

	/**
	 * The classifier's values before its softmax (for the cross-entropy loss); an error when the model does not end
	 * with a softmax.
	 */
	Operand<TFloat32> logits() {
		if (logits == null) {
			throw new UserInputException("model " + model.name() + " does not end with a softmax classifier (its output " +
				"is layer '" + model.output() + "'): it cannot be trained as a classifier");
		}
		return logits;
	}

	/** The classifier's values before its softmax, or null when the model does not end with a softmax. */
	Operand<TFloat32> logitsOrNull() {
		return logits;
	}

	private Operand<TFloat32> translate(final Node node, final List<Operand<TFloat32>> in) {
		final Layer layer = node.layer();
		final boolean last = node.name().equals(model.output());
		final Ops s = tf.withSubScope(node.name());
		Operand<TFloat32> x = in.isEmpty() ? null : in.get(0);
		if (last && training && extraDropout > 0 && (layer instanceof Dense || layer instanceof Conv2D)) {
			x = dropout(s, x, extraDropout);
		}
		if (layer instanceof Conv2D c) {
			Operand<TFloat32> y = s.nn.conv2d(x, weight(node, "kernel"), strides(c.stride()), c.padding().key()
				.toUpperCase());
			if (c.useBias()) y = s.nn.biasAdd(y, weight(node, "bias"));
			return activation(s, c.activation(), y, last);
		}
		if (layer instanceof DepthwiseConv2D c) {
			Operand<TFloat32> y = s.nn.depthwiseConv2dNative(x, weight(node, "depthwise_kernel"), strides(c.stride()),
				c.padding().key().toUpperCase());
			if (c.useBias()) y = s.nn.biasAdd(y, weight(node, "bias"));
			return activation(s, c.activation(), y, last);
		}
		if (layer instanceof Dense d) {
			Operand<TFloat32> y = s.linalg.matMul(x, weight(node, "kernel"));
			if (d.useBias()) y = s.nn.biasAdd(y, weight(node, "bias"));
			return activation(s, d.activation(), y, last);
		}
		if (layer instanceof BatchNormalization b) return batchNormalization(s, node, b, x);
		if (layer instanceof ReLU r) {
			if (!r.isCapped()) return s.nn.relu(x);
			if (r.maxValue() == 6) return s.nn.relu6(x);
			return s.math.minimum(s.nn.relu(x), s.constant((float) r.maxValue()));
		}
		if (layer instanceof ActivationLayer a) return activation(s, a.activation(), x, last);
		if (layer instanceof Softmax) return activation(s, Activation.SOFTMAX, x, last);
		if (layer instanceof MaxPooling2D p) {
			return s.nn.maxPool(x, s.constant(new int[] { 1, p.poolHeight(), p.poolWidth(), 1 }), s.constant(new int[] {
				1, p.stride(), p.stride(), 1 }), p.padding().key().toUpperCase());
		}
		if (layer instanceof AveragePooling2D p) {
			return s.nn.avgPool(x, List.of(1L, (long) p.poolHeight(), (long) p.poolWidth(), 1L), strides(p.stride()), p
				.padding().key().toUpperCase());
		}
		if (layer instanceof GlobalAveragePooling2D || layer instanceof GlobalMaxPooling2D) {
			// a pooling window over the whole map (gradients known for AvgPool and MaxPool), then [batch, channels]
			final Shape shape = node.inputShapes().get(0);
			final Operand<TFloat32> pooled = layer instanceof GlobalAveragePooling2D ? s.nn.avgPool(x, List.of(1L,
				(long) shape.height(), (long) shape.width(), 1L), strides(1), "VALID") : s.nn.maxPool(x, s.constant(
					new int[] { 1, shape.height(), shape.width(), 1 }), s.constant(new int[] { 1, 1, 1, 1 }), "VALID");
			return s.reshape(pooled, s.constant(new long[] { -1, shape.channels() }));
		}
		if (layer instanceof Flatten) {
			return s.reshape(x, s.constant(new long[] { -1, node.outputShape().channels() }));
		}
		if (layer instanceof ZeroPadding2D z) {
			return s.pad(x, s.constant(new int[][] { { 0, 0 }, { z.top(), z.bottom() }, { z.left(), z.right() }, { 0,
				0 } }), s.constant(0f));
		}
		if (layer instanceof Dropout d) return training && d.rate() > 0 ? dropout(s, x, d.rate()) : x;
		if (layer instanceof ScaledAdd a) {
			return s.math.add(in.get(0), s.math.mul(in.get(1), s.constant((float) a.scale())));
		}
		if (layer instanceof Add) {
			Operand<TFloat32> sum = in.get(0);
			for (int i = 1; i < in.size(); i++) sum = s.math.add(sum, in.get(i));
			return sum;
		}
		if (layer instanceof Concatenate) return s.concat(in, s.constant(-1));
		throw new UserInputException("layer " + node.name() + " of type " + layer.type() +
			" cannot be built with TensorFlow");
	}

	private Operand<TFloat32> activation(final Ops s, final Activation a, final Operand<TFloat32> x,
		final boolean last)
	{
		switch (a) {
			case RELU:
				return s.nn.relu(x);
			case RELU6:
				return s.nn.relu6(x);
			case SIGMOID:
				return s.math.sigmoid(x);
			case TANH:
				return s.math.tanh(x);
			case SOFTMAX:
				if (last) logits = x;
				return s.nn.softmax(x);
			default:
				return x;
		}
	}

	/** Keras's batch normalisation; batch statistics and moving-average updates only when training and not frozen. */
	private Operand<TFloat32> batchNormalization(final Ops s, final Node node, final BatchNormalization b,
		final Operand<TFloat32> x)
	{
		final int channels = node.outputShape().channels();
		final Operand<TFloat32> gamma = b.scale() ? weight(node, "gamma") : filled(s, channels, 1f);
		final Operand<TFloat32> beta = b.center() ? weight(node, "beta") : filled(s, channels, 0f);
		final Variable<TFloat32> movingMean = weight(node, "moving_mean");
		final Variable<TFloat32> movingVariance = weight(node, "moving_variance");
		final boolean batchStatistics = training && !frozen.contains(node.name());
		final boolean flat = node.outputShape().isFlat();
		final Operand<TFloat32> input = flat ? s.reshape(x, s.constant(new long[] { -1, 1, 1, channels })) : x;
		final Operand<TFloat32> y;
		if (batchStatistics) {
			final FusedBatchNorm<TFloat32, TFloat32> bn = s.nn.fusedBatchNorm(input, gamma, beta, s.constant(new float[0]),
				s.constant(new float[0]), FusedBatchNorm.epsilon((float) b.epsilon()), FusedBatchNorm.isTraining(true),
				FusedBatchNorm.dataFormat("NHWC"));
			final Operand<TFloat32> keep = s.constant((float) b.momentum());
			final Operand<TFloat32> take = s.constant((float) (1 - b.momentum()));
			updates.add(s.assign(movingMean, s.math.add(s.math.mul(movingMean, keep), s.math.mul(s.stopGradient(bn
				.batchMean()), take))));
			updates.add(s.assign(movingVariance, s.math.add(s.math.mul(movingVariance, keep), s.math.mul(s.stopGradient(
				bn.batchVariance()), take))));
			y = bn.y();
		}
		else {
			y = s.nn.fusedBatchNorm(input, gamma, beta, movingMean, movingVariance, FusedBatchNorm.epsilon((float) b
				.epsilon()), FusedBatchNorm.isTraining(false), FusedBatchNorm.dataFormat("NHWC")).y();
		}
		return flat ? s.reshape(y, s.constant(new long[] { -1, channels })) : y;
	}

	/** Inverted dropout: keeps a value with probability 1 - rate and scales it by 1 / (1 - rate); seeded. */
	private Operand<TFloat32> dropout(final Ops s, final Operand<TFloat32> x, final double rate) {
		final float keep = (float) (1 - rate);
		final long opSeed = seed * 1_000_003L + ++randomOps;
		final Operand<TFloat32> random = s.random.randomUniform(s.shape(x), TFloat32.class, RandomUniform.seed(seed),
			RandomUniform.seed2(opSeed));
		final Operand<TFloat32> mask = s.math.floor(s.math.add(random, s.constant(keep)));
		return s.math.mul(x, s.math.mul(mask, s.constant(1 / keep)));
	}

	private Variable<TFloat32> weight(final Node node, final String shortName) {
		final Variable<TFloat32> v = variables.get(node.name() + "/" + shortName);
		if (v == null) throw new IllegalStateException("no variable for " + node.name() + "/" + shortName);
		return v;
	}

	private static Operand<TFloat32> filled(final Ops s, final int n, final float value) {
		final float[] v = new float[n];
		Arrays.fill(v, value);
		return s.constant(v);
	}

	private static List<Long> strides(final int stride) {
		return List.of(1L, (long) stride, (long) stride, 1L);
	}
}
