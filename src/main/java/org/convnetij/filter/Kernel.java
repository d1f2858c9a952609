package org.convnetij.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.convnetij.image.Planes;
import org.convnetij.util.UserInputException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;

/**
 * An immutable 2D kernel of odd width and height, stored row by row. The centre pixel is at ((w-1)/2, (h-1)/2).
 * Filters apply it as a correlation, as ImageJ does: G[i,j] = sum over u,v of H[u,v] * F[i+u, j+v].
 */
public final class Kernel {

	private final float[] values;
	private final int width;
	private final int height;

	private Kernel(final float[] values, final int width, final int height) {
		this.values = values;
		this.width = width;
		this.height = height;
	}

	/** A kernel from values given row by row; both sizes must be odd. */
	public static Kernel of(final int width, final int height, final float... values) {
		if (width < 1 || height < 1 || values.length == 0) {
			throw new UserInputException("the kernel is empty: give rows of numbers such as [1 1 1; 1 1 1; 1 1 1]");
		}
		if (values.length != width * height) {
			throw new UserInputException("a " + width + " x " + height + " kernel needs " + width * height +
				" values, not " + values.length);
		}
		if (width % 2 == 0 || height % 2 == 0) {
			throw new UserInputException("the kernel is " + width + " wide and " + height +
				" high: both sizes must be odd so that it has a centre");
		}
		for (final float v : values) {
			if (!Float.isFinite(v)) throw new UserInputException("the kernel holds a value that is not finite: " + v);
		}
		return new Kernel(values.clone(), width, height);
	}

	/** A (2r+1) x (2r+1) box of weights 1 / (2r+1)^2: the mean filter's kernel. */
	public static Kernel box(final int radius) {
		if (radius < 0) throw new UserInputException("radius must be 0 or more, not " + radius);
		final int size = 2 * radius + 1;
		final float[] v = new float[size * size];
		Arrays.fill(v, 1f / (size * size));
		return new Kernel(v, size, size);
	}

	/**
	 * Parses rows of numbers: rows separated by ';' or line breaks, numbers by spaces, tabs or commas, as in
	 * {@code "1 2 1; 2 4 2; 1 2 1"}. Optional brackets around the whole text are ignored.
	 */
	public static Kernel parse(final String text) {
		String t = text == null ? "" : text.trim();
		if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1).trim();
		final List<float[]> rows = new ArrayList<>();
		for (final String line : t.split("[;\\n\\r]+")) {
			final String row = line.trim();
			if (row.isEmpty()) continue;
			final String[] tokens = row.split("[\\s,]+");
			final float[] numbers = new float[tokens.length];
			for (int i = 0; i < tokens.length; i++) {
				numbers[i] = parseNumber(tokens[i], rows.size() + 1);
			}
			rows.add(numbers);
		}
		if (rows.isEmpty()) {
			throw new UserInputException("the kernel is empty: give rows of numbers such as [1 1 1; 1 1 1; 1 1 1]");
		}
		final int w = rows.get(0).length;
		if (rows.stream().anyMatch(r -> r.length != w)) {
			throw new UserInputException("kernel rows have different lengths: " +
				rows.stream().map(r -> String.valueOf(r.length)).collect(Collectors.joining(", ")));
		}
		final float[] v = new float[w * rows.size()];
		for (int y = 0; y < rows.size(); y++) System.arraycopy(rows.get(y), 0, v, y * w, w);
		return of(w, rows.size(), v);
	}

	private static float parseNumber(final String token, final int row) {
		try {
			final float v = Float.parseFloat(token);
			if (Float.isFinite(v)) return v;
		}
		catch (final NumberFormatException e) {
			// reported below with the row
		}
		throw new UserInputException("kernel value '" + token + "' in row " + row + " is not a number");
	}

	/** A kernel from a 2D image (a kernel drawn or computed as an image); sizes must be odd. */
	public static <T extends RealType<T>> Kernel fromImage(final RandomAccessibleInterval<T> image) {
		final long[] dims = Planes.checkedDimensions(image);
		if (Planes.count(image) != 1) {
			throw new UserInputException("a kernel image must be a single 2D plane, not " + Planes.count(image) +
				" planes");
		}
		return of((int) dims[0], (int) dims[1], Planes.toFloats(image, 0));
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** The value at column x, row y. */
	public float at(final int x, final int y) {
		return values[y * width + x];
	}

	/** A copy of the values, row by row. */
	public float[] values() {
		return values.clone();
	}

	public double sum() {
		double s = 0;
		for (final float v : values) s += v;
		return s;
	}

	/** This kernel divided by its sum, or itself when the sum is 0 (an edge kernel, say). */
	public Kernel normalized() {
		final double s = sum();
		if (s == 0) return this;
		final float[] v = new float[values.length];
		for (int i = 0; i < v.length; i++) v[i] = (float) (values[i] / s);
		return new Kernel(v, width, height);
	}

	/** The kernel as text rows, the format {@link #parse} reads. */
	@Override
	public String toString() {
		final StringBuilder sb = new StringBuilder();
		for (int y = 0; y < height; y++) {
			if (y > 0) sb.append("; ");
			for (int x = 0; x < width; x++) {
				if (x > 0) sb.append(' ');
				final float v = at(x, y);
				sb.append(v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v));
			}
		}
		return sb.toString();
	}
}
