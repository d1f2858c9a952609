package org.convnetij.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;

class KernelTest {

	@Test
	void parsesRowsSeparatedBySemicolonsOrLinesWithSpacesOrCommas() {
		final Kernel k = Kernel.parse("[1 2 3; 4,5,6\n7\t8 9]");
		assertEquals(3, k.width());
		assertEquals(3, k.height());
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, k.values());
		assertEquals("1 2 3; 4 5 6; 7 8 9", k.toString());
	}

	@Test
	void rectangularKernelsWithOddSidesAreAllowed() {
		final Kernel k = Kernel.parse("1 2 1");
		assertEquals(3, k.width());
		assertEquals(1, k.height());
		assertEquals(5, Kernel.parse("1;2;3;4;5").height());
	}

	@Test
	void normalizeDividesBySumUnlessZero() {
		assertArrayEquals(new float[] { 0.25f, 0.5f, 0.25f }, Kernel.parse("1 2 1").normalized().values());
		final Kernel edge = Kernel.parse("-1 0 1");
		assertArrayEquals(edge.values(), edge.normalized().values());
	}

	@Test
	void boxHasEqualWeightsSummingToOne() {
		final Kernel box = Kernel.box(2);
		assertEquals(5, box.width());
		assertEquals(1.0, box.sum(), 1e-6);
		assertEquals(1f / 25, box.at(4, 4), 0);
	}

	@Test
	void badKernelsGiveMessagesThatSayWhatToChange() {
		assertEquals("the kernel is empty: give rows of numbers such as [1 1 1; 1 1 1; 1 1 1]",
			assertThrows(UserInputException.class, () -> Kernel.parse(" ; ")).getMessage());
		assertEquals("kernel rows have different lengths: 3, 3, 2",
			assertThrows(UserInputException.class, () -> Kernel.parse("1 1 1; 1 1 1; 1 1")).getMessage());
		assertEquals("kernel value 'abc' in row 2 is not a number",
			assertThrows(UserInputException.class, () -> Kernel.parse("1 1 1; 1 abc 1; 1 1 1")).getMessage());
		assertEquals("the kernel is 4 wide and 3 high: both sizes must be odd so that it has a centre",
			assertThrows(UserInputException.class, () -> Kernel.parse("1 1 1 1; 1 1 1 1; 1 1 1 1")).getMessage());
		assertThrows(UserInputException.class, () -> Kernel.parse("1 NaN 1"));
	}
}
