package org.convnetij.filter;

import java.util.ArrayList;
import java.util.List;

import org.convnetij.util.UserInputException;

/**
 * An immutable 3D kernel: {@code depth} slices of {@code width x height}, stored slice by slice, row by row. Text
 * form: 2D kernels as {@link Kernel#parse} reads them, slices separated by '/', as in
 * {@code "0 0 0; 0 1 0; 0 0 0 / 0 1 0; 1 2 1; 0 1 0 / 0 0 0; 0 1 0; 0 0 0"}.
 */
public final class Kernel3D {

	private final float[] values;
	private final int width, height, depth;

	private Kernel3D(final float[] values, final int width, final int height, final int depth) {
		this.values = values;
		this.width = width;
		this.height = height;
		this.depth = depth;
	}

	/** A kernel from slices of equal size; the number of slices must be odd (as the 2D sizes are). */
	public static Kernel3D of(final List<Kernel> slices) {
		final Kernel3D k = stack(slices, "kernel");
		if (k.depth % 2 == 0) {
			throw new UserInputException("the 3D kernel has " + k.depth + " slices: the number must be odd so that it " +
				"has a centre");
		}
		return k;
	}

	/** Slices of equal size as one kernel (any number of slices). */
	static Kernel3D stack(final List<Kernel> slices, final String what) {
		if (slices.isEmpty()) throw new UserInputException("the " + what + " is empty");
		final Kernel first = slices.get(0);
		final int w = first.width(), h = first.height();
		final float[] v = new float[w * h * slices.size()];
		for (int z = 0; z < slices.size(); z++) {
			final Kernel s = slices.get(z);
			if (s.width() != w || s.height() != h) {
				throw new UserInputException("slice " + (z + 1) + " of the " + what + " is " + s.width() + " x " + s
					.height() + " but slice 1 is " + w + " x " + h);
			}
			System.arraycopy(s.values(), 0, v, z * w * h, w * h);
		}
		return new Kernel3D(v, w, h, slices.size());
	}

	/** A 1 x 1 x n kernel: a filter along Z only. */
	public static Kernel3D alongZ(final float[] weights) {
		final List<Kernel> slices = new ArrayList<>();
		for (final float w : weights) slices.add(Kernel.of(1, 1, w));
		return of(slices);
	}

	/** Parses slices separated by '/'. */
	public static Kernel3D parse(final String text) {
		return of(parseSlices(text));
	}

	static List<Kernel> parseSlices(final String text) {
		final List<Kernel> slices = new ArrayList<>();
		for (final String s : (text == null ? "" : text).split("/")) {
			if (!s.trim().isEmpty()) slices.add(Kernel.parse(s));
		}
		return slices;
	}

	/** This kernel divided by its sum, or itself when the sum is 0. */
	public Kernel3D normalized() {
		double sum = 0;
		for (final float v : values) sum += v;
		if (sum == 0) return this;
		final float[] v = new float[values.length];
		for (int i = 0; i < v.length; i++) v[i] = (float) (values[i] / sum);
		return new Kernel3D(v, width, height, depth);
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public int depth() {
		return depth;
	}

	/** A copy of the values, slice by slice, row by row. */
	public float[] values() {
		return values.clone();
	}
}
