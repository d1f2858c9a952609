package org.convnetij.tf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.convnetij.util.UserInputException;
import org.convnetij.nn.Metrics;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;

/**
 * Fine-tuning of a SavedModel kept as it is ({@link SavedModelNetwork}), with a new softmax head on one of its
 * tensors: the Keras recipe of Transfer Learning's finetune strategy on a network that is none of ours.
 * <p>
 * The serving function's body is part of the graph ({@link SavedModelGraph}); its variables are resource variables
 * read by ReadVariableOp. The head (a Dense kernel and bias, resource variables of its own) sits on the feature
 * tensor (averaged over height and width when 4-D); gradients of the cross-entropy are taken with respect to the
 * reads of the variables left trainable (TensorFlow's C++ gradients through the function's ops) and applied with
 * Adam (ResourceApplyAdam) to the variables themselves. Frozen: the layers up to {@code freeze}, and every batch
 * normalisation layer (its scale, offset and statistics; the serving function computes it in inference mode
 * already). The fine-tuned values are written with the SavedModel's own save op, so the result is a SavedModel of
 * the same graph with new variable values.
 */
final class SavedModelFineTuning {

	private final SavedModelNetwork net;
	private final Graph graph;
	private final Session session;
	private final Ops tf;
	private final int classes;
	private final int features;
	private final Placeholder<TFloat32> labels, rate, beta1Power, beta2Power;
	private final Output<TFloat32> loss, probabilities;
	private final List<GraphOperation> updates = new ArrayList<>();
	/** Trainable variables by name (layer ones, then the head's), with their shapes. */
	private final Map<String, Operand<?>> handles = new LinkedHashMap<>();
	private final Map<String, Shape> shapes = new LinkedHashMap<>();
	private final Map<String, Placeholder<TFloat32>> assignValues = new LinkedHashMap<>();
	private final Map<String, GraphOperation> assigns = new LinkedHashMap<>();
	private final Map<String, Output<TFloat32>> reads = new LinkedHashMap<>();
	private final List<String> frozenLayers, trainedLayers;
	private final List<GraphOperation> slotResets = new ArrayList<>();
	private long step;

	/**
	 * Builds the training ops for {@code net} with the head {@code head} (trained already, on the features) and the
	 * layers up to {@code freeze} frozen (a layer name or a count of the layers with variables; empty: the first two
	 * thirds).
	 */
	SavedModelFineTuning(final SavedModelNetwork net, final SavedModelFolder.Head head, final String freeze) {
		this.net = net;
		final SavedModelGraph loaded = net.loaded();
		graph = loaded.graph();
		session = loaded.session();
		tf = Ops.create(graph).withSubScope("convnetij_finetune");
		classes = head.classes();
		features = head.features();
		final Output<TFloat32> feature = floatOutput(net.tensorName(head.tensor()));
		// as the head was trained: averaged over height and width, else flat
		final Operand<TFloat32> x = head.pooled() ? tf.math.mean(feature, tf.constant(new int[] { 1, 2 })) : tf.reshape(
			feature, tf.constant(new long[] { -1, head.features() }));
		// the head: resource variables of its own, set from the trained head
		final Operand<?> kernel = variable("head_kernel", Shape.of(features, classes));
		final Operand<?> bias = variable("head_bias", Shape.of(classes));
		final Output<TFloat32> logits = tf.nn.biasAdd(tf.linalg.matMul(x, reads.get("head_kernel")), reads.get(
			"head_bias")).output();
		probabilities = tf.nn.softmax(logits).softmax();
		labels = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
		loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss(), tf.constant(0)).asOutput();
		rate = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
		beta1Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
		beta2Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

