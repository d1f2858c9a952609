package org.convnetij.transfer;

import java.util.Arrays;

/**
 * One named weight tensor of an imported model, dequantised to float32, with its shape in Keras order (a Conv2D
 * kernel is height x width x input channels x filters; a DepthwiseConv2D kernel is height x width x channels x
 * depth multiplier; a Dense kernel is inputs x units). Values are row-major (last axis fastest), as in the file.
 */
public final class WeightTensor {

	private final String name;
	private final int[] shape;
	private final float[] values;
	private final String storedAs;

	WeightTensor(final String name, final int[] shape, final float[] values, final String storedAs) {
		this.name = name;
		this.shape = shape.clone();
		this.values = values;
		this.storedAs = storedAs;
	}

	/** A tensor made in Java (values row-major, shape in Keras layout); the values are not copied. */
	public static WeightTensor of(final String name, final int[] shape, final float[] values) {
		long n = 1;
		for (final int d : shape) n *= d;
		if (n != values.length) {
			throw new IllegalArgumentException(name + ": shape " + Arrays.toString(shape) + " holds " + n +
				" values, not " + values.length);
		}
		return new WeightTensor(name, shape, values, "float32");
	}

	/** The same values under another name. */
	WeightTensor renamed(final String newName) {
		return newName.equals(name) ? this : new WeightTensor(newName, shape, values, storedAs);
	}

	/** The weight name in the manifest, such as {@code Conv1/kernel} or {@code bn_Conv1/moving_mean}. */
	public String name() {
		return name;
	}

	/** The name of the layer that owns this weight: the part of the name before the last '/'. */
	public String layerName() {
		final int slash = name.lastIndexOf('/');
		return slash < 0 ? name : name.substring(0, slash);
	}

	/** The part of the name after the last '/', such as {@code kernel}, {@code bias}, {@code gamma}. */
	public String shortName() {
		return name.substring(name.lastIndexOf('/') + 1);
	}

	/** The shape (a copy). */
	public int[] shape() {
		return shape.clone();
	}

	/** The number of values: the product of the shape. */
	public int size() {
		return values.length;
	}

	/**
	 * The values, row-major. This is the stored array itself (no copy, the tensors are large): do not change it.
	 */
	public float[] values() {
		return values;
	}

	/**
	 * How the values were stored in the shard: {@code float32}, {@code int32}, or the quantisation type
	 * {@code uint8}, {@code uint16}, {@code float16}.
	 */
	public String storedAs() {
		return storedAs;
	}

	@Override
	public String toString() {
		return name + " " + Arrays.toString(shape) + " (" + storedAs + ")";
	}
}
