package org.convnetij.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;

/**
 * An immutable CNN definition: a directed acyclic graph of named layers from one image input to one output, in
 * topological order (every node after the nodes it reads). Pure description: no weights' values, no TensorFlow.
 * Build one with {@link #builder(String, InputShape)} or get a named one from {@link Architectures}.
 */
public final class Model {

	/** Keras's name for the input layer. */
	public static final String DEFAULT_INPUT_NAME = "input_1";

	private final String name;
	private final InputShape inputShape;
	private final String input;
	private final String output;
	private final Map<String, Node> nodes;

	Model(final String name, final InputShape inputShape, final String input, final String output,
		final Map<String, Node> all)
	{
		this.name = name;
		this.inputShape = inputShape;
		this.input = input;
		this.output = output;
		this.nodes = Collections.unmodifiableMap(reaching(all, output));
	}

	/** A builder whose input node is named {@value #DEFAULT_INPUT_NAME}. */
	public static ModelBuilder builder(final String name, final InputShape inputShape) {
		return new ModelBuilder(name, inputShape, DEFAULT_INPUT_NAME);
	}

	/** A builder with a chosen input node name. */
	public static ModelBuilder builder(final String name, final InputShape inputShape, final String inputName) {
		return new ModelBuilder(name, inputShape, inputName);
	}

	/** Keeps the nodes the output depends on, in their original (topological) order. */
	private static Map<String, Node> reaching(final Map<String, Node> all, final String output) {
		final Set<String> needed = new HashSet<>();
		final List<String> todo = new ArrayList<>(List.of(output));
		while (!todo.isEmpty()) {
			final String n = todo.remove(todo.size() - 1);
			if (needed.add(n)) todo.addAll(all.get(n).inputs());
		}
		final Map<String, Node> kept = new LinkedHashMap<>();
		for (final Map.Entry<String, Node> e : all.entrySet()) {
			if (needed.contains(e.getKey())) kept.put(e.getKey(), e.getValue());
		}
		return kept;
	}

	public String name() {
		return name;
	}

	public InputShape inputShape() {
		return inputShape;
	}

	/** Name of the input node. */
	public String input() {
		return input;
	}

	/** Name of the output node. */
	public String output() {
		return output;
	}

	public Shape outputShape() {
		return nodes.get(output).outputShape();
	}

	/** All nodes, input first, in topological order. */
	public List<Node> nodes() {
		return List.copyOf(nodes.values());
	}

	/** Layers in topological order (the input layer first). */
	public List<Layer> layers() {
		final List<Layer> layers = new ArrayList<>(nodes.size());
		for (final Node n : nodes.values()) layers.add(n.layer());
		return layers;
	}

	public boolean has(final String layerName) {
		return nodes.containsKey(layerName);
	}

	/** The node of that name, or a message naming the model. */
	public Node node(final String layerName) {
		final Node n = nodes.get(layerName);
		if (n == null) throw new UserInputException("model " + name + " has no layer named '" + layerName + "'");
		return n;
	}

	/** Names of the nodes that read the named node's output. */
	public List<String> consumers(final String layerName) {
		final List<String> out = new ArrayList<>();
		for (final Node n : nodes.values()) {
			if (n.inputs().contains(layerName)) out.add(n.name());
		}
		return out;
	}

	/**
	 * The same graph cut at {@code layerName}: that node becomes the output (feature extraction, a model without its
	 * classifier).
	 */
	public Model truncatedAt(final String layerName) {
		node(layerName);
		return new Model(name, inputShape, input, layerName, nodes);
	}

	public long totalParameters() {
		long n = 0;
		for (final Node node : nodes.values()) n += node.parameters();
		return n;
	}

	public long trainableParameters() {
		long n = 0;
		for (final Node node : nodes.values()) n += node.trainableParameters();
		return n;
	}

	public long nonTrainableParameters() {
		return totalParameters() - trainableParameters();
	}

	/** Keras-like summary table (see {@link ModelSummary}). */
	public String summary() {
		return ModelSummary.of(this);
	}

	@Override
	public String toString() {
		return "Model " + name + ": " + inputShape + " -> " + outputShape() + ", " + nodes.size() + " layers, " +
			totalParameters() + " parameters";
	}
}
