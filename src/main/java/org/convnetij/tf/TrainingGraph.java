package org.convnetij.tf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.convnetij.nn.Conv2D;
import org.convnetij.nn.Dense;
import org.convnetij.nn.DepthwiseConv2D;
import org.convnetij.nn.Model;
import org.convnetij.nn.Node;
import org.convnetij.nn.Weight;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.TrainingSetup;
import org.convnetij.nn.Metrics;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.GradientDescent;
import org.tensorflow.framework.optimizers.Momentum;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.framework.optimizers.RMSProp;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * The training pass of a model: labels placeholder (one-hot), mean softmax cross-entropy plus L2 on kernels, the
 * gradients of that loss for the trainable variables of the layers that are not frozen only
 * ({@code Graph.addGradients}), and the optimizer's update of exactly those ({@code applyGradients}), with the
 * moving-average updates of batch normalisation run in the same step.
 */
final class TrainingGraph {

	private final TrainingSetup setup;
	private final Placeholder<TFloat32> input;
	private final Placeholder<TFloat32> labels;
	private final Operand<TFloat32> loss;
	private final Operand<TFloat32> probabilities;
	private final Op train;
	private final List<Op> updates;
	/** The optimizer's own variables (moments, accumulators, step powers), by op name, with assign ops. */
	private final Map<String, Output<TFloat32>> slots = new java.util.LinkedHashMap<>();
	private final Map<String, Placeholder<TFloat32>> slotValues = new java.util.LinkedHashMap<>();
	private final Map<String, Op> slotAssigns = new java.util.LinkedHashMap<>();

