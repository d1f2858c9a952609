package org.convnetij.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.convnetij.data.LabelledFolder;
import org.convnetij.nn.ModelSpec;
import org.convnetij.transfer.FeatureCache;
import org.convnetij.testutil.TestFiles;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.TransferSettings;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.nn.ImportSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfer learning from the imported MobileNetV2 (at 64 x 64, the tiles are 32 x 32) to gland vs stroma: half of
 * sample-images/labelled for training, the other half for validation.
 */
public class TransferLearningTest {

	@TempDir
	static Path tmp;

	private static Path pretrained, train, validation;

	@BeforeAll
	static void prepare() throws IOException {
		pretrained = tmp.resolve("mobilenetv2-64");
		final ImportSettings.Result imported = ModelExchange.importModel(ImportSettings.of(TestFiles.mobileNetV2(),
			pretrained).size(64), Progress.NONE);
		// its own head needs 224 x 224 (a 7 x 7 average pool on out_relu): left out at 64, and said so
		assertTrue(imported.summary().contains("its head: it does not fit the input 64 x 64 x 3"), imported.summary());
		train = tmp.resolve("train");
		validation = tmp.resolve("validation");
		splitSamples(train, validation);
	}

	/** Copies every other image of each class of sample-images/labelled into {@code train}, the rest into {@code validation}. */
	public static void splitSamples(final Path train, final Path validation) throws IOException {
		final LabelledFolder set = LabelledFolder.scan(Path.of("sample-images", "labelled"));
		for (int c = 0; c < set.classNames().size(); c++) {
			final List<Path> files = set.files(c);
			for (int i = 0; i < files.size(); i++) {
				final Path dir = (i % 2 == 0 ? train : validation).resolve(set.classNames().get(c));
				Files.createDirectories(dir);
				Files.copy(files.get(i), dir.resolve(files.get(i).getFileName()));
			}
		}
	}

	private static TransferSettings options(final TransferSettings.Strategy s, final int epochs) {
		return new TransferSettings(s, "", epochs, 0.01, 3);
	}

	@Test
	void featuresStrategyTrainsAHeadOnCachedFeatures() throws IOException {
		final Path out = tmp.resolve("features");
		final TransferLearning.Result r = TransferLearning.run(new TransferLearning.Target(pretrained, out, false), train, validation, options(
			TransferSettings.Strategy.AUTO, 30), Progress.NONE);
		System.out.println(r.report());
		assertEquals(TransferSettings.Strategy.FEATURES, r.strategy());
		assertTrue(r.reason().startsWith("auto chose features: 20 images in the smallest class is few"), r.reason());
		assertEquals(1.0, r.trainingAccuracy(), 1e-9);
		assertTrue(r.validationAccuracy() >= 0.8, r.report());
		assertTrue(r.report().contains("new head (predictions) trained on 1280 features of global_average_pooling2d"),
			r.report());
		assertTrue(Files.isRegularFile(pretrained.resolve(FeatureCache.FILE_NAME)));
		assertEquals("features", r.spec().training().strategy());
		assertTrue(Files.isRegularFile(out.resolve("history.csv")) && Files.isRegularFile(out.resolve("curves.png")));
		try (Network m = Networks.load(out); Network base = Networks.load(pretrained)) {
			assertEquals(List.of("gland", "stroma"), m.classes());
			assertArrayEquals(base.weights().get("block_16_project/kernel"), m.weights().get("block_16_project/kernel"));
		}
		// the same head again: every image from the cache, the same result
		final TransferLearning.Result again = TransferLearning.run(new TransferLearning.Target(pretrained, tmp.resolve("features2"), false), train, validation, options(
			TransferSettings.Strategy.FEATURES, 30), Progress.NONE);
		assertTrue(again.report().contains("(80 images from the cache)"), again.report());
		assertEquals(r.validationAccuracy(), again.validationAccuracy(), 1e-9);
	}

