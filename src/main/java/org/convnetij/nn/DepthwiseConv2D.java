package org.convnetij.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * Keras DepthwiseConv2D: one kernelWidth x kernelHeight kernel per input channel (times the depth multiplier), no
 * mixing across channels. Weights: "depthwise_kernel" [kernelHeight, kernelWidth, inChannels, depthMultiplier],
 * then "bias" [inChannels * depthMultiplier] when {@link #useBias()}. Defaults as Keras: 1x1, stride 1, valid,
 * multiplier 1, bias on, linear.
 */
public final class DepthwiseConv2D extends Layer {

	private int kernelWidth = 1;
	private int kernelHeight = 1;
	private int stride = 1;
	private int depthMultiplier = 1;
	private PaddingMode padding = PaddingMode.VALID;
	private boolean useBias = true;
	private Activation activation = Activation.LINEAR;

	private DepthwiseConv2D(final String name) {
		super(name);
	}

	public static DepthwiseConv2D named(final String name) {
		return new DepthwiseConv2D(name);
	}

	@Override
	public String type() {
		return "DepthwiseConv2D";
	}

	public DepthwiseConv2D kernel(final int size) {
		return kernel(size, size);
	}

	/** A width x height kernel (Keras's kernel_size is (height, width)). */
	public DepthwiseConv2D kernel(final int width, final int height) {
		final DepthwiseConv2D c = copy();
		c.kernelWidth = positive("kernel width", width);
		c.kernelHeight = positive("kernel height", height);
		return c;
	}

	public DepthwiseConv2D stride(final int s) {
		final DepthwiseConv2D c = copy();
		c.stride = positive("stride", s);
		return c;
	}

	public DepthwiseConv2D depthMultiplier(final int m) {
		final DepthwiseConv2D c = copy();
		c.depthMultiplier = positive("depth multiplier", m);
		return c;
	}

	public DepthwiseConv2D padding(final PaddingMode mode) {
		final DepthwiseConv2D c = copy();
		c.padding = mode;
		return c;
	}

	public DepthwiseConv2D withoutBias() {
		final DepthwiseConv2D c = copy();
		c.useBias = false;
		return c;
	}

	public DepthwiseConv2D activation(final Activation a) {
		final DepthwiseConv2D c = copy();
		c.activation = a;
		return c;
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

	public int depthMultiplier() {
		return depthMultiplier;
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
		final Shape in = spatialInput(inputs);
		return Windows.slide(this, in, kernelWidth, kernelHeight, stride, padding, in.channels() * depthMultiplier);
	}

	@Override
	public List<Weight> weights(final List<Shape> inputs) {
		final int channels = inputs.get(0).channels();
		final List<Weight> w = new ArrayList<>(2);
		w.add(Weight.trainable("depthwise_kernel", kernelHeight, kernelWidth, channels, depthMultiplier));
		if (useBias) w.add(Weight.trainable("bias", channels * depthMultiplier));
		return w;
	}

	@Override
	public String describe() {
		return "depthwise " + Windows.window(kernelWidth, kernelHeight, stride, padding) +
			(depthMultiplier == 1 ? "" : " x" + depthMultiplier) + (useBias ? "" : " no bias") +
			(activation == Activation.LINEAR ? "" : " " + activation.key());
	}
}
