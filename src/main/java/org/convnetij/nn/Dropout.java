package org.convnetij.nn;

import java.util.List;

import org.convnetij.util.UserInputException;

/** Keras Dropout: during training, zeroes a fraction {@code rate} of the values (and rescales the rest). */
public final class Dropout extends Layer {

	private double rate = 0.5;

	private Dropout(final String name) {
		super(name);
	}

	public static Dropout named(final String name) {
		return new Dropout(name);
	}

	@Override
	public String type() {
		return "Dropout";
	}

	public Dropout rate(final double r) {
		if (!(r >= 0 && r < 1)) throw new UserInputException("dropout rate must be in [0, 1), not " + r);
		final Dropout d = copy();
		d.rate = r;
		return d;
	}

	public double rate() {
		return rate;
	}

	@Override
	public Shape outputShape(final List<Shape> inputs) {
		return inputs.get(0);
	}

	@Override
	public String describe() {
		return "rate " + rate;
	}
}
