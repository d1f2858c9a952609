package org.convnetij.nn;

import java.util.List;

/** Keras Add: element-wise sum of inputs of one shape (residual connections). */
public final class Add extends Merge {

	private Add(final String name) {
		super(name);
	}

	public static Add named(final String name) {
		return new Add(name);
	}

	@Override
	public String type() {
		return "Add";
	}

	@Override
	public Shape outputShape(final List<Shape> inputs) {
		checkSameSize(inputs, true);
		return inputs.get(0);
	}

	@Override
	public String describe() {
		return "sum";
	}
}
