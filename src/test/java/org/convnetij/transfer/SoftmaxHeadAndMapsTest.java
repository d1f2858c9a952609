package org.convnetij.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convnetij.data.Normalization;
import org.convnetij.data.RawImage;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.Test;

/** Probability maps of a two-region image. */
class SoftmaxHeadAndMapsTest {

	@Test
	void windowOriginsCoverTheImage() {
		assertArrayEquals(new int[] { 0, 16, 32, 48, 52 }, ProbabilityMaps.origins(100, 48, 16));
		assertArrayEquals(new int[] { 0, 16, 32, 48 }, ProbabilityMaps.origins(96, 48, 16));
		assertArrayEquals(new int[] { 0 }, ProbabilityMaps.origins(48, 48, 16));
		assertEquals(25, ProbabilityMaps.windowCount(100, 100, 48, 16));
		final UserInputException e = assertThrows(UserInputException.class, () -> ProbabilityMaps.windowCount(40, 100,
			48, 16));
		assertTrue(e.getMessage().contains("choose a size of at most 40"), e.getMessage());
	}

	@Test
	void mapsFollowTheRegionsOfTheImage() {
		// left half dark, right half bright; the "classifier" says bright with the window's mean value
		final int w = 64, h = 40;
		final float[] px = new float[w * h];
		for (int y = 0; y < h; y++) for (int x = w / 2; x < w; x++) px[y * w + x] = 255;
		final RawImage image = new RawImage(w, h, 1, 8, px);
		final int[] calls = new int[1];
		final WindowClassifier brightness = new WindowClassifier() {

			@Override
			public InputShape inputShape() {
				return InputShape.of(4, 4, 1);
			}

			@Override
			public Normalization normalization() {
				return Normalization.range();
			}

			@Override
			public int classCount() {
				return 2;
			}

			@Override
			public float[][] predict(final float[] nhwc, final int n) {
				calls[0]++;
				final float[][] p = new float[n][2];
				for (int i = 0; i < n; i++) {
					float s = 0;
					for (int j = 0; j < 16; j++) s += nhwc[i * 16 + j];
					p[i][1] = s / 16;
					p[i][0] = 1 - p[i][1];
				}
				return p;
			}
		};
		final float[][] maps = ProbabilityMaps.compute(image, 8, 8, brightness, Progress.NONE);
		assertEquals(2, maps.length);
		assertEquals(w * h, maps[0].length);
		assertEquals(2, calls[0], "40 windows: a batch of 32, then 8");
		for (int y = 0; y < h; y++) {
			assertEquals(0f, maps[1][y * w + 5], 1e-6f);
			assertEquals(1f, maps[1][y * w + 60], 1e-6f);
			assertEquals(1f, maps[0][y * w + 5] + maps[1][y * w + 5], 1e-6f);
		}
	}
}
