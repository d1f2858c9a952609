package org.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.convnetij.filter.Filters;
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
