package org.convnetij.nn;

import java.util.List;

import org.convnetij.util.UserInputException;

/**
 * InceptionResNetV2's residual join: {@code inputs[0] + scale * inputs[1]} for exactly two inputs of one shape.
 * Keras writes it as a Lambda layer (Keras 2) or CustomScaleLayer (Keras 3) under the block's name ("block35_1");
 * no weights.
 */
public final class ScaledAdd extends Merge {

	private double scale = 1;

	private ScaledAdd(final String name) {
		super(name);
	}

	public static ScaledAdd named(final String name) {
		return new ScaledAdd(name);
	}

	@Override
	public String type() {
		return "ScaledAdd";
	}

	@Override
	public int arity() {
		return 2;
	}

	public ScaledAdd scale(final double s) {
		if (!Double.isFinite(s)) throw new UserInputException("scale must be a finite number, not " + s);
		final ScaledAdd a = copy();
		a.scale = s;
		return a;
	}

	public double scale() {
		return scale;
	}

	@Override
	public Shape outputShape(final List<Shape> inputs) {
		checkSameSize(inputs, true);
		return inputs.get(0);
	}

	@Override
	public String describe() {
		return "x + " + scale + " * residual";
	}
}
