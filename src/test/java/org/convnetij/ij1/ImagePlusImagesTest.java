package org.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.convnetij.filter.Filters;
import org.convnetij.filter.Kernel;
import org.convnetij.filter.Padding;
import org.convnetij.image.Planes;
import org.convnetij.testutil.TestImages;
import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;

class ImagePlusImagesTest {

	@Test
	void wrappingSharesThePixelsBothWays() {
		final ImagePlus cell = TestImages.open("cell.png");
		final RandomAccessibleInterval<UnsignedByteType> img = ImagePlusImages.wrapReal(cell);
		final RandomAccess<UnsignedByteType> ra = img.randomAccess();
		ra.setPosition(new long[] { 10, 20 });
		ra.get().set(201);
		assertEquals(201, cell.getProcessor().get(10, 20), "a write through ImgLib2 reaches the ImagePlus");
		cell.getProcessor().set(11, 20, 7);
		ra.setPosition(11, 0);
		assertEquals(7, ra.get().get(), "a write through ImageJ reaches the view");

		final Img<FloatType> mean = Filters.mean(img, 1, Padding.ZERO, 1);
		final ImagePlus out = ImagePlusImages.toImagePlus(mean, "mean", cell, 1);
		assertSame(Planes.floatsOf(mean, 0), out.getProcessor().getPixels(), "the result's plane is not copied");
	}

	@Test
	void floatImagesAreFilteredFromTheirOwnPixelsWhichStayUnchanged() {
		final ImagePlus cell = TestImages.open("cell.png");
		cell.setProcessor(cell.getProcessor().convertToFloat());
		final float[] pixels = (float[]) cell.getProcessor().getPixels();
		final float[] before = pixels.clone();
		final RandomAccessibleInterval<FloatType> img = ImagePlusImages.wrapReal(cell);
		assertSame(pixels, Planes.readOnlyFloats(img, 0), "a float ImagePlus plane is read in place");
		final RandomAccessibleInterval<UnsignedByteType> bytes = ImagePlusImages.wrapReal(TestImages.open("cell.png"));
		assertEquals(pixels.length, Planes.readOnlyFloats(bytes, 0).length, "an 8-bit plane is converted (a copy)");

		for (final Img<FloatType> out : List.of(Filters.median(img, 0, Padding.CLAMP), Filters.median(img, 2,
			Padding.CLAMP), Filters.gaussianBlur(img, 2, Padding.CLAMP, 1), Filters.unsharpMask(img, 1, 0.6,
				Padding.CLAMP), Filters.convolve(img, Kernel.parse("1 2 1; 0 0 0; -1 -2 -1"), Padding.MIRROR, 2)))
		{
			assertNotSame(pixels, Planes.floatsOf(out, 0), "a result never shares the input's pixels");
			assertArrayEquals(before, pixels, "filtering leaves the input unchanged");
		}
		final Img<FloatType> same = Filters.median(img, 0, Padding.CLAMP);
		assertArrayEquals(before, Planes.floatsOf(same, 0), "radius 0 gives the image's values");
		Planes.floatsOf(same, 0)[0] = -1;
		assertEquals(before[0], pixels[0], "writing into the radius-0 result leaves the input alone");
	}

	@Test
	void theResultShowsTheRangeOfItsFirstPlane() {
		final float[] first = { 1, 2, 3, 4, 5, 6 }, second = { -50, 0, 0, 0, 0, 90 };
		final Img<FloatType> result = Planes.wrap(List.of(first, second), 3, 2, 2);
		final ImagePlus out = ImagePlusImages.toImagePlus(result, "two", null, 1);
		assertEquals(2, out.getStackSize());
		assertEquals(1, out.getDisplayRangeMin());
		assertEquals(6, out.getDisplayRangeMax());
		assertSame(second, out.getStack().getPixels(2), "planes are shared, not copied");
		out.setSlice(2);
		out.resetDisplayRange();
		assertEquals(-50, out.getDisplayRangeMin());
	}

	@Test
	void hyperstacksKeepChannelZAndTimeAxes() {
		final ImagePlus hyper = IJ.createImage("hyper", "16-bit ramp", 40, 30, 2, 3, 4); // c, z, t
		assertEquals(2 * 3 * 4, hyper.getStackSize());
		hyper.getStack().getProcessor(hyper.getStackIndex(2, 3, 1)).set(5, 6, 1234);
		final RandomAccessibleInterval<UnsignedShortType> img = ImagePlusImages.wrapReal(hyper);
		assertArrayEquals(new long[] { 40, 30, 2, 3, 4 }, img.dimensionsAsLongArray());
		assertEquals(1234, img.getAt(5, 6, 1, 2, 0).get());

		hyper.getCalibration().pixelWidth = 0.5;
		hyper.getCalibration().setUnit("mm");
		final Img<FloatType> out = Filters.mean(img, 1, Padding.NONE, 2);
		assertArrayEquals(new long[] { 19, 14, 2, 3, 4 }, out.dimensionsAsLongArray());
		final ImagePlus result = ImagePlusImages.toImagePlus(out, "result", hyper, 2);
		assertEquals(2, result.getNChannels());
		assertEquals(3, result.getNSlices());
		assertEquals(4, result.getNFrames());
		assertEquals(1.0, result.getCalibration().pixelWidth, 1e-12, "pixel size times the stride");
		assertEquals("mm", result.getCalibration().getUnit());
	}

	@Test
	void rgbBecomesThreeChannelsBeforeZ() {
		final ImagePlus rgb = IJ.createImage("rgb", "RGB black", 8, 6, 5);
		rgb.getStack().getProcessor(4).set(2, 3, 0x112233);
		final RandomAccessibleInterval<? extends RealType<?>> img = (RandomAccessibleInterval<
			? extends RealType<?>>) ImagePlusImages.wrap(rgb);
		assertArrayEquals(new long[] { 8, 6, 3, 5 }, img.dimensionsAsLongArray());
		final RandomAccess<? extends RealType<?>> ra = img.randomAccess();
		ra.setPosition(new long[] { 2, 3, 0, 3 });
		assertEquals(0x11, ra.get().getRealDouble(), 0);
		ra.setPosition(2, 2);
		assertEquals(0x33, ra.get().getRealDouble(), 0);
	}
}
