package org.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.convnetij.data.Normalization;
import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** convnet.json: round trip through a model folder, rebuilding the architecture, validation messages. */
class ModelSpecTest {

	/** Fashion-MNIST's classes in label order (sample-images/PROVENANCE.md). */
	private static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
		"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

	@TempDir
	Path folder;

	private static ModelSpec customSpec() {
		return ModelSpec.of(Architecture.CUSTOM, InputShape.of(28, 28, 1)).pattern(ConvPattern.threeBlocks().padding(1))
			.classes(FASHION).normalization(Normalization.range()).training(TrainingSettings.defaults()
				.epochs(3).batchSize(64).learningRate(0.01).seed(42)).withEpoch(EpochRecord.of(1, 0.9, 0.7, 0.8, 0.72))
			.withEpoch(EpochRecord.of(2, 0.5, 0.82));
	}

	@Test
	void roundTripThroughAFolder() throws IOException {
		final ModelSpec spec = customSpec();
		final Path file = spec.write(folder);
		assertEquals(folder.resolve("convnet.json"), file);
		try (Stream<Path> files = Files.list(folder)) {
			assertEquals(1, files.count(), "no temporary file left");
		}
		final ModelSpec again = ModelSpec.read(folder);
		assertEquals(spec, again);
		assertEquals(FASHION, again.classes());
		assertEquals(ConvPattern.threeBlocks().padding(1), again.pattern());
		assertEquals(64, again.training().batchSize());
		assertEquals(42, again.training().seed());
		assertEquals(2, again.history().size());
		assertTrue(again.history().get(0).hasValidation());
		assertFalse(again.history().get(1).hasValidation());
		assertEquals(0.72, again.history().get(0).valAccuracy());
		assertEquals(Normalization.range(), again.normalization());
		final Model rebuilt = again.buildModel();
		assertEquals(spec.buildModel().totalParameters(), rebuilt.totalParameters());
		assertEquals(Shape.flat(10), rebuilt.outputShape());
		assertEquals("fc2_relu", again.featureLayer());
		final String json = Files.readString(file, StandardCharsets.UTF_8);
		assertTrue(json.contains("\"architecture\": \"custom\""), json);
		assertTrue(json.contains("\"T-shirt/top\""), json);
	}

	@Test
	void namedArchitectureRebuilds() {
		final ModelSpec spec = ModelSpec.of(Architecture.MOBILENETV2, InputShape.of(160, 160, 3)).classes(List.of(
			"cell", "background", "debris")).featureLayer("out_relu").normalization(Normalization.meanStd(new float[] {
				0.485f, 0.456f, 0.406f }, new float[] { 0.229f, 0.224f, 0.225f }));
		final ModelSpec again = ModelSpec.fromJson(spec.toJson());
		assertEquals(spec, again);
		assertEquals("out_relu", again.featureLayer());
		assertEquals(Shape.flat(3), again.buildModel().outputShape());
		assertEquals(Shape.spatial(5, 5, 1280), again.buildModel().node("out_relu").outputShape());
		final ModelSpec noTop = ModelSpec.of(Architecture.VGG16, InputShape.of(64, 64, 3)).withoutTop();
		assertEquals("block5_pool", ModelSpec.fromJson(noTop.toJson()).featureLayer());
	}

	private static String message(final String json) {
		return assertThrows(UserInputException.class, () -> ModelSpec.fromJson(json)).getMessage();
	}

	@Test
	void validationMessagesNameTheProblem() {
		final String good = customSpec().toJson();
		assertTrue(message(good.replace("\"custom\"", "\"vgg17\"")).contains("'vgg17'"));
		assertTrue(message(good.replace("\"format\": 1", "\"format\": 9")).contains("format 9"));
		assertTrue(message(good.replace("\"width\": 28", "\"width\": 0")).contains("width must be 1 or more, not 0"));
		assertTrue(message(good.replace("\"Trouser\"", "\"Bag\"")).contains("'Bag' appears twice"));
		assertTrue(message(good.replace("\"convs\": 2", "\"convs\": -2")).contains("convs must be 0 or more, not -2"));
		assertTrue(message("{ not json").contains("not valid JSON"));
		final String vgg = ModelSpec.of(Architecture.VGG16, InputShape.of(224, 224, 3)).classes(List.of("a", "b"))
			.toJson();
		assertTrue(message(vgg.replace("\"width\": 224", "\"width\": 20")).contains("at least 32 x 32"));
		final String feature = ModelSpec.of(Architecture.VGG16, InputShape.of(224, 224, 3)).classes(List.of("a", "b"))
			.featureLayer("fc9").toJson();
		assertTrue(message(feature).contains("'fc9' is not a layer of vgg16"));
		final String oneClass = ModelSpec.of(Architecture.LENET5, InputShape.of(32, 32, 1)).toJson();
		assertTrue(message(oneClass).contains("2 or more class names"));
	}

	@Test
	void missingFileNamesTheFolder() {
		final UserInputException e = assertThrows(UserInputException.class, () -> ModelSpec.read(folder));
		assertTrue(e.getMessage().contains("no convnet.json in " + folder), e.getMessage());
	}
}
