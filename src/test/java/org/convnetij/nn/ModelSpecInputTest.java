package org.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.convnetij.data.Normalization;
import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.Test;

/** What convnet.json records about a model's input and an imported head, and folders written before it did. */
class ModelSpecInputTest {

	/** A convnet.json as ConvNet-IJ wrote it before bitDepth and headLayers existed. */
	private static final String OLDER = "{\"format\": 1, \"architecture\": \"custom\", \"pattern\": {\"convs\": 1, " +
		"\"blocks\": 1, \"dense\": 0, \"filters\": [4], \"size\": 3, \"padding\": \"same\", \"stride\": 1, " +
		"\"pool\": 2, \"poolStride\": 2, \"units\": [8]}, \"includeTop\": true, \"input\": {\"width\": 16, \"height\": 16, " +
		"\"channels\": 1}, \"normalization\": {\"method\": \"range\"}, \"classes\": [\"a\", \"b\"]}";

	@Test
	void olderFoldersLoadWithoutTheNewFields() {
		final ModelSpec s = ModelSpec.fromJson(OLDER);
		assertEquals(0, s.bitDepth(), "not known");
		assertTrue(s.head().isEmpty());
		assertEquals(2, s.buildModel().outputShape().channels());
	}

	@Test
	void aGrayModelRecordsThatItLearntFromConvertedRgbImages() {
		assertFalse(ModelSpec.fromJson(OLDER).rgbAsGray(), "older folders: not known, so RGB images are refused");
		final ModelSpec s = ModelSpec.fromJson(OLDER).rgbAsGray(true);
		assertTrue(s.toJson().contains("\"rgbAsGray\": true"), s.toJson());
		assertTrue(ModelSpec.fromJson(s.toJson()).rgbAsGray());
		final ModelSpec rgb = ModelSpec.fromJson(OLDER.replace("\"channels\": 1", "\"channels\": 3")).rgbAsGray(true);
		assertFalse(rgb.rgbAsGray(), "only a gray model converts RGB images");
	}

	@Test
	void theBitDepthIsRecordedAndChecked() {
		final ModelSpec s = ModelSpec.fromJson(OLDER).bitDepth(16);
		assertTrue(s.toJson().contains("\"bitDepth\": 16"), s.toJson());
		assertEquals(16, ModelSpec.fromJson(s.toJson()).bitDepth());
		assertEquals(0, ModelSpec.fromJson(OLDER).bitDepth(), "copies do not share their input");
		assertThrows(UserInputException.class, () -> s.bitDepth(12));
		final String bad = s.toJson().replace("\"bitDepth\": 16", "\"bitDepth\": 12");
		assertEquals("input bitDepth must be 8, 16 or 32 (or absent), not 12", assertThrows(UserInputException.class,
			() -> ModelSpec.fromJson(bad)).getMessage());
	}

	@Test
	void anImportedHeadIsRebuiltAndReplaceable() {
		final List<HeadLayer> head = List.of(HeadLayer.of("GlobalAveragePooling2D", "gap"), HeadLayer.dense("hidden",
			16, "relu"), HeadLayer.dropout("drop", 0.5), HeadLayer.dense("out", 3, "softmax"));
		final ModelSpec s = ModelSpec.of(Architecture.VGG16, InputShape.of(32, 32, 3)).head(head).classes(List.of("x",
			"y", "z")).normalization(Normalization.range());
		final ModelSpec again = ModelSpec.fromJson(s.toJson());
		assertEquals(s, again);
		final Model m = again.buildModel();
		assertEquals("out", m.output());
		assertEquals(3, m.outputShape().channels());
		assertEquals("block5_pool", again.featureLayer(), "features: the architecture's last layer, not the head's");
		assertFalse(again.withoutHead().buildModel().has("hidden"));
		assertEquals("the head's last Dense layer has 3 outputs but 2 class names are given [x, y]", assertThrows(
			UserInputException.class, () -> s.classes(List.of("x", "y")).validated()).getMessage());
		assertEquals("the head must end with a softmax (class probabilities)", assertThrows(UserInputException.class,
			() -> s.head(List.of(HeadLayer.dense("out", 3, "sigmoid"))).validated()).getMessage());
	}
}
