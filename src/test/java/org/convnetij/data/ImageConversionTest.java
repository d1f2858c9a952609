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
}
