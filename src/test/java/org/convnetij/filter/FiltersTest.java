package org.convnetij.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convnetij.ij1.ImagePlusImages;
import org.convnetij.image.Planes;
import org.convnetij.testutil.ReferenceFilters;
import org.convnetij.testutil.TestImages;
import org.convnetij.util.UserInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

class FiltersTest {

	private static final Kernel ASYMMETRIC = Kernel.parse("1 2 0 -1 3; 0.5 -2 4 1 0; 2 1 -3 0 1");

	/** Every padding and several strides on a crop of the real cell image, against the plain formula. */
	@ParameterizedTest
	@CsvSource({ "none,1", "zero,1", "mirror,1", "clamp,1", "none,2", "zero,3", "mirror,2", "clamp,4" })
	void convolveMatchesTheFormulaOnARealImage(final String padding, final int stride) {
		final ImagePlus cell = TestImages.open("cell.png");
		cell.setRoi(200, 150, 61, 47);
		final ImagePlus crop = cell.crop();
		final RandomAccessibleInterval<UnsignedByteType> img = ImagePlusImages.wrapReal(crop);
		final Img<FloatType> out = Filters.convolve(img, ASYMMETRIC, Padding.parse(padding), stride);

		final float[] in = Planes.toFloats(img, 0);
		final int[] size = new int[2];
		final float[] expected = ReferenceFilters.correlate(in, 61, 47, ASYMMETRIC.values(), 5, 3, padding, stride,
			size);
		assertEquals(size[0], out.dimension(0));
		assertEquals(size[1], out.dimension(1));
		assertTrue(ReferenceFilters.maxRelativeError(Planes.floatsOf(out, 0), expected) < 1e-5);
	}

	@Test
	void outputSizesForEachPaddingAndStride() {
		final ImagePlus cell = TestImages.open("cell.png"); // 550 x 660
		final RandomAccessibleInterval<UnsignedByteType> img = ImagePlusImages.wrapReal(cell);
		final Kernel k = Kernel.box(3); // 7 x 7
		assertArrayEquals(new long[] { 544, 654 }, Filters.convolve(img, k, Padding.NONE, 1).dimensionsAsLongArray());
		assertArrayEquals(new long[] { 550, 660 }, Filters.convolve(img, k, Padding.ZERO, 1).dimensionsAsLongArray());
		assertArrayEquals(new long[] { 275, 330 }, Filters.convolve(img, k, Padding.MIRROR, 2).dimensionsAsLongArray());
		assertArrayEquals(new long[] { 182, 218 }, Filters.convolve(img, k, Padding.NONE, 3).dimensionsAsLongArray());
	}

	@Test
	void meanEqualsImageJsSmoothInsideTheImage() {
		// ImageJ's smooth() is the 3x3 mean with edge pixels repeated: the same as clamp padding
		final ImagePlus cell = TestImages.open("cell.png");
		final ImageProcessor fp = cell.getProcessor().convertToFloat();
		final float[] original = ((float[]) fp.getPixels()).clone();
		fp.smooth();
		final Img<FloatType> ours = Filters.mean(ArrayImgs.floats(original, 550, 660), 1, Padding.CLAMP, 1);
		assertTrue(ReferenceFilters.maxRelativeError(Planes.floatsOf(ours, 0), (float[]) fp.getPixels()) < 1e-5);
	}

	@Test
	void rgbImagesAreFilteredPerChannel() {
		final ImagePlus ihc = TestImages.open("ihc.png");
		final RandomAccessibleInterval<UnsignedByteType> rgb = ImagePlusImages.wrapReal(ihc);
		assertArrayEquals(new long[] { 512, 512, 3 }, rgb.dimensionsAsLongArray());
		final Img<FloatType> out = Filters.mean(rgb, 2, Padding.MIRROR, 2);
		assertArrayEquals(new long[] { 256, 256, 3 }, out.dimensionsAsLongArray());
		final int[] size = new int[2];
		for (int c = 0; c < 3; c++) {
			final float[] expected = ReferenceFilters.correlate(Planes.toFloats(rgb, c), 512, 512, Kernel.box(2)
				.values(), 5, 5, "mirror", 2, size);
			assertTrue(ReferenceFilters.maxRelativeError(Planes.floatsOf(out, c), expected) < 1e-5, "channel " + c);
		}
		// the red channel of the first pixel, read through ImageJ
		assertEquals(ihc.getProcessor().get(0, 0) >> 16 & 0xff, rgb.getAt(0, 0, 0).get());
	}

	@Test
	void stacksAreFilteredPlaneByPlaneAndKeepTheirAxes() {
		final float[] planes = new float[8 * 6 * 3 * 2];
		for (int i = 0; i < planes.length; i++) planes[i] = (i * 37 % 101) - 50;
		final Img<FloatType> stack = ArrayImgs.floats(planes, 8, 6, 3, 2);
		final Img<FloatType> out = Filters.convolve(stack, ASYMMETRIC, Padding.CLAMP, 2);
		assertArrayEquals(new long[] { 4, 3, 3, 2 }, out.dimensionsAsLongArray());
		final int[] size = new int[2];
		for (int p = 0; p < 6; p++) {
			final float[] expected = ReferenceFilters.correlate(Planes.toFloats(stack, p), 8, 6, ASYMMETRIC.values(),
				5, 3, "clamp", 2, size);
			assertTrue(ReferenceFilters.maxRelativeError(Planes.floatsOf(out, p), expected) < 1e-5, "plane " + p);
		}
	}

	@Test
	void meanOfRadiusZeroIsTheImage() {
		final ImagePlus cell = TestImages.open("microaneurysms.png");
		final RandomAccessibleInterval<UnsignedByteType> img = ImagePlusImages.wrapReal(cell);
		assertArrayEquals(Planes.toFloats(img, 0), Planes.floatsOf(Filters.mean(img, 0, Padding.NONE, 1), 0));
	}

	@Test
	void kernelLargerThanTheImageWithoutPaddingIsRefused() {
		final Img<FloatType> small = ArrayImgs.floats(10, 10);
		final UserInputException e = assertThrows(UserInputException.class, () -> Filters.convolve(small, Kernel
			.box(7), Padding.NONE, 1));
		assertTrue(e.getMessage().startsWith("the kernel (15 pixels) is larger than the image (10 pixels)"));
		assertThrows(UserInputException.class, () -> Filters.convolve(small, Kernel.box(1), Padding.ZERO, -1));
		assertThrows(UserInputException.class, () -> Filters.convolve(null, Kernel.box(1), Padding.ZERO, 1));
	}
}
