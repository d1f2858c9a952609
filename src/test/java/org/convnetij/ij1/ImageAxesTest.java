package org.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.convnetij.data.ImageReader;
import org.convnetij.data.RawImage;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.Cnn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;

/**
 * An ImageJ 1 image says what its third axis is, so that the CNN commands read an RGB image as one colour image and
 * a stack as its slices, whatever the model's channels; a stack file reads slice by slice as the open stack does.
 */
class ImageAxesTest {

	@TempDir
	Path tmp;

	private static ImagePlus grayStack(final int slices) {
		final ImageStack s = new ImageStack(5, 4);
		for (int z = 0; z < slices; z++) {
			final ByteProcessor p = new ByteProcessor(5, 4);
			for (int i = 0; i < 20; i++) p.set(i, 10 * z + i);
			s.addSlice(p);
		}
		return new ImagePlus("stack", s);
	}

	private static <T extends net.imglib2.type.numeric.RealType<T>> List<RawImage> images(final ImagePlus imp,
		final int channels)
	{
		final net.imglib2.RandomAccessibleInterval<T> image = ImagePlusImages.wrapReal(imp);
		return Cnn.images(image, channels);
	}

	@Test
	void anRgbImageIsOneColourImageForAnyModel() {
		final ColorProcessor c = new ColorProcessor(5, 4);
		c.set(0, 0, 0x102030);
		final ImagePlus rgb = new ImagePlus("rgb", c);
		for (final int channels : new int[] { 1, 3 }) {
			final List<RawImage> images = images(rgb, channels);
			assertEquals(1, images.size(), "model channels " + channels);
			assertEquals(3, images.get(0).channels());
			assertArrayEquals(new float[] { 0x10, 0x20, 0x30 }, java.util.Arrays.copyOf(images.get(0).pixels(), 3));
		}
	}

	@Test
	void aStackOfThreeGraySlicesIsThreeGrayImagesForAnyModel() throws Exception {
		final ImagePlus stack = grayStack(3);
		for (final int channels : new int[] { 1, 3 }) {
			final List<RawImage> images = images(stack, channels);
			assertEquals(3, images.size(), "model channels " + channels);
			assertEquals(1, images.get(2).channels());
			assertEquals(20, images.get(2).pixels()[0]);
		}
		// the same stack as a file (the launcher's door): the same three images
		final Path file = tmp.resolve("stack.tif");
		IJ.saveAsTiff(stack, file.toString());
		final List<RawImage> read = ImageReader.standard().readPlanes(file);
		assertEquals(3, read.size());
		for (int z = 0; z < 3; z++) {
			assertArrayEquals(images(stack, 1).get(z).pixels(), read.get(z).pixels());
		}
	}

	@Test
	void twoChannelsAreRefused() {
		final ImagePlus two = grayStack(2);
		two.setDimensions(2, 1, 1);
		final UserInputException e = assertThrows(UserInputException.class, () -> images(two, 1));
		assertEquals("the image has 2 channels; a model takes gray (1 channel) or RGB (3 channels) images: split the " +
			"channels (Image > Color > Split Channels) and classify one, or make an RGB image of three (Image > Color > " +
			"Merge Channels)", e.getMessage());
	}
}
