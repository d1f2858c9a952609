package org.convnetij.nn;

import java.util.Collections;
import java.util.List;

/**
 * A layer placed in a {@link Model}: its input node names (in order), their shapes, its output shape and its
 * weights with shapes resolved. The node's name is the layer's name.
 */
public final class Node {

	private final Layer layer;
	private final List<String> inputs;
	private final List<Shape> inputShapes;
	private final Shape outputShape;
	private final List<Weight> weights;

	Node(final Layer layer, final List<String> inputs, final List<Shape> inputShapes) {
		this.layer = layer;
		this.inputs = List.copyOf(inputs);
		this.inputShapes = List.copyOf(inputShapes);
		this.outputShape = layer.outputShape(this.inputShapes);
		this.weights = inputShapes.isEmpty() ? Collections.emptyList() : List.copyOf(layer.weights(this.inputShapes));
	}

	public String name() {
		return layer.name();
	}

	public Layer layer() {
		return layer;
	}

	/** Names of the nodes that feed this one, in the layer's input order; empty for the input layer. */
	public List<String> inputs() {
		return inputs;
	}

	public List<Shape> inputShapes() {
		return inputShapes;
	}

	public Shape outputShape() {
		return outputShape;
	}

	/** Weights in Keras order and layout (see {@link Weight}); the full Keras name is name() + "/" + weight name. */
	public List<Weight> weights() {
		return weights;
	}

	/** Keras's full weight name, "layer/weight": "block1_conv1/kernel", "bn_Conv1/moving_mean". */
	public String weightName(final Weight weight) {
		return name() + "/" + weight.name();
	}

	public long parameters() {
		long n = 0;
		for (final Weight w : weights) n += w.count();
		return n;
	}

	public long trainableParameters() {
		long n = 0;
		for (final Weight w : weights) {
			if (w.isTrainable()) n += w.count();
		}
		return n;
	}
}