		// the SavedModel's variables that the feature tensor depends on, grouped by layer in the network's order
		final Map<String, List<GraphOperation>> layerReads = layerReads(net, ancestors((GraphOperation) feature.op()));
		final Set<String> batchNorm = batchNormLayers(net);
		final List<String> withWeights = new ArrayList<>(layerReads.keySet());
		final int count = frozenCount(withWeights, freeze);
		frozenLayers = new ArrayList<>();
		trainedLayers = new ArrayList<>();
		final List<Output<?>> trainableReads = new ArrayList<>();
		final List<Output<?>> readVariables = new ArrayList<>();
		for (int i = 0; i < withWeights.size(); i++) {
			final String layer = withWeights.get(i);
			final List<GraphOperation> trainable = new ArrayList<>();
			for (final GraphOperation read : layerReads.get(layer)) {
				// statistics and weights saved as not trainable stay as they are
				if (net.loaded().trainable(read.input(0).op().name())) trainable.add(read);
			}
			if (i < count || batchNorm.contains(layer) || trainable.isEmpty()) {
				frozenLayers.add(layer);
				continue;
			}
			trainedLayers.add(layer);
			for (final GraphOperation read : trainable) {
				trainableReads.add(read.output(0));
				readVariables.add(read.input(0));
			}
		}
		if (trainedLayers.isEmpty()) {
			throw new UserInputException("no layer of the SavedModel below its feature tensor " + head.tensor() +
				" can be fine-tuned (" + (withWeights.isEmpty() ? "none has weights there; TensorFlow 1 SavedModels " +
					"are run as they are" : "all " + withWeights.size() + " are frozen by freeze or are batch " +
						"normalisation") + "); use strategy=features, or a smaller freeze");
		}
		final List<Output<?>> xs = new ArrayList<>(trainableReads);
		xs.add(reads.get("head_kernel"));
		xs.add(reads.get("head_bias"));
		final Output<?>[] grads;
		try {
			grads = graph.addGradients(loss, xs.toArray(new Output<?>[0]));
		}
		catch (final RuntimeException e) {
			throw new UserInputException("the SavedModel's network cannot be fine-tuned here: " + e.getMessage() +
				" (TensorFlow Java has no gradient for one of its ops); use strategy=features", e);
		}
		// one gradient per variable: a variable read twice gets the sum; a read the loss does not depend on through
		// differentiable ops has no gradient, and its variable stays as it is
		final Map<String, Operand<TFloat32>> gradients = new LinkedHashMap<>();
		final Map<String, Output<?>> layerHandles = new LinkedHashMap<>();
		for (int i = 0; i < trainableReads.size(); i++) {
			if (!hasGradient(grads[i])) continue;
			final Output<?> handle = readVariables.get(i);
			final String v = handle.op().name() + (handle.index() == 0 ? "" : ":" + handle.index());
			@SuppressWarnings("unchecked")
			final Operand<TFloat32> g = (Operand<TFloat32>) grads[i];
			gradients.merge(v, g, (a, b) -> tf.math.add(a, b));
			layerHandles.putIfAbsent(v, handle);
			shapes.putIfAbsent(v, trainableReads.get(i).shape());
		}
		for (final Map.Entry<String, Output<?>> e : layerHandles.entrySet()) {
			handles.put(e.getKey(), e.getValue());
			assignable(e.getKey(), e.getValue(), shapes.get(e.getKey()));
			reads.putIfAbsent(e.getKey(), tf.readVariableOp(e.getValue(), TFloat32.class).value());
		}
		@SuppressWarnings("unchecked")
		final Operand<TFloat32> gk = (Operand<TFloat32>) grads[grads.length - 2];
		@SuppressWarnings("unchecked")
		final Operand<TFloat32> gb = (Operand<TFloat32>) grads[grads.length - 1];
		gradients.put("head_kernel", gk);
		gradients.put("head_bias", gb);
		handles.put("head_kernel", kernel);
		handles.put("head_bias", bias);
		for (final Map.Entry<String, Operand<TFloat32>> e : gradients.entrySet()) {
			final Shape s = shapes.get(e.getKey());
			final Operand<?> m = slot(s), v = slot(s);
			updates.add(OrderedAdam.resourceUpdate(tf, handles.get(e.getKey()), new Operand<?>[] { m, v, beta1Power,
				beta2Power, rate }, e.getValue()));
		}
		setWeights(Map.of("head_kernel", head.kernel(), "head_bias", head.bias()));
		// one run for all: each new set of targets prepares an executor for the whole graph
		final Session.Runner resets = session.runner();
		for (final GraphOperation reset : slotResets) resets.addTarget(reset);
		try (Result r = resets.run()) {
			// Adam's moments at zero
		}
	}

	/** False for the "no gradient" that TensorFlow gives for an input the loss does not depend on. */
	private static boolean hasGradient(final Output<?> g) {
		try {
			return g != null && g.op() != null;
		}
		catch (final RuntimeException e) {
			return false;
		}
	}

	/** A resource variable of the head, with its assign op and a read. */
	private Operand<?> variable(final String name, final Shape shape) {
		// a variable without a shared name would share one resource with every other such variable
		final VarHandleOp handle = tf.withName(name).varHandleOp(TFloat32.class, shape, VarHandleOp.sharedName(
			"convnetij_finetune_" + name));
		shapes.put(name, shape);
		assignable(name, handle, shape);
		reads.put(name, tf.readVariableOp(handle, TFloat32.class).value());
		return handle;
	}

	private void assignable(final String name, final Operand<?> handle, final Shape shape) {
		final Placeholder<TFloat32> value = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
		assignValues.put(name, value);
		assigns.put(name, (GraphOperation) tf.assignVariableOp(handle, value).op());
	}

	/** An Adam slot (first or second moment), zeroed before training. */
	private Operand<?> slot(final Shape shape) {
		final VarHandleOp handle = tf.varHandleOp(TFloat32.class, shape, VarHandleOp.sharedName(
			"convnetij_finetune_slot_" + slotResets.size()));
		slotResets.add((GraphOperation) tf.assignVariableOp(handle, tf.zeros(tf.constant(shape.asArray()), TFloat32.class))
			.op());
		return handle;
	}

	@SuppressWarnings("unchecked")
	private Output<TFloat32> floatOutput(final String tensor) {
		final String op = SavedModelGraph.opName(tensor);
		final int index = op.equals(tensor) ? 0 : Integer.parseInt(tensor.substring(tensor.lastIndexOf(':') + 1));
		final Output<?> out = graph.operation(op).output(index);
		return (Output<TFloat32>) out;
	}

	/** Every op that {@code op} is computed from. */
	private static Set<String> ancestors(final GraphOperation op) {
		final Set<String> seen = new HashSet<>();
		final List<GraphOperation> todo = new ArrayList<>(List.of(op));
		while (!todo.isEmpty()) {
			final GraphOperation o = todo.remove(todo.size() - 1);
			if (!seen.add(o.name())) continue;
			for (int i = 0; i < o.numInputs(); i++) todo.add((GraphOperation) o.input(i).op());
		}
		return seen;
	}

	/**
	 * The inlined ReadVariableOps of float variables among {@code ancestors}, by layer scope
	 * ({@link SavedModelNetwork#layerOf}), in the network's order.
	 */
	private static Map<String, List<GraphOperation>> layerReads(final SavedModelNetwork net,
		final Set<String> ancestors)
	{
		final Map<String, List<GraphOperation>> out = new LinkedHashMap<>();
		for (final String name : net.loaded().inlined()) {
			final GraphOperation op = net.loaded().graph().operation(name);
			if (!op.type().equals("ReadVariableOp") || !ancestors.contains(name)) continue;
			if (op.output(0).dataType() != org.tensorflow.proto.DataType.DT_FLOAT) continue;
			out.computeIfAbsent(net.layerOf(name), k -> new ArrayList<>()).add(op);
		}
		return out;
	}

	/** Layers that normalise batches: with a "batchnorm" scope (Keras 3) or a FusedBatchNorm op. */
	private static Set<String> batchNormLayers(final SavedModelNetwork net) {
		final Set<String> out = new LinkedHashSet<>();
		for (final String name : net.loaded().inlined()) {
			final GraphOperation op = net.loaded().graph().operation(name);
			if (name.contains("/batchnorm/") || op.type().startsWith("FusedBatchNorm")) out.add(net.layerOf(name));
		}
		return out;
	}

	/** How many of the first layers with weights stay frozen; see the constructor. */
	private static int frozenCount(final List<String> layers, final String freeze) {
		final String f = freeze == null ? "" : freeze.trim();
		if (f.isEmpty() || layers.isEmpty()) return layers.size() * 2 / 3;
		if (f.matches("\\d+")) {
			final int n = Integer.parseInt(f);
			if (n > layers.size()) {
				throw new UserInputException("freeze " + n + " is more than the " + layers.size() + " layers with weights " +
					"below the feature tensor");
			}
			return n;
		}
		for (int i = 0; i < layers.size(); i++) {
			if (SavedModelNetwork.layerName(layers.get(i)).equals(f) || layers.get(i).equals(f)) return i + 1;
		}
		throw new UserInputException("freeze: '" + f + "' is not a layer with weights below the feature tensor (for " +
			"example " + display(layers.get(layers.size() / 2)) + "), or give a count");
	}

	private static String display(final String scope) {
		return SavedModelNetwork.layerName(scope);
	}

	/** The layers kept as they are (first layers and batch normalisation), by Keras name. */
	List<String> frozenLayers() {
		return frozenLayers.stream().map(SavedModelFineTuning::display).toList();
	}

	/** The layers whose variables are trained, by Keras name. */
	List<String> trainedLayers() {
		return trainedLayers.stream().map(SavedModelFineTuning::display).toList();
	}

	/**
	 * One Adam step on a batch at {@code learningRate}; returns {loss, correct count} of the batch (before the
	 * step), a NaN loss as it is.
	 */
	double[] step(final float[] images, final float[] oneHot, final int n, final double learningRate) {
		step++;
		final Shape in = Shape.of(n, net.input().height(), net.input().width(), net.input().channels());
		try (TFloat32 x = TFloat32.tensorOf(in, DataBuffers.of(images, true, false)); TFloat32 y = TFloat32.tensorOf(
			Shape.of(n, classes), DataBuffers.of(oneHot, true, false)); TFloat32 lr = TFloat32.scalarOf(
				(float) learningRate); TFloat32 p1 = TFloat32.scalarOf((float) Math.pow(0.9, step)); TFloat32 p2 = TFloat32
					.scalarOf((float) Math.pow(0.999, step)))
		{
			final Session.Runner r = session.runner().feed(net.inputTensor(), x).feed(labels, y).feed(rate, lr).feed(
				beta1Power, p1).feed(beta2Power, p2).fetch(loss).fetch(probabilities);
			for (final GraphOperation u : updates) r.addTarget(u);
			try (Result out = r.run()) {
				final float l = ((TFloat32) out.get(0)).getFloat();
				if (!Float.isFinite(l)) return new double[] { Double.NaN, 0 };
				final float[] p = new float[n * classes];
				((TFloat32) out.get(1)).copyTo(DataBuffers.of(p, false, false));
				return new double[] { l, Metrics.correct(p, oneHot, n, classes) };
			}
		}
	}

	/** Class probabilities of {@code n} images (inference; the graph has no training mode). */
	float[][] predict(final float[] nhwc, final int n) {
		final int len = (int) net.input().length();
		final float[][] out = new float[n][];
		for (int start = 0; start < n; start += TfModel.INFERENCE_BATCH) {
			final int m = Math.min(TfModel.INFERENCE_BATCH, n - start);
			final float[] batch = java.util.Arrays.copyOfRange(nhwc, start * len, (start + m) * len);
			try (TFloat32 x = TFloat32.tensorOf(Shape.of(m, net.input().height(), net.input().width(), net.input()
				.channels()), DataBuffers.of(batch, true, false)); Result r = session.runner().feed(net.inputTensor(), x)
					.fetch(probabilities).run())
			{
				final float[] p = new float[m * classes];
				((TFloat32) r.get(0)).copyTo(DataBuffers.of(p, false, false));
				for (int i = 0; i < m; i++) out[start + i] = java.util.Arrays.copyOfRange(p, i * classes, (i + 1) * classes);
			}
		}
		return out;
	}

	/** The values of the trained variables and the head, by name. */
	Map<String, float[]> weights() {
		return FloatFetch.values(session, reads);
	}

	/** Sets variables by name (as {@link #weights()} gives them). */
	void setWeights(final Map<String, float[]> values) {
		final Session.Runner r = session.runner();
		final List<TFloat32> tensors = new ArrayList<>();
		try {
			for (final Map.Entry<String, float[]> e : values.entrySet()) {
				final TFloat32 t = TFloat32.tensorOf(shapes.get(e.getKey()), DataBuffers.of(e.getValue(), true, false));
				tensors.add(t);
				r.feed(assignValues.get(e.getKey()), t).addTarget(assigns.get(e.getKey()));
			}
			try (Result ignored = r.run()) {
				// assigned
			}
		}
		finally {
			for (final TFloat32 t : tensors) t.close();
		}
	}

	/** The head as trained now. */
	SavedModelFolder.Head head(final String tensor, final boolean pooled) {
		final Map<String, float[]> w = weights();
		return new SavedModelFolder.Head(tensor, pooled, features, w.get("head_kernel"), w.get("head_bias"));
	}

	/**
	 * Writes the SavedModel's variables as they are now into {@code prefix} (a checkpoint prefix such as
	 * savedmodel/variables/variables) with the SavedModel's own save op.
	 */
	void saveVariables(final Path prefix) {
		net.loaded().save(prefix);
	}

	/** A one-line summary of what is trained. */
	String describe() {
		return String.format(Locale.ROOT, "%d of %d layers with weights below the features frozen (batch " +
			"normalisation included), %d trained: %s", frozenLayers.size(), frozenLayers.size() + trainedLayers.size(),
			trainedLayers.size(), String.join(", ", trainedLayers()));
	}
}
