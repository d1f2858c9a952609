package org.convnetij.filter;

import java.util.ArrayList;
import java.util.List;

import org.convnetij.util.UserInputException;

/**
 * The weights of a convolution layer: N kernels of F x F x D (F odd) and N biases. Text form: kernels separated by
 * '|', the D slices of a kernel by '/', rows by ';', as in {@code "1 0 -1; 2 0 -2; 1 0 -1 / 0 0 0; 0 1 0; 0 0 0 | ..."}.
 */
public final class FilterBank {

	private final float[] weights; // [n][d][v][u]
	private final float[] bias;
	private final int count, size, depth;

	private FilterBank(final float[] weights, final float[] bias, final int count, final int size, final int depth) {
		this.weights = weights;
		this.bias = bias;
		this.count = count;
		this.size = size;
		this.depth = depth;
	}

	/**
	 * Parses kernels and biases ({@code bias}: N numbers separated by spaces or commas; empty means all 0).
	 */
	public static FilterBank parse(final String kernels, final String bias) {
		final List<Kernel3D> bank = new ArrayList<>();
		for (final String k : (kernels == null ? "" : kernels).split("\\|")) {
			if (!k.trim().isEmpty()) bank.add(Kernel3D.stack(Kernel3D.parseSlices(k), "kernel " + (bank.size() + 1)));
		}
		if (bank.isEmpty()) throw new UserInputException("no kernels given: write kernels separated by '|'");
		final Kernel3D first = bank.get(0);
		if (first.width() != first.height()) {
			throw new UserInputException("conv layer kernels must be square, not " + first.width() + " x " + first
				.height());
		}
		final int f = first.width(), d = first.depth();
		final float[] w = new float[bank.size() * d * f * f];
		for (int n = 0; n < bank.size(); n++) {
			final Kernel3D k = bank.get(n);
			if (k.width() != f || k.height() != f || k.depth() != d) {
				throw new UserInputException("kernel " + (n + 1) + " is " + k.width() + " x " + k.height() + " x " + k
					.depth() + " but kernel 1 is " + f + " x " + f + " x " + d + ": all kernels must have the same size");
			}
			System.arraycopy(k.values(), 0, w, n * d * f * f, d * f * f);
		}
		return new FilterBank(w, parseBias(bias, bank.size()), bank.size(), f, d);
	}

	private static float[] parseBias(final String text, final int n) {
		final String t = text == null ? "" : text.trim();
		final float[] b = new float[n];
		if (t.isEmpty()) return b;
		final String[] tokens = t.split("[\\s,;]+");
		if (tokens.length != n) {
			throw new UserInputException("give one bias per kernel: " + n + " kernels but " + tokens.length +
				" biases ('" + text + "')");
		}
		for (int i = 0; i < n; i++) {
			try {
				b[i] = Float.parseFloat(tokens[i]);
			}
			catch (final NumberFormatException e) {
				throw new UserInputException("bias '" + tokens[i] + "' is not a number");
			}
		}
		return b;
	}

	/** N, the number of kernels and output planes. */
	public int count() {
		return count;
	}

	/** F, the kernel width and height. */
	public int size() {
		return size;
	}

	/** D, the kernel depth: the number of input channels it expects. */
	public int depth() {
		return depth;
	}

	/** A copy of the weights as [n][d][v][u]. */
	public float[] weights() {
		return weights.clone();
	}

	public float[] bias() {
		return bias.clone();
	}
}
