package org.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.Test;

/** Parameter counts and shapes of the named architectures against Keras Applications' published totals. */
class ArchitecturesTest {

	private static final InputShape RGB224 = InputShape.of(224, 224, 3);
	private static final InputShape RGB299 = InputShape.of(299, 299, 3);

	private static long total(final String key, final InputShape in, final boolean top) {
		return Architectures.build(key, in, 1000, top).totalParameters();
	}

	@Test
	void vggCountsAsKeras() {
		assertEquals(138_357_544L, total("vgg16", RGB224, true));
		assertEquals(14_714_688L, total("vgg16", RGB224, false));
		assertEquals(143_667_240L, total("vgg19", RGB224, true));
		assertEquals(20_024_384L, total("vgg19", RGB224, false));
	}

	@Test
	void resnet50CountsAsKeras() {
		final Model m = Architectures.resnet50(RGB224, Top.classifier(1000));
		assertEquals(25_636_712L, m.totalParameters());
		assertEquals(25_583_592L, m.trainableParameters());
		assertEquals(53_120L, m.nonTrainableParameters());
		assertEquals(23_587_712L, total("resnet50", RGB224, false));
		assertEquals(Shape.spatial(7, 7, 2048), Architectures.resnet50(RGB224, Top.none()).outputShape());
	}

	@Test
	void inceptionCountsAsKeras() {
		assertEquals(23_851_784L, total("inceptionv3", RGB299, true));
		assertEquals(21_802_784L, total("inceptionv3", RGB299, false));
		assertEquals(55_873_736L, total("inceptionresnetv2", RGB299, true));
		assertEquals(54_336_736L, total("inceptionresnetv2", RGB299, false));
		assertEquals(Shape.spatial(8, 8, 2048), Architectures.inceptionV3(RGB299, Top.none()).outputShape());
		assertEquals(Shape.spatial(8, 8, 1536), Architectures.inceptionResNetV2(RGB299, Top.none()).outputShape());
	}

	@Test
	void densenetCountsAsKeras() {
		assertEquals(8_062_504L, total("densenet121", RGB224, true));
		assertEquals(7_037_504L, total("densenet121", RGB224, false));
		assertEquals(14_307_880L, total("densenet169", RGB224, true));
		assertEquals(12_642_880L, total("densenet169", RGB224, false));
		assertEquals(20_242_984L, total("densenet201", RGB224, true));
		assertEquals(18_321_984L, total("densenet201", RGB224, false));
	}

	@Test
	void mobilenetV2CountsAsKeras() {
		final Model m = Architectures.mobilenetV2(RGB224, Top.classifier(1000));
		assertEquals(3_538_984L, m.totalParameters());
		assertEquals(3_504_872L, m.trainableParameters());
		assertEquals(2_257_984L, total("mobilenetv2", RGB224, false));
		assertEquals(Shape.spatial(7, 7, 1280), Architectures.mobilenetV2(RGB224, Top.none()).outputShape());
	}

	@Test
	void tooSmallInputNamesTheMinimum() {
		final UserInputException e = assertThrows(UserInputException.class, () -> Architectures.build("inceptionv3",
			InputShape.of(74, 80, 3), 10, true));
		assertTrue(e.getMessage().contains("at least 75 x 75"), e.getMessage());
		assertTrue(e.getMessage().contains("74 x 80"), e.getMessage());
	}
}
