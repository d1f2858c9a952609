package org.convnetij.nn;

import java.util.List;

/**
 * A sliding-window pooling layer, channel by channel: Keras pool_size, strides (default: the pool size), padding
 * (default valid). No weights.
 */
public abstract class Pooling2D<P extends Pooling2D<P>> extends Layer {

	private int poolWidth = 2;
	private int poolHeight = 2;
	private int stride = -1; // -1: the pool width, as Keras's strides=None
	private PaddingMode padding = PaddingMode.VALID;

	protected Pooling2D(final String name) {
		super(name);
	}

	public P pool(final int size) {
		return pool(size, size);
	}

	/** A width x height window. */
	public P pool(final int width, final int height) {
		final P p = copy();
		final Pooling2D<P> q = p;
		q.poolWidth = positive("pool width", width);
		q.poolHeight = positive("pool height", height);
		return p;
	}

	public P stride(final int s) {
		final P p = copy();
		((Pooling2D<P>) p).stride = positive("pool stride", s);
		return p;
	}

	public P padding(final PaddingMode mode) {
		final P p = copy();
		((Pooling2D<P>) p).padding = mode;
		return p;
	}

	public int poolWidth() {
		return poolWidth;
	}

	public int poolHeight() {
		return poolHeight;
	}

	/** The stride; the pool width unless set. */
	public int stride() {
		return stride > 0 ? stride : poolWidth;
	}

	public PaddingMode padding() {
		return padding;
	}

	@Override
	public Shape outputShape(final List<Shape> inputs) {
		final Shape in = spatialInput(inputs);
		return Windows.slide(this, in, poolWidth, poolHeight, stride(), padding, in.channels());
	}

	@Override
	public String describe() {
		return Windows.window(poolWidth, poolHeight, stride(), padding);
	}
}