	TrainingGraph(final Graph graph, final Ops tf, final Model model, final Map<String, Variable<TFloat32>> variables,
		final Placeholder<TFloat32> input, final TrainingSetup setup)
	{
		this.setup = setup;
		this.input = input;
		for (final String layer : setup.frozen()) model.node(layer);
		final Ops t = tf.withSubScope("training");
		final LayerGraph pass = LayerGraph.training(t, model, variables, input, setup.frozen(), setup.dropout(), setup
			.seed());
		final Operand<TFloat32> logits = pass.logits();
		final int classes = model.outputShape().channels();
		labels = t.withName("labels").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
		final Operand<TFloat32> crossEntropy = t.math.mean(t.nn.softmaxCrossEntropyWithLogits(logits, labels).loss(), t
			.constant(0));
		probabilities = t.nn.softmax(logits);
		// trainable variables of layers that are not frozen; L2 on their kernels
		final List<Variable<TFloat32>> trained = new ArrayList<>();
		Operand<TFloat32> total = crossEntropy;
		for (final Node node : model.nodes()) {
			if (setup.frozen().contains(node.name())) continue;
			for (final Weight w : node.weights()) {
				if (!w.isTrainable()) continue;
				final Variable<TFloat32> v = variables.get(node.weightName(w));
				trained.add(v);
				final boolean kernel = w.name().equals("kernel") && (node.layer() instanceof Conv2D || node
					.layer() instanceof Dense) || w.name().equals("depthwise_kernel") && node
						.layer() instanceof DepthwiseConv2D;
				if (kernel && setup.l2() > 0) {
					total = t.math.add(total, t.math.mul(t.constant((float) (2 * setup.l2())), t.nn.l2Loss(v)));
				}
			}
		}
		if (trained.isEmpty()) {
			throw new UserInputException("every layer of model " + model.name() +
				" is frozen: nothing left to train; freeze fewer layers");
		}
		loss = total;
		final Output<?>[] xs = new Output<?>[trained.size()];
		for (int i = 0; i < xs.length; i++) xs[i] = trained.get(i).asOutput();
		final Output<?>[] gradients = graph.addGradients("gradients", new Output<?>[] { loss.asOutput() }, xs, null);
		final List<Optimizer.GradAndVar<? extends TType>> pairs = new ArrayList<>();
		for (int i = 0; i < xs.length; i++) pairs.add(pair(gradients[i], xs[i]));
		final Set<String> before = new java.util.HashSet<>();
		graph.operations().forEachRemaining(op -> before.add(op.name()));
		train = optimizer(graph, setup).applyGradients(pairs, "train");
		updates = pass.updates();
		// the variables the optimizer added: its state, saved with the model so that resumed training goes on
		final List<org.tensorflow.GraphOperation> added = new ArrayList<>();
		graph.operations().forEachRemaining(op -> {
			// VariableV2 gives a reference to float (DT_FLOAT_REF)
			if (!before.contains(op.name()) && op.type().startsWith("Variable") && op.numOutputs() == 1 && (op.output(0)
				.dataType() == org.tensorflow.proto.DataType.DT_FLOAT || op.output(0).dataType() == org.tensorflow.proto.DataType.DT_FLOAT_REF)) {
				added.add(op);
			}
		});
		final Ops o = tf.withSubScope("optimizer_state");
		for (final org.tensorflow.GraphOperation op : added) {
			@SuppressWarnings("unchecked")
			final Output<TFloat32> v = (Output<TFloat32>) (Output<?>) op.output(0);
			final Placeholder<TFloat32> value = o.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
			slots.put(op.name(), v);
			slotValues.put(op.name(), value);
			slotAssigns.put(op.name(), o.assign(v, value));
		}
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static Optimizer.GradAndVar<? extends TType> pair(final Output<?> gradient, final Output<?> variable) {
		return new Optimizer.GradAndVar(gradient, variable);
	}

	private static Optimizer optimizer(final Graph graph, final TrainingSetup s) {
		final float rate = (float) s.learningRate();
		switch (s.optimizer()) {
			case "adam":
				return new OrderedAdam(graph, rate);
			case "rmsprop":
				return new RMSProp(graph, rate);
			case "sgd":
				return s.momentum() > 0 ? new Momentum(graph, rate, (float) s.momentum()) : new GradientDescent(graph,
					rate);
			default:
				throw new UserInputException("optimizer must be sgd, rmsprop or adam, not '" + s.optimizer() + "'");
		}
	}

	TrainingSetup setup() {
		return setup;
	}

	/** The optimizer's state now, by variable name, with the shapes. */
	Map<String, float[]> optimizerState(final Session session, final Map<String, int[]> shapes) {
		final Map<String, float[]> out = new java.util.LinkedHashMap<>();
		FloatFetch.withShapes(session, slots).forEach((name, f) -> {
			out.put(name, f.values());
			shapes.put(name, f.shape());
		});
		return out;
	}

	/**
	 * Sets the optimizer's variables that {@code state} has under the same name and size (the rest keep their
	 * initial values); returns how many were set.
	 */
	int setOptimizerState(final Session session, final Map<String, float[]> state) {
		final Session.Runner r = session.runner();
		final List<TFloat32> tensors = new ArrayList<>();
		int set = 0;
		try {
			for (final Map.Entry<String, Output<TFloat32>> e : slots.entrySet()) {
				final float[] v = state.get(e.getKey());
				final Shape shape = e.getValue().shape();
				if (v == null || shape.hasUnknownDimension() || v.length != shape.size()) continue;
				final TFloat32 t = TFloat32.tensorOf(shape, DataBuffers.of(v, true, false));
				tensors.add(t);
				r.feed(slotValues.get(e.getKey()), t).addTarget(slotAssigns.get(e.getKey()));
				set++;
			}
			if (set > 0) {
				try (Result ignored = r.run()) {
					// assigned
				}
			}
		}
		finally {
			for (final TFloat32 t : tensors) t.close();
		}
		return set;
	}

	/** Initialises the optimizer's slot variables (the model's own weights have no initialisers). */
	void initialize(final Session session) {
		session.initialize();
	}

	/**
	 * Runs {@code steps} training steps feeding ready-made tensors (batches used in turn), fetching only the loss;
	 * the reference loop of the training benchmark. Returns the seconds taken.
	 */
	double bareSteps(final Session session, final List<TFloat32> images, final List<TFloat32> oneHots,
		final int steps)
	{
		final long start = System.nanoTime();
		for (int s = 0; s < steps; s++) {
			final int b = s % images.size();
			final Session.Runner runner = session.runner().feed(input, images.get(b)).feed(labels, oneHots.get(b)).fetch(
				loss).addTarget(train);
			for (final Op u : updates) runner.addTarget(u);
			try (Result r = runner.run()) {
				if (!Float.isFinite(((TFloat32) r.get(0)).getFloat())) throw new IllegalStateException("NaN loss");
			}
		}
		return (System.nanoTime() - start) / 1e9;
	}

	/** One step on a batch; {loss, correct count} as computed before the update. */
	double[] step(final Session session, final float[] nhwc, final float[] oneHot, final int n, final Model model) {
		final org.convnetij.nn.Shape in = org.convnetij.nn.Shape.of(model.inputShape());
		final int classes = model.outputShape().channels();
		try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, in.height(), in.width(), in.channels()), DataBuffers.of(nhwc,
			true, false)); TFloat32 y = TFloat32.tensorOf(Shape.of(n, classes), DataBuffers.of(oneHot, true, false)))
		{
			final Session.Runner runner = session.runner().feed(input, x).feed(labels, y).fetch(loss).fetch(
				probabilities).addTarget(train);
			for (final Op u : updates) runner.addTarget(u);
			try (Result r = runner.run()) {
				final float l = ((TFloat32) r.get(0)).getFloat();
				final float[] p = new float[n * classes];
				((TFloat32) r.get(1)).copyTo(DataBuffers.of(p, false, false));
				return new double[] { l, Metrics.correct(p, oneHot, n, classes) };
			}
		}
	}
}
