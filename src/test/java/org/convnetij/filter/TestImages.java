package org.convnetij.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.convnetij.ij1.ImagePlusImages;
import org.convnetij.image.Planes;

import ij.IJ;
import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/** Real microscopy images for the filter tests, and the comparisons they share. */
public final class TestImages {

	private TestImages() {}

	public static Path data(final String name) {
		final Path p = Paths.get("sample-images", name);
		if (Files.exists(p)) return p;
		throw new IllegalStateException("test image " + name + " not found under sample-images");
	}

	public static ImagePlus open(final String name) {
		final ImagePlus imp = IJ.openImage(data(name).toString());
		if (imp == null) throw new IllegalStateException("cannot open " + name);
		return imp;
	}

	/** cell.png (8-bit gray) as an ImgLib2 view. */
	@SuppressWarnings("unchecked")
	public static RandomAccessibleInterval<UnsignedByteType> cell() {
		return (RandomAccessibleInterval<UnsignedByteType>) ImagePlusImages.wrap(open("cell.png"));
	}

	/** ihc.png (RGB: three channel planes). */
	@SuppressWarnings("unchecked")
	public static RandomAccessibleInterval<UnsignedByteType> ihc() {
		return (RandomAccessibleInterval<UnsignedByteType>) ImagePlusImages.wrap(open("ihc.png"));
	}

	/** A float copy of a plane of cell.png. */
	public static float[] cellPlane() {
		return Planes.toFloats(cell(), 0);
	}

	/** max |actual - expected| / max |expected|: the error relative to the image's scale. */
	public static double relativeError(final float[] expected, final float[] actual) {
		assertEquals(expected.length, actual.length, "number of pixels");
		double maxDiff = 0, scale = 1e-30;
		for (int i = 0; i < expected.length; i++) {
			if (Float.isNaN(actual[i]) != Float.isNaN(expected[i])) return Double.POSITIVE_INFINITY;
			maxDiff = Math.max(maxDiff, Math.abs((double) actual[i] - expected[i]));
			scale = Math.max(scale, Math.abs(expected[i]));
		}
		return maxDiff / scale;
	}

	public static void assertClose(final float[] expected, final float[] actual, final double tolerance,
		final String what)
	{
		final double e = relativeError(expected, actual);
		assertTrue(e <= tolerance, what + ": relative error " + e + " > " + tolerance);
	}

	public static void assertSameImage(final Img<FloatType> expected, final Img<FloatType> actual,
		final double tolerance, final String what)
	{
		assertEquals(expected.numDimensions(), actual.numDimensions(), what + ": axes");
		for (int d = 0; d < expected.numDimensions(); d++) {
			assertEquals(expected.dimension(d), actual.dimension(d), what + ": size of axis " + d);
		}
		for (int p = 0; p < Planes.count(expected); p++) {
			assertClose(Planes.floatsOf(expected, p), Planes.floatsOf(actual, p), tolerance, what + ", plane " + p);
		}
	}
}
