package org.convnetij.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ImageConversionTest {

	@Test
	void bilinearUpscaleWithAlignedPixelCentres() {
		// 2x2 -> 4x4: output (1, 1) samples the input at (0.25, 0.25)
		final float[] in = { 0, 10, 20, 30 };
		final float[] out = ImageConversion.resize(in, 2, 2, 1, 4, 4);
		assertEquals(7.5f, out[1 * 4 + 1], 1e-6f);
		assertEquals(0f, out[0], 1e-6f); // clamped at the border
		assertEquals(30f, out[15], 1e-6f);
		assertEquals(2.5f, out[1], 1e-6f); // (0.25, 0) -> 0.75 * 0 + 0.25 * 10
	}

	@Test
	void halvingAveragesPairs() {
		final float[] in = { 0, 2, 4, 6 }; // 4x1
		assertArrayEquals(new float[] { 1, 5 }, ImageConversion.resize(in, 4, 1, 1, 2, 1), 1e-6f);
	}

	@Test
	void resizeKeepsChannelsApart() {
		final float[] rgb = { 1, 10, 100, 3, 30, 300 }; // 2x1 RGB
		final float[] out = ImageConversion.resize(rgb, 2, 1, 3, 1, 1);
		assertArrayEquals(new float[] { 2, 20, 200 }, out, 1e-5f);
	}

	@Test
	void channelConversions() {
		assertArrayEquals(new float[] { 5, 5, 5, 7, 7, 7 }, ImageConversion.convertChannels(new float[] { 5, 7 }, 1,
			3));
		final float[] gray = ImageConversion.convertChannels(new float[] { 100, 50, 10 }, 3, 1);
		assertEquals(0.299f * 100 + 0.587f * 50 + 0.114f * 10, gray[0], 1e-4f);
	}

	@Test
	void reflectIndex() {
		assertEquals(1, ImageConversion.reflect(-1, 5));
		assertEquals(3, ImageConversion.reflect(5, 5));
		assertEquals(0, ImageConversion.reflect(8, 5));
		assertEquals(0, ImageConversion.reflect(3, 1));
	}

	@Test
	void imgLib2ImageAsModelInput() {
		// a 4x2 8-bit image with a channel axis of 3, as ImagePlusImages wraps RGB
		final byte[] values = new byte[24];
		for (int i = 0; i < 24; i++) values[i] = (byte) (i * 10);
		final RawImage raw = RawImage.from(net.imglib2.img.array.ArrayImgs.unsignedBytes(values, 4, 2, 3));
		assertEquals(8, raw.bitDepth());
		assertEquals(3, raw.channels());
		// pixel (1, 1): planar index x + 4 y + 8 c -> 5, 13, 21
		assertArrayEquals(new float[] { 50, 130, 210 }, java.util.Arrays.copyOfRange(raw.pixels(), 15, 18));
		final float[] input = ImageConversion.toInput(raw, InputShape.of(4, 2, 1), Normalization.range());
		assertEquals((0.299f * 50 + 0.587f * 130 + 0.114f * 210) / 255, input[5], 1e-5f);
		assertEquals(32, RawImage.from(net.imglib2.img.array.ArrayImgs.floats(2, 2)).bitDepth());
		org.junit.jupiter.api.Assertions.assertThrows(org.convnetij.util.UserInputException.class, () -> RawImage
			.from(net.imglib2.img.array.ArrayImgs.floats(2, 2, 2)));
	}
}