	@Test
	void finetuneKeepsFrozenLayersAndBatchNormStatistics() throws IOException {
		final Path out = tmp.resolve("finetune");
		final TransferLearning.Result r = TransferLearning.run(new TransferLearning.Target(pretrained, out, false), train, validation, new TransferSettings(
			TransferSettings.Strategy.FINETUNE, "block_12_add", 20, 0.01, 3), Progress.NONE);
		System.out.println(r.report());
		assertTrue(r.report().contains("then fine-tuned 20 epochs at rate 1.0E-4"), r.report());
		// the head's 20 epochs are one history row (epoch 20), fine-tuning goes on from epoch 21
		assertTrue(r.report().contains("trained 20 epoch(s) (epochs 21 to 40 of the model's history)"), r.report());
		assertEquals("finetune", r.spec().training().strategy());
		assertEquals(pretrained.toString(), r.spec().training().base());
		assertEquals(21, r.spec().history().size());
		for (final String f : List.of("history.csv", "curves.png", "savedmodel/saved_model.pb")) {
			assertTrue(Files.isRegularFile(out.resolve(f)), f);
		}
		assertTrue(r.validationAccuracy() >= 0.8, r.report());
		try (Network m = Networks.load(out); Network base = Networks.load(pretrained)) {
			final Map<String, float[]> after = m.weights(), before = base.weights();
			assertArrayEquals(before.get("Conv1/kernel"), after.get("Conv1/kernel"));
			assertArrayEquals(before.get("block_12_project/kernel"), after.get("block_12_project/kernel"));
			assertArrayEquals(before.get("Conv_1_bn/moving_mean"), after.get("Conv_1_bn/moving_mean"));
			assertArrayEquals(before.get("Conv_1_bn/gamma"), after.get("Conv_1_bn/gamma"));
			assertFalse(java.util.Arrays.equals(before.get("Conv_1/kernel"), after.get("Conv_1/kernel")),
				"the top convolution is trained");
		}
	}

	/** A model imported whole (its own 5-class head) gets a new head for the new classes: any head is replaced. */
	@Test
	void anImportedHeadIsReplaced() throws IOException {
		final Path whole = tmp.resolve("whole");
		ModelExchange.importModel(ImportSettings.of(TestFiles.mobileNetV2(), whole), Progress.NONE);
		assertEquals(5, ModelSpec.read(whole).classes().size());
		final Path out = tmp.resolve("replaced");
		final TransferLearning.Result r = TransferLearning.run(new TransferLearning.Target(whole, out, false), train, validation, options(
			TransferSettings.Strategy.FEATURES, 10), Progress.NONE);
		assertTrue(r.report().contains("new head (predictions) trained on 1280 features of global_average_pooling2d"),
			r.report());
		try (Network m = Networks.load(out)) {
			assertEquals(List.of("gland", "stroma"), m.classes());
			assertFalse(m.model().has("dense_3"), "the imported head is gone");
			assertEquals(2, m.predict(new float[224 * 224 * 3], 1)[0].length);
		}
	}

	@Test
	void freezeNamesALayerOrACount() {
		final org.convnetij.nn.Model m = org.convnetij.nn.Architectures.build(org.convnetij.nn.Architecture.MOBILENETV2,
			org.convnetij.data.InputShape.of(64, 64, 3), org.convnetij.nn.Top.classifier(2));
		final Set<String> head = Set.of("predictions");
		final Set<String> byName = TransferLearning.frozenLayers(m, head, "block_1_project_BN");
		assertTrue(byName.contains("Conv1") && byName.contains("block_1_project") && !byName.contains("block_2_expand"));
		assertTrue(byName.contains("Conv_1_bn"), "every batch normalisation stays frozen");
		final Set<String> byCount = TransferLearning.frozenLayers(m, head, "3");
		assertTrue(byCount.contains("Conv1") && !byCount.contains("expanded_conv_depthwise"), byCount.toString());
		final UserInputException e = assertThrows(UserInputException.class, () -> TransferLearning.frozenLayers(m, head,
			"block_99"));
		assertTrue(e.getMessage().contains("'block_99' is not a pretrained layer"), e.getMessage());
	}
}
