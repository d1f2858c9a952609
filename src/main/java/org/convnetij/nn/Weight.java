package org.convnetij.nn;

import java.util.Arrays;

/**
 * One weight tensor of a layer, in Keras's name and layout: conv "kernel" [kernelHeight, kernelWidth, inChannels,
 * filters], "bias" [filters]; dense "kernel" [in, units], "bias" [units]; depthwise "depthwise_kernel"
 * [kernelHeight, kernelWidth, inChannels, depthMultiplier]; batch norm "gamma", "beta" (trainable), "moving_mean",
 * "moving_variance" (not trainable), each [channels]. The full Keras weight name is {@code layer/name}, e.g.
 * "block1_conv1/kernel".
 */
public final class Weight {

	private final String name;
	private final int[] dims;
	private final boolean trainable;

	private Weight(final String name, final int[] dims, final boolean trainable) {
		this.name = name;
		this.dims = dims.clone();
		this.trainable = trainable;
	}

	/** A weight updated by training. */
	public static Weight trainable(final String name, final int... dims) {
		return new Weight(name, dims, true);
	}

	/** A weight that training does not update by gradient (batch norm moving statistics). */
	public static Weight nonTrainable(final String name, final int... dims) {
		return new Weight(name, dims, false);
	}

	/** Short name inside the layer: "kernel", "bias", "depthwise_kernel", "gamma", "beta", "moving_mean", ... */
	public String name() {
		return name;
	}

	/** Dimensions in Keras layout (see the class comment); a copy. */
	public int[] dims() {
		return dims.clone();
	}

	public boolean isTrainable() {
		return trainable;
	}

	/** Number of values. */
	public long count() {
		long n = 1;
		for (final int d : dims) n *= d;
		return n;
	}

	@Override
	public String toString() {
		return name + Arrays.toString(dims) + (trainable ? "" : " (non-trainable)");
	}
}
