package org.convnetij.nn;

import java.util.List;
import org.convnetij.data.InputShape;

/** Keras InputLayer: the model's image input, a batch of width x height x channels (NHWC). */
public final class InputLayer extends Layer {

	private final InputShape shape;

	InputLayer(final String name, final InputShape shape) {
		super(name);
		this.shape = shape;
	}

	@Override
	public String type() {
		return "InputLayer";
	}

	@Override
	public int arity() {
		return 0;
	}

	public InputShape shape() {
		return shape;
	}

	@Override
	public Shape outputShape(final List<Shape> inputs) {
		return org.convnetij.nn.Shape.of(shape);
	}

	@Override
	public String describe() {
		return shape.toString();
	}
}
