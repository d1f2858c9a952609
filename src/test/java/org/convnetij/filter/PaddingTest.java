package org.convnetij.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;

class PaddingTest {

	@Test
	void mirrorReflectsWithoutRepeatingTheEdge() {
		// 0 1 2 3 4 | 3 2 1 0 1 ...
		assertEquals(1, Padding.MIRROR.sourceIndex(-1, 5));
		assertEquals(2, Padding.MIRROR.sourceIndex(-2, 5));
		assertEquals(3, Padding.MIRROR.sourceIndex(5, 5));
		assertEquals(0, Padding.MIRROR.sourceIndex(8, 5));
		assertEquals(1, Padding.MIRROR.sourceIndex(9, 5));
		assertEquals(0, Padding.MIRROR.sourceIndex(7, 1));
	}

	@Test
	void clampRepeatsTheEdgeAndZeroReadsNothing() {
		assertEquals(0, Padding.CLAMP.sourceIndex(-3, 5));
		assertEquals(4, Padding.CLAMP.sourceIndex(9, 5));
		assertEquals(-1, Padding.ZERO.sourceIndex(-1, 5));
		assertEquals(2, Padding.ZERO.sourceIndex(2, 5));
	}

	@Test
	void borderIsHalfTheKernelExceptForNone() {
		assertEquals(0, Padding.NONE.border(7));
		assertEquals(3, Padding.ZERO.border(7));
	}

	@Test
	void parseIsStrictAndListsTheChoices() {
		assertEquals(Padding.MIRROR, Padding.parse(" Mirror "));
		assertEquals("unknown padding 'reflect': use one of none, zero, mirror, clamp",
			assertThrows(UserInputException.class, () -> Padding.parse("reflect")).getMessage());
	}

	@Test
	void outputSizeFollowsTheFormula() {
		// W2 = (W - F + 2P) / S + 1
		assertEquals(8, OutputSize.of(10, 3, Padding.NONE, 1));
		assertEquals(10, OutputSize.of(10, 3, Padding.ZERO, 1));
		assertEquals(5, OutputSize.of(10, 3, Padding.ZERO, 2));
		assertEquals(4, OutputSize.of(10, 3, Padding.NONE, 2));
		assertEquals(1, OutputSize.of(3, 3, Padding.NONE, 5));
		assertEquals("stride must be 1 or more, not 0",
			assertThrows(UserInputException.class, () -> OutputSize.of(10, 3, Padding.ZERO, 0)).getMessage());
		assertEquals("the kernel (15 pixels) is larger than the image (10 pixels) with padding none: use padding " +
			"zero, mirror or clamp, or a smaller kernel", assertThrows(UserInputException.class, () -> OutputSize.of(
				10, 15, Padding.NONE, 1, "kernel")).getMessage());
	}
}
