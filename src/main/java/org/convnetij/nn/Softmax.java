package org.convnetij.nn;

import java.util.List;

/** Keras Softmax layer over the last (channel) axis. */
public final class Softmax extends Layer {

	private Softmax(final String name) {
		super(name);
	}

	public static Softmax named(final String name) {
		return new Softmax(name);
	}

	@Override
	public String type() {
		return "Softmax";
	}

	@Override
	public Shape outputShape(final List<Shape> inputs) {
		return inputs.get(0);
	}

	@Override
	public String describe() {
		return "over channels";
	}
}
