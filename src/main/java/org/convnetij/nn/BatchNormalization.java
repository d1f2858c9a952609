package org.convnetij.nn;

import java.util.ArrayList;
import java.util.List;

import org.convnetij.util.UserInputException;

/**
 * Keras BatchNormalization over the channel (last) axis: y = gamma * (x - mean) / sqrt(var + epsilon) + beta.
 * Weights in Keras order: "gamma" (when {@link #scale()}), "beta" (when {@link #center()}), both trainable, then
 * "moving_mean" and "moving_variance", not trainable; each [channels]. Defaults as Keras: epsilon 0.001, momentum
 * 0.99, center and scale on.
 */
public final class BatchNormalization extends Layer {

	private double epsilon = 1e-3;
	private double momentum = 0.99;
	private boolean center = true;
	private boolean scale = true;

	private BatchNormalization(final String name) {
		super(name);
	}

	public static BatchNormalization named(final String name) {
		return new BatchNormalization(name);
	}

	@Override
	public String type() {
		return "BatchNormalization";
	}

	public BatchNormalization epsilon(final double e) {
		if (!(e > 0)) throw new UserInputException("epsilon must be above 0, not " + e);
		final BatchNormalization b = copy();
		b.epsilon = e;
		return b;
	}

	public BatchNormalization momentum(final double m) {
		if (!(m >= 0 && m < 1)) throw new UserInputException("momentum must be in [0, 1), not " + m);
		final BatchNormalization b = copy();
		b.momentum = m;
		return b;
	}

	/** Leaves out gamma (Keras scale=False), as before a ReLU in Inception. */
	public BatchNormalization withoutScale() {
		final BatchNormalization b = copy();
		b.scale = false;
		return b;
	}

	/** Leaves out beta (Keras center=False). */
	public BatchNormalization withoutCenter() {
		final BatchNormalization b = copy();
		b.center = false;
		return b;
	}

	public double epsilon() {
		return epsilon;
	}

	public double momentum() {
		return momentum;
	}

	public boolean center() {
		return center;
	}

	public boolean scale() {
		return scale;
	}

	@Override
	public Shape outputShape(final List<Shape> inputs) {
		return inputs.get(0);
	}

	@Override
	public List<Weight> weights(final List<Shape> inputs) {
		final int c = inputs.get(0).channels();
		final List<Weight> w = new ArrayList<>(4);
		if (scale) w.add(Weight.trainable("gamma", c));
		if (center) w.add(Weight.trainable("beta", c));
		w.add(Weight.nonTrainable("moving_mean", c));
		w.add(Weight.nonTrainable("moving_variance", c));
		return w;
	}

	@Override
	public String describe() {
		return "epsilon " + epsilon + (scale ? "" : " no scale") + (center ? "" : " no center");
	}
}
