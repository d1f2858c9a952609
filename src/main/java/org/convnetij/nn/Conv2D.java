package org.convnetij.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * Keras Conv2D: {@code filters} kernels of kernelWidth x kernelHeight over all input channels, stride S, padding
 * valid/same, optional bias and activation. Weights: "kernel" [kernelHeight, kernelWidth, inChannels, filters],
 * then "bias" [filters] when {@link #useBias()}. Defaults as Keras: 1 filter, 1x1 kernel, stride 1, valid, bias on,
 * linear.
 */
public final class Conv2D extends Layer {

	private int filters = 1;
	private int kernelWidth = 1;
	private int kernelHeight = 1;
	private int stride = 1;
	private PaddingMode padding = PaddingMode.VALID;
	private boolean useBias = true;
	private Activation activation = Activation.LINEAR;

	private Conv2D(final String name) {
		super(name);
	}

	public static Conv2D named(final String name) {
		return new Conv2D(name);
	}

	@Override
	public String type() {
		return "Conv2D";
	}

	public Conv2D filters(final int count) {
		final Conv2D c = copy();
		c.filters = positive("filters", count);
		return c;
	}

	/** A square size x size kernel. */
	public Conv2D kernel(final int size) {
		return kernel(size, size);
	}

	/**
	 * A width x height kernel. Keras writes kernel_size as (rows, cols) = (height, width): Keras's
	 * {@code kernel_size=(1, 7)} is {@code kernel(7, 1)} here.
	 */
	public Conv2D kernel(final int width, final int height) {
		final Conv2D c = copy();
		c.kernelWidth = positive("kernel width", width);
		c.kernelHeight = positive("kernel height", height);
		return c;
	}

	public Conv2D stride(final int s) {
		final Conv2D c = copy();
		c.stride = positive("stride", s);
		return c;
	}

	public Conv2D padding(final PaddingMode mode) {
		final Conv2D c = copy();
		c.padding = mode;
		return c;
	}

	/** Leaves out the bias (Keras use_bias=False), as before a batch normalization. */
	public Conv2D withoutBias() {
		final Conv2D c = copy();
		c.useBias = false;
		return c;
	}

	public Conv2D activation(final Activation a) {
		final Conv2D c = copy();
		c.activation = a;
		return c;
	}

	public int filters() {
		return filters;
	}

	public int kernelWidth() {
		return kernelWidth;
	}

	public int kernelHeight() {
		return kernelHeight;
	}

	public int stride() {
		return stride;
	}

	public PaddingMode padding() {
		return padding;
	}

	public boolean useBias() {
		return useBias;
	}

	public Activation activation() {
		return activation;
	}

	@Override
	public Shape outputShape(final List<Shape> inputs) {
		return Windows.slide(this, spatialInput(inputs), kernelWidth, kernelHeight, stride, padding, filters);
	}

	@Override
	public List<Weight> weights(final List<Shape> inputs) {
		final List<Weight> w = new ArrayList<>(2);
		w.add(Weight.trainable("kernel", kernelHeight, kernelWidth, inputs.get(0).channels(), filters));
		if (useBias) w.add(Weight.trainable("bias", filters));
		return w;
	}

	@Override
	public String describe() {
		return filters + " filters " + Windows.window(kernelWidth, kernelHeight, stride, padding) +
			(useBias ? "" : " no bias") + (activation == Activation.LINEAR ? "" : " " + activation.key());
	}
}
