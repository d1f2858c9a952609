package org.convnetij.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;

class SplitTest {

	/** 30 images of class a, 20 of b, 11 of c; image i has all pixels = i. */
	static LabelledImages numbered(final int... perClass) {
		final List<float[]> pixels = new ArrayList<>();
		final List<String> sources = new ArrayList<>();
		final List<Integer> labels = new ArrayList<>();
		final List<String> names = new ArrayList<>();
		for (int c = 0; c < perClass.length; c++) {
			names.add(String.valueOf((char) ('a' + c)));
			for (int k = 0; k < perClass[c]; k++) {
				final float[] p = new float[4];
				java.util.Arrays.fill(p, pixels.size());
				sources.add("#" + pixels.size());
				pixels.add(p);
				labels.add(c);
			}
		}
		return new LabelledImages(InputShape.of(2, 2, 1), names, Normalization.none(), pixels, labels.stream()
			.mapToInt(Integer::intValue).toArray(), sources);
	}

	@Test
	void stratifiedCountsPerClass() {
		final Split split = Split.stratified(numbered(30, 20, 11), 0.2, 7);
		assertArrayEquals(new int[] { 6, 4, 2 }, split.validation().countsPerClass());
		assertArrayEquals(new int[] { 24, 16, 9 }, split.training().countsPerClass());
		final Set<String> all = new HashSet<>();
		for (int i = 0; i < split.training().size(); i++) all.add(split.training().source(i));
		for (int i = 0; i < split.validation().size(); i++) assertTrue(all.add(split.validation().source(i)));
		assertEquals(61, all.size());
	}

	@Test
	void everyClassKeepsOneOnEachSide() {
		final Split split = Split.stratified(numbered(2, 3), 0.9, 1);
		assertArrayEquals(new int[] { 1, 2 }, split.validation().countsPerClass());
		assertArrayEquals(new int[] { 1, 1 }, split.training().countsPerClass());
	}

	@Test
	void sameSeedSameSplitOtherSeedOtherSplit() {
		final LabelledImages data = numbered(30, 20);
		final List<String> first = sources(Split.stratified(data, 0.25, 3).validation());
		assertEquals(first, sources(Split.stratified(data, 0.25, 3).validation()));
		assertFalse(first.equals(sources(Split.stratified(data, 0.25, 4).validation())));
	}

	@Test
	void badFractionAndTooFewImages() {
		final UserInputException e = assertThrows(UserInputException.class, () -> Split.stratified(numbered(5, 5),
			1.0, 1));
		assertTrue(e.getMessage().contains("between 0 and 1") && e.getMessage().contains("1.0"), e.getMessage());
		final UserInputException one = assertThrows(UserInputException.class, () -> Split.stratified(numbered(5, 1),
			0.2, 1));
		assertTrue(one.getMessage().contains("class 'b' has 1 image"), one.getMessage());
	}

	private static List<String> sources(final LabelledImages images) {
		final List<String> s = new ArrayList<>();
		for (int i = 0; i < images.size(); i++) s.add(images.source(i));
		return s;
	}
}
