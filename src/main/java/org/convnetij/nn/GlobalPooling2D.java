package org.convnetij.nn;

import java.util.List;

/** Pooling over the whole width x height of each channel, giving a flat vector of the channels. */
public abstract class GlobalPooling2D extends Layer {

	protected GlobalPooling2D(final String name) {
		super(name);
	}

	@Override
	public Shape outputShape(final List<Shape> inputs) {
		return Shape.flat(spatialInput(inputs).channels());
	}

	@Override
	public String describe() {
		return "over width x height";
	}
}
