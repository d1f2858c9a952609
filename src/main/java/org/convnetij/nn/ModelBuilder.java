package org.convnetij.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;

/**
 * Builds a {@link Model} graph in Keras's functional style: each {@link #add(Layer, String...)} names the nodes it
 * reads and returns the new node's name, shapes are inferred at once (a bad layer fails where it is added):
 *
 * <pre>
 * ModelBuilder b = Model.builder("tiny", InputShape.of(28, 28, 1));
 * String x = b.add(Conv2D.named("conv1").filters(8).kernel(3).activation(Activation.RELU), b.input());
 * x = b.add(Flatten.named("flatten"), x);
 * x = b.add(Dense.named("predictions").units(10).activation(Activation.SOFTMAX), x);
 * Model m = b.build();
 * </pre>
 *
 * Not thread-safe; the {@link Model} it builds is immutable.
 */
public final class ModelBuilder {

	private final String modelName;
	private final InputShape inputShape;
	private final Map<String, Node> nodes = new LinkedHashMap<>();
	private final Map<String, Integer> autoNames = new HashMap<>();
	private final String input;
	private String last;

	ModelBuilder(final String modelName, final InputShape inputShape, final String inputName) {
		this.modelName = Layer.checkName(modelName);
		this.inputShape = inputShape;
		final InputLayer in = new InputLayer(inputName, inputShape);
		nodes.put(in.name(), new Node(in, List.of(), List.of()));
		input = in.name();
		last = input;
	}

	/** Name of the input node ("input_1" unless named otherwise). */
	public String input() {
		return input;
	}

	/** Name of the node added last (the input at first). */
	public String last() {
		return last;
	}

	/** Output shape of a node added so far. */
	public Shape shape(final String node) {
		return node(node).outputShape();
	}

	/** Channels of a node added so far. */
	public int channels(final String node) {
		return shape(node).channels();
	}

	/**
	 * Keras's automatic name for an unnamed layer of a kind: "conv2d", then "conv2d_1", "conv2d_2", ... counted
	 * per builder, as in a fresh Keras session.
	 */
	public String autoName(final String prefix) {
		final int n = autoNames.merge(prefix, 1, Integer::sum) - 1;
		return n == 0 ? prefix : prefix + "_" + n;
	}

	/** Adds a layer fed by the named nodes (in order) and returns its name. */
	public String add(final Layer layer, final String... inputNames) {
		if (nodes.containsKey(layer.name())) {
			throw new UserInputException("model " + modelName + " already has a layer named " + layer.name());
		}
		final int arity = layer.arity();
		if (arity == Layer.ANY_NUMBER ? inputNames.length < 2 : inputNames.length != arity) {
			throw new UserInputException("layer " + layer.name() + " (" + layer.type() + ") takes " +
				(arity == Layer.ANY_NUMBER ? "2 or more" : Integer.toString(arity)) + " inputs, not " + inputNames.length +
				": " + Arrays.toString(inputNames));
		}
		final List<Shape> shapes = new ArrayList<>(inputNames.length);
		for (final String in : inputNames) shapes.add(node(in).outputShape());
		final Node n = new Node(layer, Arrays.asList(inputNames), shapes);
		nodes.put(n.name(), n);
		last = n.name();
		return last;
	}

	/** A model whose output is the node added last. */
	public Model build() {
		return build(last);
	}

	/** A model whose output is the named node; nodes that do not lead to it are left out. */
	public Model build(final String output) {
		node(output);
		return new Model(modelName, inputShape, input, output, nodes);
	}

	private Node node(final String name) {
		final Node n = nodes.get(name);
		if (n == null) throw new UserInputException("model " + modelName + " has no layer named " + name);
		return n;
	}
}
