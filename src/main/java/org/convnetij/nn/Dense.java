package org.convnetij.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * Keras Dense (fully connected, "FC") on a flat input: {@code units} outputs. Weights: "kernel" [in, units], then
 * "bias" [units] when {@link #useBias()}. Defaults: 1 unit, bias on, linear.
 */
public final class Dense extends Layer {

	private int units = 1;
	private boolean useBias = true;
	private Activation activation = Activation.LINEAR;

	private Dense(final String name) {
		super(name);
	}

	public static Dense named(final String name) {
		return new Dense(name);
	}

	@Override
	public String type() {
		return "Dense";
	}

	public Dense units(final int count) {
		final Dense d = copy();
		d.units = positive("units", count);
		return d;
	}

	public Dense withoutBias() {
		final Dense d = copy();
		d.useBias = false;
		return d;
	}

	public Dense activation(final Activation a) {
		final Dense d = copy();
		d.activation = a;
		return d;
	}

	public int units() {
		return units;
	}

	public boolean useBias() {
		return useBias;
	}

	public Activation activation() {
		return activation;
	}

	@Override
	public Shape outputShape(final List<Shape> inputs) {
		if (!inputs.get(0).isFlat()) {
			throw problem("needs a flat input, not " + inputs.get(0) + ": put Flatten or global pooling before it");
		}
		return Shape.flat(units);
	}

	@Override
	public List<Weight> weights(final List<Shape> inputs) {
		final List<Weight> w = new ArrayList<>(2);
		w.add(Weight.trainable("kernel", inputs.get(0).channels(), units));
		if (useBias) w.add(Weight.trainable("bias", units));
		return w;
	}

	@Override
	public String describe() {
		return units + " units" + (useBias ? "" : " no bias") +
			(activation == Activation.LINEAR ? "" : " " + activation.key());
	}
}
