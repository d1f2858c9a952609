package org.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.Test;

/**
 * LeNet-5, AlexNet, ZFNet and GoogLeNet (not in Keras Applications) against counts worked out by hand from the
 * papers' tables, and every architecture at its minimum input.
 */
class PaperNetsTest {

	/** Conv parameters: F x F x Din x N weights + N biases. */
	private static long conv(final int f, final int in, final int n) {
		return (long) f * f * in * n + n;
	}

	private static long dense(final long in, final int out) {
		return in * out + out;
	}

	@Test
	void lenet5() {
		final Model m = Architectures.lenet5(InputShape.of(32, 32, 1), Top.classifier(10));
		final long expected = conv(5, 1, 6) + conv(5, 6, 16) + conv(5, 16, 120) + dense(120, 84) + dense(84, 10);
		assertEquals(61_706L, expected);
		assertEquals(expected, m.totalParameters());
		assertEquals(Shape.spatial(1, 1, 120), m.node("conv3").outputShape());
		assertEquals(Shape.spatial(14, 14, 6), m.node("pool1").outputShape());
	}

	@Test
	void alexnetSingleTower() {
		final Model m = Architectures.alexnet(InputShape.of(227, 227, 3), Top.classifier(1000));
		final long expected = conv(11, 3, 96) + conv(5, 96, 256) + conv(3, 256, 384) + conv(3, 384, 384) + conv(3, 384,
			256) + dense(6 * 6 * 256, 4096) + dense(4096, 4096) + dense(4096, 1000);
		assertEquals(62_378_344L, expected);
		assertEquals(expected, m.totalParameters());
		assertEquals(Shape.spatial(55, 55, 96), m.node("conv1").outputShape());
		assertEquals(Shape.spatial(6, 6, 256), m.node("pool5").outputShape());
	}

	@Test
	void zfnetHasThePapersMapSizes() {
		final Model m = Architectures.zfnet(InputShape.of(224, 224, 3), Top.classifier(1000));
		assertEquals(110, m.node("conv1").outputShape().width());
		assertEquals(55, m.node("pool1").outputShape().width());
		assertEquals(26, m.node("conv2").outputShape().width());
		assertEquals(13, m.node("pool2").outputShape().width());
		assertEquals(13, m.node("conv5").outputShape().width());
		assertEquals(Shape.spatial(6, 6, 256), m.node("pool5").outputShape());
		final long expected = conv(7, 3, 96) + conv(5, 96, 256) + conv(3, 256, 384) + conv(3, 384, 384) + conv(3, 384,
			256) + dense(6 * 6 * 256, 4096) + dense(4096, 4096) + dense(4096, 1000);
		assertEquals(62_357_608L, expected);
		assertEquals(expected, m.totalParameters());
	}

	/** An inception module: 1x1; 1x1 reduce then 3x3; 1x1 reduce then 5x5; 3x3 max pool then 1x1 projection. */
	private static long module(final int in, final int n1, final int r3, final int n3, final int r5, final int n5,
		final int proj)
	{
		return conv(1, in, n1) + conv(1, in, r3) + conv(3, r3, n3) + conv(1, in, r5) + conv(5, r5, n5) + conv(1, in,
			proj);
	}

	@Test
	void googlenetFromTable1() {
		final Model m = Architectures.googlenet(InputShape.of(224, 224, 3), Top.classifier(1000));
		final long stem = conv(7, 3, 64) + conv(1, 64, 64) + conv(3, 64, 192);
		final long modules = module(192, 64, 96, 128, 16, 32, 32) + module(256, 128, 128, 192, 32, 96, 64) + module(
			480, 192, 96, 208, 16, 48, 64) + module(512, 160, 112, 224, 24, 64, 64) + module(512, 128, 128, 256, 24, 64,
				64) + module(512, 112, 144, 288, 32, 64, 64) + module(528, 256, 160, 320, 32, 128, 128) + module(832, 256,
					160, 320, 32, 128, 128) + module(832, 384, 192, 384, 48, 128, 128);
		final long expected = stem + modules + dense(1024, 1000);
		assertEquals(6_998_552L, expected);
		assertEquals(expected, m.totalParameters());
		assertEquals(Shape.spatial(28, 28, 256), m.node("inception_3a_output").outputShape());
		assertEquals(Shape.spatial(7, 7, 1024), m.node("inception_5b_output").outputShape());
		assertEquals(expected - dense(1024, 1000), Architectures.googlenet(InputShape.of(224, 224, 3), Top.none())
			.totalParameters());
	}

	@Test
	void everyArchitectureBuildsAtItsMinimumAndRefusesLess() {
		for (final Architecture a : Architecture.values()) {
			if (a == Architecture.CUSTOM) continue; // its minimum depends on the pattern: ConvPatternTest
			final int min = a.minimumSize();
			final InputShape smallest = InputShape.of(min, min, 3);
			assertTrue(Architectures.build(a, smallest, Top.classifier(5)).totalParameters() > 0, a.key());
			assertTrue(Architectures.build(a, smallest, Top.none()).totalParameters() >= 0, a.key());
			if (min > 1) {
				final UserInputException e = assertThrows(UserInputException.class, () -> Architectures.build(a, InputShape
					.of(min - 1, min, 3), Top.classifier(5)));
				assertTrue(e.getMessage().startsWith(a.key() + " needs an input of at least " + min + " x " + min),
					e.getMessage());
			}
		}
	}

	@Test
	void paperMinimumsAreTight() {
		final Top top = Top.classifier(2);
		PaperNets.lenet5(InputShape.of(32, 32, 1), top);
		assertThrows(UserInputException.class, () -> PaperNets.lenet5(InputShape.of(31, 31, 1), top));
		PaperNets.alexnet(InputShape.of(67, 67, 3), top);
		assertThrows(UserInputException.class, () -> PaperNets.alexnet(InputShape.of(66, 66, 3), top));
		PaperNets.zfnet(InputShape.of(53, 53, 3), top);
		assertThrows(UserInputException.class, () -> PaperNets.zfnet(InputShape.of(52, 52, 3), top));
		assertEquals(Shape.spatial(1, 1, 256), PaperNets.zfnet(InputShape.of(53, 53, 3), Top.none()).outputShape());
	}

	@Test
	void layerCountsAgreeWithNodes() {
		final Model m = Architectures.mobilenetV2(InputShape.of(96, 96, 3), Top.classifier(4));
		final Node bn = m.node("bn_Conv1");
		assertEquals(bn.parameters(), bn.layer().parameters(bn.inputShapes()));
		assertEquals(64, bn.layer().trainableParameters(bn.inputShapes()));
		assertEquals(128, bn.parameters());
	}

	@Test
	void inputSizeAndClassesChangeTheTop() {
		final Model m = Architectures.vgg16(InputShape.of(64, 48, 1), Top.classifier(7));
		assertEquals(Shape.spatial(2, 1, 512), m.node("block5_pool").outputShape());
		assertEquals(Shape.flat(7), m.outputShape());
		assertEquals(dense(4096, 7), m.node("predictions").parameters());
		assertEquals(dense(2 * 1 * 512, 4096), m.node("fc1").parameters());
		assertEquals(conv(3, 1, 64), m.node("block1_conv1").parameters());
	}
}
