package org.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;

class NormalizationTest {

	@Test
	void scaleMeanStdAndPerImage() {
		final float[] plane = { 0, 127.5f, 255 };
		Normalization.scale(1 / 127.5, -1).apply(plane, 0);
		assertArrayEquals(new float[] { -1, 0, 1 }, plane, 1e-6f);
		final float[] green = { 0.456f, 0.68f };
		Normalization.meanStd(new double[] { 0.485, 0.456, 0.406 }, new double[] { 0.229, 0.224, 0.225 }).apply(green,
			1);
		assertArrayEquals(new float[] { 0, 1 }, green, 1e-6f);
		final float[] image = { 2, 4, 6, 8 };
		Normalization.perImage().apply(image, 0);
		double sum = 0, sumSq = 0;
		for (final float v : image) {
			sum += v;
			sumSq += v * v;
		}
		assertEquals(0, sum, 1e-6);
		assertEquals(1, sumSq / image.length, 1e-6);
		final float[] same = { 3, 4 };
		Normalization.none().apply(same, 0);
		assertArrayEquals(new float[] { 3, 4 }, same);
	}

	@Test
	void badValuesAreRefused() {
		assertTrue(assertThrows(UserInputException.class, () -> Normalization.meanStd(new double[] { 1, 2 },
			new double[] { 1 })).getMessage().contains("as many means as standard deviations"));
		assertTrue(assertThrows(UserInputException.class, () -> Normalization.meanStd(new double[] { 1 },
			new double[] { 0 })).getMessage().contains("std must be above 0, not 0.0"));
		assertThrows(UserInputException.class, () -> Normalization.scale(0, 1));
	}
}
