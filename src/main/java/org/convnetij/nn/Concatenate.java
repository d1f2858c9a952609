package org.convnetij.nn;

import java.util.List;

/** Keras Concatenate along the channel (last) axis, in input order (Inception branches, dense blocks). */
public final class Concatenate extends Merge {

	private Concatenate(final String name) {
		super(name);
	}

	public static Concatenate named(final String name) {
		return new Concatenate(name);
	}

	@Override
	public String type() {
		return "Concatenate";
	}

	@Override
	public Shape outputShape(final List<Shape> inputs) {
		checkSameSize(inputs, false);
		int channels = 0;
		for (final Shape s : inputs) channels += s.channels();
		final Shape first = inputs.get(0);
		return first.isFlat() ? Shape.flat(channels) : Shape.spatial(first.width(), first.height(), channels);
	}

	@Override
	public String describe() {
		return "channels";
	}
}
