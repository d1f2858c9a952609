package org.convnetij.nn;

import java.util.List;

/** Keras's Activation layer (type "Activation"): an element-wise function such as relu on its own. */
public final class ActivationLayer extends Layer {

	private Activation activation = Activation.LINEAR;

	private ActivationLayer(final String name) {
		super(name);
	}

	public static ActivationLayer named(final String name) {
		return new ActivationLayer(name);
	}

	@Override
	public String type() {
		return "Activation";
	}

	public ActivationLayer activation(final Activation a) {
		final ActivationLayer l = copy();
		l.activation = a;
		return l;
	}

	public Activation activation() {
		return activation;
	}

	@Override
	public Shape outputShape(final List<Shape> inputs) {
		return inputs.get(0);
	}

	@Override
	public String describe() {
		return activation.key();
	}
}
