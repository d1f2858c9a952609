package org.convnetij.nn;

import java.util.List;

import org.convnetij.util.UserInputException;

/** Keras ReLU layer: max(x, 0), capped at {@link #maxValue()} when one is set (6 for MobileNetV2's ReLU6). */
public final class ReLU extends Layer {

	private double maxValue = Double.POSITIVE_INFINITY;

	private ReLU(final String name) {
		super(name);
	}

	public static ReLU named(final String name) {
		return new ReLU(name);
	}

	/** ReLU capped at 6 (Keras {@code ReLU(6.)}). */
	public static ReLU six(final String name) {
		return new ReLU(name).maxValue(6);
	}

	@Override
	public String type() {
		return "ReLU";
	}

	public ReLU maxValue(final double max) {
		if (!(max > 0)) throw new UserInputException("ReLU max value must be above 0, not " + max);
		final ReLU r = copy();
		r.maxValue = max;
		return r;
	}

	/** The cap; infinite for a plain ReLU. */
	public double maxValue() {
		return maxValue;
	}

	public boolean isCapped() {
		return maxValue != Double.POSITIVE_INFINITY;
	}

	@Override
	public Shape outputShape(final List<Shape> inputs) {
		return inputs.get(0);
	}

	@Override
	public String describe() {
		return isCapped() ? "max " + maxValue : "relu";
	}
}
