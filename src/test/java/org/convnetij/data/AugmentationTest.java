package org.convnetij.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;

/** Geometry on small synthetic patterns; seeds on real crops. */
class AugmentationTest {

	/** 3x2 gray: row 0 = 1 2 3, row 1 = 4 5 6. */
	private static final float[] PATTERN = { 1, 2, 3, 4, 5, 6 };

	/** 3x3 gray: 1..9 row by row. */
	private static final float[] SQUARE = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };

	@Test
	void mirrors() {
		assertArrayEquals(new float[] { 3, 2, 1, 6, 5, 4 }, Augmentation.flipHorizontally(PATTERN, 3, 2, 1));
		assertArrayEquals(new float[] { 4, 5, 6, 1, 2, 3 }, Augmentation.flipVertically(PATTERN, 3, 2, 1));
		// RGB pixels move as a whole
		final float[] rgb = { 1, 2, 3, 4, 5, 6 }; // 2x1 RGB
		assertArrayEquals(new float[] { 4, 5, 6, 1, 2, 3 }, Augmentation.flipHorizontally(rgb, 2, 1, 3));
	}

	@Test
	void quarterTurnsAreClockwise() {
		assertArrayEquals(new float[] { 7, 4, 1, 8, 5, 2, 9, 6, 3 }, Augmentation.rotateQuarters(SQUARE, 3, 3, 1,
			1));
		assertArrayEquals(new float[] { 9, 8, 7, 6, 5, 4, 3, 2, 1 }, Augmentation.rotateQuarters(SQUARE, 3, 3, 1,
			2));
		assertArrayEquals(SQUARE, Augmentation.rotateQuarters(SQUARE, 3, 3, 1, 4));
	}

	@Test
	void angleRotationAgreesWithQuarterTurns() {
		final float[] ninety = Augmentation.rotate(SQUARE, 3, 3, 1, 90);
		assertArrayEquals(Augmentation.rotateQuarters(SQUARE, 3, 3, 1, 1), ninety, 1e-5f);
		assertArrayEquals(Augmentation.rotateQuarters(SQUARE, 3, 3, 1, 3), Augmentation.rotate(SQUARE, 3, 3, 1,
			-90), 1e-5f);
		assertArrayEquals(SQUARE, Augmentation.rotate(SQUARE, 3, 3, 1, 0), 1e-6f);
		// 45 degrees: the centre stays, values stay within the input's range
		final float[] r = Augmentation.rotate(SQUARE, 3, 3, 1, 45);
		assertEquals(5f, r[4], 1e-5f);
		for (final float v : r) assertTrue(v >= 1 && v <= 9);
	}

	@Test
	void translationReflectsAtTheBorder() {
		// right by 1: column 0 takes the reflection of column -1, i.e. column 1
		assertArrayEquals(new float[] { 2, 1, 2, 5, 4, 5 }, Augmentation.translate(PATTERN, 3, 2, 1, 1, 0));
		// down by 1
		assertArrayEquals(new float[] { 4, 5, 6, 1, 2, 3 }, Augmentation.translate(PATTERN, 3, 2, 1, 0, 1));
	}

	@Test
	void cropOfTheCentreIsResizedBack() {
		// 4x4 ramp x; the centre 2x2 window resized to 4x4
		final float[] ramp = new float[16];
		for (int i = 0; i < 16; i++) ramp[i] = i % 4;
		final float[] c = Augmentation.cropResized(ramp, 4, 4, 1, 1, 1, 2, 2);
		assertArrayEquals(new float[] { 1, 1.25f, 1.75f, 2 }, Arrays.copyOfRange(c, 0, 4), 1e-6f);
		assertArrayEquals(ramp, Augmentation.cropResized(ramp, 4, 4, 1, 0, 0, 4, 4));
	}

	@Test
	void sameSeedSameResultOtherEpochOtherResult() throws Exception {
		final float[] image = realCrop();
		final InputShape shape = InputShape.of(32, 32, 3);
		final Augmentation a = Augmentation.builder().crop(0.7).flipHorizontal(true).flipVertical(true).rotate90(true)
			.rotate(20).translate(3).colorShift(0.05).brightness(0.1).contrast(0.2).grayscale(0.3).seed(11).build();
		final float[] copy = image.clone();
		final float[] first = a.apply(image, shape, 0, 5);
		assertArrayEquals(copy, image); // input untouched
		assertArrayEquals(first, a.apply(image, shape, 0, 5));
		assertArrayEquals(first, a.toBuilder().build().apply(image, shape, 0, 5));
		assertFalse(Arrays.equals(first, a.apply(image, shape, 1, 5)));
		assertFalse(Arrays.equals(first, a.apply(image, shape, 0, 6)));
		assertFalse(Arrays.equals(first, a.toBuilder().seed(12).build().apply(image, shape, 0, 5)));
		assertEquals("crop=0.7 fliph flipv rotate90 rotate=20.0 translate=3 grayscale=0.3 colorshift=0.05 " +
			"brightness=0.1 contrast=0.2 seed=11", a.toString());
	}

	@Test
	void brightnessShiftsEveryValueByTheSameAmount() throws Exception {
		final float[] image = realCrop();
		final float[] b = Augmentation.builder().brightness(0.3).seed(1).build().apply(image, InputShape.of(32, 32,
			3), 0, 0);
		final float delta = b[0] - image[0];
		assertTrue(Math.abs(delta) <= 0.3f && delta != 0);
		for (int i = 0; i < image.length; i++) assertEquals(image[i] + delta, b[i], 1e-5f);
	}

	@Test
	void grayscaleAlwaysMakesChannelsEqual() throws Exception {
		final float[] g = Augmentation.builder().grayscale(1).build().apply(realCrop(), InputShape.of(32, 32, 3), 0,
			0);
		for (int i = 0; i < g.length; i += 3) {
			assertEquals(g[i], g[i + 1]);
			assertEquals(g[i], g[i + 2]);
		}
	}

	@Test
	void flipsHappenAboutHalfTheTime() {
		final Augmentation a = Augmentation.builder().flipHorizontal(true).seed(3).build();
		int flipped = 0;
		for (int i = 0; i < 400; i++) {
			if (a.apply(PATTERN, InputShape.of(3, 2, 1), 0, i)[0] == 3) flipped++;
		}
		assertTrue(flipped > 150 && flipped < 250, "flipped " + flipped + " of 400");
	}

	@Test
	void badSettings() {
		final UserInputException square = assertThrows(UserInputException.class, () -> Augmentation.builder()
			.rotate90(true).build().check(InputShape.of(32, 16, 1)));
		assertTrue(square.getMessage().contains("32 x 16"), square.getMessage());
		assertThrows(UserInputException.class, () -> Augmentation.builder().crop(0));
		assertThrows(UserInputException.class, () -> Augmentation.builder().contrast(1));
		assertThrows(UserInputException.class, () -> Augmentation.builder().translate(-1));
		assertThrows(UserInputException.class, () -> Augmentation.builder().grayscale(1.5));
		assertFalse(Augmentation.none().isActive());
		assertEquals("none", Augmentation.none().toString());
	}

	/** A 32x32 RGB crop of ihc.png scaled to [0, 1]. */
	private static float[] realCrop() {
		final int[] rgb = (int[]) TestData.crop(TestData.open("ihc.png"), 100, 100, 32, 32).getPixels();
		final float[] f = new float[rgb.length * 3];
		for (int i = 0; i < rgb.length; i++) {
			f[3 * i] = ((rgb[i] >> 16) & 0xff) / 255f;
			f[3 * i + 1] = ((rgb[i] >> 8) & 0xff) / 255f;
			f[3 * i + 2] = (rgb[i] & 0xff) / 255f;
		}
		return f;
	}
}
