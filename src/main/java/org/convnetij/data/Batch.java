package org.convnetij.data;

/**
 * One batch for training or inference, in TensorFlow's NHWC layout: {@link #images()} holds {@link #size()}
 * images one after the other, each height rows of width pixels of channels values (index
 * {@code ((n * height + y) * width + x) * channels + c}); {@link #oneHot()} holds size rows of classCount floats
 * (1 at the label, 0 elsewhere); {@link #labels()} the class indices; {@link #indices()} the images' indices in the
 * dataset (to report which images were misclassified). The arrays are owned by the batch and not reused.
 */
public final class Batch {

	private final InputShape shape;
	private final int classCount;
	private final float[] images, oneHot;
	private final int[] labels, indices;

	Batch(final InputShape shape, final int classCount, final float[] images, final float[] oneHot,
		final int[] labels, final int[] indices)
	{
		this.shape = shape;
		this.classCount = classCount;
		this.images = images;
		this.oneHot = oneHot;
		this.labels = labels;
		this.indices = indices;
	}

	/** Number of images in this batch (the last batch of an epoch may be smaller). */
	public int size() {
		return labels.length;
	}

	public InputShape shape() {
		return shape;
	}

	public int classCount() {
		return classCount;
	}

	/** size x height x width x channels floats (NHWC). */
	public float[] images() {
		return images;
	}

	/** size x classCount floats, one-hot. */
	public float[] oneHot() {
		return oneHot;
	}

	/** size class indices. */
	public int[] labels() {
		return labels;
	}

	/** size indices into the dataset the batch was drawn from. */
	public int[] indices() {
		return indices;
	}

	/** {size, height, width, channels}: the shape of the image tensor. */
	public long[] imagesShape() {
		return new long[] { size(), shape.height(), shape.width(), shape.channels() };
	}

	/** {size, classCount}: the shape of the one-hot label tensor. */
	public long[] oneHotShape() {
		return new long[] { size(), classCount };
	}
}
