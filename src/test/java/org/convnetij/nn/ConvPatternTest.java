package org.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.Test;

/** The custom INPUT -> [[CONV -> RELU]*N -> POOL?]*M -> [FC -> RELU]*K -> FC pattern and its presets. */
class ConvPatternTest {

	private static final InputShape MNIST = InputShape.of(28, 28, 1);

	private static long conv(final int f, final int in, final int n) {
		return (long) f * f * in * n + n;
	}

	private static long dense(final long in, final int out) {
		return in * out + out;
	}

	private static List<String> names(final Model m) {
		final List<String> names = new ArrayList<>();
		for (final Node n : m.nodes()) names.add(n.name());
		return names;
	}

	@Test
	void linearClassifier() {
		final Model m = Architectures.custom(MNIST, ConvPattern.linear(), Top.classifier(10));
		assertEquals(List.of("input_1", "flatten", "predictions"), names(m));
		assertEquals(dense(784, 10), m.totalParameters());
	}

	@Test
	void oneConvWithoutPool() {
		final Model m = Architectures.custom(MNIST, ConvPattern.oneConv(), Top.classifier(10));
		assertEquals(List.of("input_1", "block1_conv1", "block1_relu1", "flatten", "predictions"), names(m));
		assertEquals(conv(3, 1, 32) + dense(28 * 28 * 32, 10), m.totalParameters());
	}

	@Test
	void twoBlocks() {
		final Model m = Architectures.custom(MNIST, ConvPattern.twoBlocks(), Top.classifier(10));
		assertEquals(List.of("input_1", "block1_conv1", "block1_relu1", "block1_pool", "block2_conv1", "block2_relu1",
			"block2_pool", "flatten", "fc1", "fc1_relu", "predictions"), names(m));
		assertEquals(Shape.spatial(7, 7, 64), m.node("block2_pool").outputShape());
		assertEquals(conv(3, 1, 32) + conv(3, 32, 64) + dense(7 * 7 * 64, 128) + dense(128, 10), m.totalParameters());
	}

	@Test
	void threeBlocks() {
		final Model m = Architectures.custom(MNIST, ConvPattern.threeBlocks(), Top.classifier(10));
		assertEquals(Shape.spatial(3, 3, 128), m.node("block3_pool").outputShape());
		final long expected = conv(3, 1, 32) + conv(3, 32, 32) + conv(3, 32, 64) + conv(3, 64, 64) + conv(3, 64, 128) +
			conv(3, 128, 128) + dense(3 * 3 * 128, 256) + dense(256, 128) + dense(128, 10);
		assertEquals(expected, m.totalParameters());
		assertEquals(List.of("fc1", "fc1_relu", "fc2", "fc2_relu", "predictions"), names(m).subList(names(m).size() - 5,
			names(m).size()));
		final Model features = Architectures.custom(MNIST, ConvPattern.threeBlocks(), Top.none());
		assertEquals("block3_pool", features.output());
	}

	@Test
	void explicitPaddingFollowsTheFormula() {
		// W2 = (W - F + 2P) / S + 1 = (28 - 5 + 2) / 2 + 1 = 13
		final ConvPattern p = ConvPattern.oneConv().size(5).padding(1).stride(2).filters(4);
		final Model m = Architectures.custom(MNIST, p, Top.classifier(3));
		assertEquals(Shape.spatial(30, 30, 1), m.node("block1_pad1").outputShape());
		assertEquals(Shape.spatial(13, 13, 4), m.node("block1_conv1").outputShape());
		assertEquals(PaddingMode.VALID, ((Conv2D) m.node("block1_conv1").layer()).padding());
		// same padding: ceil(28 / 3) = 10
		final Model same = Architectures.custom(MNIST, ConvPattern.oneConv().stride(3), Top.none());
		assertEquals(Shape.spatial(10, 10, 32), same.outputShape());
	}

	@Test
	void filtersAndUnitsRepeatTheirLastValue() {
		final ConvPattern p = ConvPattern.defaults().blocks(3).filters(8).dense(2).units(50);
		final Model m = Architectures.custom(InputShape.of(32, 32, 3), p, Top.classifier(2));
		assertEquals(8, m.node("block3_conv1").outputShape().channels());
		assertEquals(Shape.flat(50), m.node("fc2").outputShape());
	}

	@Test
	void tooSmallInputNamesTheMinimum() {
		final ConvPattern p = ConvPattern.threeBlocks().padding("valid");
		// per block: two 3x3 valid convs (-4), then a 2x2 pool: 1 <- 2 <- 6 <- 12 <- 16 <- 32 <- 36
		assertEquals(36, p.minimumSize());
		final UserInputException e = assertThrows(UserInputException.class, () -> Architectures.custom(InputShape.of(
			35, 40, 1), p, Top.classifier(2)));
		assertTrue(e.getMessage().contains("at least 36 x 36 pixels, not 35 x 40"), e.getMessage());
	}

	@Test
	void badOptionsQuoteTheValue() {
		assertEquals("convs must be 0 or more, not -1", assertThrows(UserInputException.class, () -> ConvPattern
			.defaults().convs(-1)).getMessage());
		assertTrue(assertThrows(UserInputException.class, () -> ConvPattern.defaults().padding("wide")).getMessage()
			.contains("'wide'"));
		assertTrue(assertThrows(UserInputException.class, () -> ConvPattern.parseList("filters", "32,x")).getMessage()
			.contains("'32,x'"));
		assertArrayEquals(new int[] { 16, 32, 64 }, ConvPattern.parseList("filters", "16, 32,64"));
	}

	@Test
	void optionsAreImmutable() {
		final ConvPattern base = ConvPattern.defaults();
		final ConvPattern changed = base.convs(3).filters(5);
		assertEquals(1, base.convs());
		assertArrayEquals(new int[] { 32, 64 }, base.filters());
		assertEquals(3, changed.convs());
	}
}
