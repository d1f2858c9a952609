package org.convnetij.image;

import java.util.ArrayList;
import java.util.List;

import org.convnetij.util.UserInputException;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

/**
 * An n-dimensional image seen as a sequence of 2D planes (X, Y first; every further axis, channel, Z, time,
 * enumerated in flat order, first axis fastest). Filters work plane by plane on {@code float[]} rows.
 */
public final class Planes {

	private Planes() {}

	/** Width, height and the number of planes of an image with at least two axes. */
	public static long[] checkedDimensions(final RandomAccessibleInterval<?> image) {
		if (image == null) throw new UserInputException("no image: open an image or give one as input");
		if (image.numDimensions() < 2) {
			throw new UserInputException("the image has " + image.numDimensions() + " axis; filters need X and Y");
		}
		final long[] dims = image.dimensionsAsLongArray();
		if (dims[0] * dims[1] > Integer.MAX_VALUE) {
			throw new UserInputException("a plane of " + dims[0] + " x " + dims[1] + " pixels is too large");
		}
		return dims;
	}

	/** The number of 2D planes: the product of the sizes of all axes after X and Y. */
	public static int count(final RandomAccessibleInterval<?> image) {
		long n = 1;
		for (int d = 2; d < image.numDimensions(); d++) n *= image.dimension(d);
		if (n > Integer.MAX_VALUE) throw new UserInputException("too many planes: " + n);
		return (int) n;
	}

	/** The plane with flat index {@code index}, as a view (no copy). */
	public static <T> RandomAccessibleInterval<T> plane(final RandomAccessibleInterval<T> image, final int index) {
		RandomAccessibleInterval<T> view = Views.zeroMin(image);
		long rest = index;
		// Fix the highest axis last so that each hyperSlice keeps the lower axes' numbering.
		final long[] position = new long[image.numDimensions()];
		for (int d = 2; d < image.numDimensions(); d++) {
			position[d] = rest % image.dimension(d);
			rest /= image.dimension(d);
		}
		for (int d = image.numDimensions() - 1; d >= 2; d--) view = Views.hyperSlice(view, d, position[d]);
		return view;
	}

	/**
	 * The values of a plane for reading only: the float array behind it where the image is a float
	 * {@link PlanarImg} (an ImageJ 1 image wrapped without copies, or a filter result), else a copy. Callers must not
	 * write into the array, nor hand it out as a result: it may be the image's own pixels.
	 */
	public static <T extends RealType<T>> float[] readOnlyFloats(final RandomAccessibleInterval<T> image,
		final int index)
	{
		final float[] shared = sharedFloats(image, index);
		return shared != null ? shared : toFloats(image, index);
	}

	/** The float array behind plane {@code index} of a float PlanarImg, or null where there is none. */
	static float[] sharedFloats(final RandomAccessibleInterval<?> image, final int index) {
		if (!(image instanceof PlanarImg) || !(image.getType() instanceof FloatType)) return null;
		final PlanarImg<?, ?> img = (PlanarImg<?, ?>) image;
		if (index < 0 || index >= img.numSlices()) return null;
		final Object access = img.getPlane(index);
		if (!(access instanceof FloatArray)) return null;
		final float[] values = ((FloatArray) access).getCurrentStorageArray();
		return values.length == image.dimension(0) * image.dimension(1) ? values : null;
	}

	/** Copies a plane into a new float array, row by row. */
	public static <T extends RealType<T>> float[] toFloats(final RandomAccessibleInterval<T> image, final int index) {
		final RandomAccessibleInterval<T> plane = plane(image, index);
		final float[] values = new float[(int) (plane.dimension(0) * plane.dimension(1))];
		final Cursor<T> cursor = Views.flatIterable(plane).cursor();
		int i = 0;
		while (cursor.hasNext()) values[i++] = cursor.next().getRealFloat();
		return values;
	}

	/** Wraps float planes (each width x height, row by row) as an image of the given size, without copying. */
	public static Img<FloatType> wrap(final List<float[]> planes, final long... dimensions) {
		final List<FloatArray> slices = new ArrayList<>(planes.size());
		for (final float[] p : planes) slices.add(new FloatArray(p));
		final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(slices, dimensions, new Fraction());
		img.setLinkedType(new FloatType(img));
		return img;
	}

	/** The float array behind plane {@code index} of an image made by {@link #wrap} (no copy). */
	public static float[] floatsOf(final Img<FloatType> image, final int index) {
		if (image instanceof PlanarImg) {
			final Object access = ((PlanarImg<?, ?>) image).getPlane(index);
			if (access instanceof FloatArray) return ((FloatArray) access).getCurrentStorageArray();
		}
		return toFloats(image, index);
	}
}
