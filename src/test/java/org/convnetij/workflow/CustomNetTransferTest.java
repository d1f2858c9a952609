package org.convnetij.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.convnetij.data.FashionMnist;
import org.convnetij.data.LabelledImages;
import org.convnetij.nn.Architecture;
import org.convnetij.nn.ConvPattern;
import org.convnetij.nn.ModelSpec;
import org.convnetij.testutil.TestFiles;
import org.convnetij.util.Progress;
import org.convnetij.nn.TransferSettings;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfer from a custom net with a hidden dense layer: the new model leaves fc1 out and puts its classifier on the
 * flattened convolutions (real Fashion-MNIST images, a few hundred, one epoch: this checks the wiring, not accuracy).
 */
class CustomNetTransferTest {

	@TempDir
	Path tmp;

	private static ModelSpec custom(final ConvPattern p, final List<String> classes) {
		return ModelSpec.of(Architecture.CUSTOM, InputShape.of(28, 28, 1)).pattern(p).classes(classes).normalization(
			org.convnetij.data.Normalization.range());
	}

	@Test
	void onlyCustomNetsWithConvolutionsAndHiddenDenseLayersChange() {
		final List<String> ab = List.of("a", "b");
		final ModelSpec withFc = custom(ConvPattern.defaults().dense(2), ab);
		assertEquals(0, TransferLearning.withConvolutionalFeatures(withFc).pattern().dense());
		assertEquals(2, TransferLearning.withConvolutionalFeatures(withFc).pattern().blocks());
		final ModelSpec noFc = custom(ConvPattern.defaults().dense(0), ab);
		assertSame(noFc, TransferLearning.withConvolutionalFeatures(noFc));
		// without convolutions the dense layers are the only learnt features: kept
		final ModelSpec linearMlp = custom(ConvPattern.defaults().convs(0).blocks(0).dense(1), ab);
		assertSame(linearMlp, TransferLearning.withConvolutionalFeatures(linearMlp));
		final ModelSpec mobileNet = ModelSpec.of(Architecture.MOBILENETV2, InputShape.of(64, 64, 3)).classes(ab);
		assertSame(mobileNet, TransferLearning.withConvolutionalFeatures(mobileNet));
	}

	@Test
	void hiddenDenseLayerIsLeftOutAndConvolutionsAreCopied() throws IOException {
		final Path fashion = TestFiles.fashionMnist();
		final LabelledImages old = FashionMnist.load(fashion, FashionMnist.Part.TRAIN, new int[] { 0, 1, 2 }, 100, 1);
		final LabelledImages few = FashionMnist.load(fashion, FashionMnist.Part.TRAIN, new int[] { 5, 7 }, 10, 1);
		final Path pretrained = tmp.resolve("pretrained"), out = tmp.resolve("new");
		final Map<String, float[]> before;
		try (Network m = Networks.create(custom(ConvPattern.defaults().filters(8, 16).units(32), old.classNames()), 1)) {
			Trainer.fit(m, old, TrainOptions.builder().epochs(1).seed(1).validationFraction(0).build(), Progress.NONE);
			before = m.weights();
			m.save(pretrained);
		}
		assertTrue(before.containsKey("fc1/kernel"));
		final TransferLearning.Result r = TransferLearning.run(new TransferLearning.Target(pretrained, out, false), few, null, new TransferSettings(
			TransferSettings.Strategy.FEATURES, "", 5, 0.01, 1), Progress.NONE);
		assertTrue(r.report().contains("hidden dense layers fc1 of the pretrained custom net left out"), r.report());
		assertTrue(r.report().contains("features of flatten"), r.report());
		try (Network m = Networks.load(out)) {
			assertFalse(m.model().has("fc1"));
			assertEquals(0, m.spec().pattern().dense());
			final Map<String, float[]> after = m.weights();
			assertArrayEquals(before.get("block2_conv1/kernel"), after.get("block2_conv1/kernel"));
			// 7 x 7 x 16 flattened features -> 2 classes
			assertEquals(7 * 7 * 16 * 2, after.get("predictions/kernel").length);
			assertEquals(2, Trainer.predictAll(m, few, Progress.NONE).length / few.size());
		}
	}
}
