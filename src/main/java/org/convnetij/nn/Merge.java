package org.convnetij.nn;

import java.util.List;

/** A layer that joins two or more inputs of the same width x height. */
public abstract class Merge extends Layer {

	protected Merge(final String name) {
		super(name);
	}

	@Override
	public int arity() {
		return ANY_NUMBER;
	}

	protected final void checkSameSize(final List<Shape> inputs, final boolean sameChannels) {
		if (inputs.size() < 2) throw problem("needs 2 or more inputs, not " + inputs.size());
		final Shape first = inputs.get(0);
		for (final Shape s : inputs) {
			if (s.isFlat() != first.isFlat() || s.width() != first.width() || s.height() != first.height() ||
				sameChannels && s.channels() != first.channels())
			{
				throw problem("inputs have different shapes: " + inputs);
			}
		}
	}
}
