package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import org.convnetij.data.FashionMnist;
import org.convnetij.data.LabelledImages;
import org.convnetij.nn.Architecture;
import org.convnetij.nn.ConvPattern;
import org.convnetij.nn.ModelSpec;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.Trainer;
import org.convnetij.workflow.TrainOptions;
import org.convnetij.workflow.TrainingResult;
import org.convnetij.workflow.Evaluation;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training a small CNN on a few hundred Fashion-MNIST images: accuracy, folder, freezing, stopping. */
class TrainerTest {

	static final Path FASHION = org.convnetij.testutil.TestFiles.fashionMnist();
	static final int[] ALL = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };

	static LabelledImages train, test;

	@TempDir
	Path tmp;

	@BeforeAll
	static void load() {
		train = FashionMnist.load(FASHION, FashionMnist.Part.TRAIN, ALL, 40, 3);
		test = FashionMnist.load(FASHION, FashionMnist.Part.TEST, ALL, 20, 4);
	}

	static ModelSpec spec() {
		return ModelSpec.of(Architecture.CUSTOM, InputShape.of(28, 28, 1)).pattern(ConvPattern.defaults().filters(8, 16)
			.units(32)).classes(FashionMnist.CLASS_NAMES).normalization(train.normalization());
	}

	@Test
	void trainsWellAboveChanceAndWritesTheModelFolder() throws Exception {
		final Path folder = tmp.resolve("fashion");
		final TrainOptions options = TrainOptions.builder().epochs(3).batchSize(32).learningRate(0.003).seed(5)
			.checkpoint(folder).build();
		final float[][] before;
		try (TfModel m = TfModel.create(spec(), 5)) {
			final TrainingResult r = Trainer.fit(m, train, options, Progress.NONE);
			assertEquals(TrainingResult.Stop.COMPLETED, r.stop());
			assertEquals(3, r.history().size());
			assertTrue(r.last().hasValidation());
			assertTrue(r.history().get(2).loss() < r.history().get(0).loss(), r.history().toString());
			final Evaluation e = Trainer.evaluate(m, test, Progress.NONE);
			// chance is 0.1; 320 training images and 3 epochs reach about 0.6
			assertTrue(e.accuracy() > 0.4, e.report());
			assertTrue(e.top5Accuracy() >= e.accuracy());
			assertEquals(200, e.count());
			assertTrue(e.report().contains("Confusion matrix"), e.report());
			before = m.predict(imagesOf(test, 4), 4);
		}
		final List<String> csv = Files.readAllLines(folder.resolve("history.csv"));
		assertEquals(4, csv.size(), csv.toString());
		assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,seconds", csv.get(0));
		final BufferedImage png = ImageIO.read(folder.resolve("curves.png").toFile());
		assertNotNull(png);
		try (Network again = Networks.load(folder)) {
			assertEquals(3, again.spec().history().size());
			assertEquals("adam", again.spec().training().optimizer());
			assertEquals(0.003, again.spec().training().learningRate());
			final float[][] after = again.predict(imagesOf(test, 4), 4);
			for (int i = 0; i < 4; i++) assertArrayEquals(before[i], after[i]);
			// resume: one more epoch continues the history
			final TrainingResult more = Trainer.fit(again, train, options.toBuilder().epochs(1).overwrite(true).build(),
				Progress.NONE);
			assertEquals(4, more.history().size());
			assertEquals(4, more.last().epoch());
		}
		// the folder exists now: refused without overwrite
		try (TfModel m = TfModel.create(spec(), 5)) {
			final UserInputException e = assertThrows(UserInputException.class, () -> Trainer.fit(m, train, options,
				Progress.NONE));
			assertTrue(e.getMessage().contains("overwrite"), e.getMessage());
		}
	}

	/**
	 * The same seed gives the same weights (Adam's step powers move on only after every update has read them; the
	 * framework's Adam left that order open).
	 */
	@Test
	void sameSeedTrainsTheSameWeights() throws Exception {
		final TrainOptions two = TrainOptions.builder().epochs(2).batchSize(32).learningRate(0.003).seed(6)
			.validationFraction(0).build();
		final java.util.List<Map<String, float[]>> runs = new java.util.ArrayList<>();
		for (int run = 0; run < 2; run++) {
			try (TfModel m = TfModel.create(spec(), 6)) {
				Trainer.fit(m, train, two, Progress.NONE);
				runs.add(m.weights());
			}
		}
		for (final String w : runs.get(0).keySet()) assertArrayEquals(runs.get(0).get(w), runs.get(1).get(w), w);
	}

	/**
	 * The optimizer's state is saved with the model: 2 epochs, saved, loaded and 2 more give the weights of 4 epochs
	 * in one run (Adam's moments and step count go on); without the saved state they differ.
	 */
	@Test
	void resumedTrainingGoesOnWhereItStopped() throws Exception {
		final TrainOptions two = TrainOptions.builder().epochs(2).batchSize(32).learningRate(0.003).seed(6)
			.validationFraction(0).build();
		final Map<String, float[]> straight;
		try (TfModel m = TfModel.create(spec(), 6)) {
			Trainer.fit(m, train, two.toBuilder().epochs(4).build(), Progress.NONE);
			straight = m.weights();
		}
		final Path half = tmp.resolve("half");
		try (TfModel m = TfModel.create(spec(), 6)) {
			Trainer.fit(m, train, two.toBuilder().checkpoint(half).build(), Progress.NONE);
		}
		assertTrue(Files.isRegularFile(half.resolve("optimizer.bin")) && Files.isRegularFile(half.resolve(
			"optimizer.json")));
		try (Network m = Networks.load(half)) {
			final TrainingResult r = Trainer.fit(m, train, two, Progress.NONE);
			assertTrue(r.message().contains("adam went on from the optimizer state saved with the model"), r.message());
			assertEquals(4, r.last().epoch());
			final Map<String, float[]> resumed = m.weights();
			for (final String w : straight.keySet()) {
				final float[] a = straight.get(w), b = resumed.get(w);
				for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-5, w + "[" + i + "]");
			}
		}
		// without the state the moments start again at zero: other weights
		Files.delete(half.resolve("optimizer.json"));
		try (Network m = Networks.load(half)) {
			final TrainingResult r = Trainer.fit(m, train, two, Progress.NONE);
			assertFalse(r.message().contains("went on"), r.message());
			double max = 0;
			for (final String w : straight.keySet()) {
				final float[] a = straight.get(w), b = m.weights().get(w);
				for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
			}
			assertTrue(max > 1e-3, "max difference " + max);
		}
	}

	@Test
	void frozenLayersKeepTheirWeights() throws Exception {
		try (TfModel m = TfModel.create(spec(), 8)) {
			final Map<String, float[]> before = m.weights();
			Trainer.fit(m, train, TrainOptions.builder().epochs(1).validationFraction(0).freeze(Set.of("block1_conv1",
				"fc1")).optimizer("sgd").learningRate(0.05).l2(1e-4).dropout(0.3).build(), Progress.NONE);
			final Map<String, float[]> after = m.weights();
			for (final String frozen : List.of("block1_conv1/kernel", "block1_conv1/bias", "fc1/kernel", "fc1/bias")) {
				assertArrayEquals(before.get(frozen), after.get(frozen), frozen);
			}
			for (final String trained : List.of("block2_conv1/kernel", "predictions/kernel")) {
				assertFalse(java.util.Arrays.equals(before.get(trained), after.get(trained)), trained);
			}
		}
	}

	@Test
	void earlyStoppingRestoresTheBestWeights() throws Exception {
		final LabelledImages few = train.samplePerClass(10, 1);
		try (TfModel m = TfModel.create(spec(), 9)) {
			final TrainingResult r = Trainer.fit(m, few, TrainOptions.builder().epochs(12).patience(1).learningRate(0.01)
				.validationFraction(0.3).seed(2).build(), Progress.NONE);
			double bestLoss = Double.POSITIVE_INFINITY;
			int bestEpoch = 0;
			for (final var e : r.history()) {
				if (e.valLoss() < bestLoss) {
					bestLoss = e.valLoss();
					bestEpoch = e.epoch();
				}
			}
			assertEquals(bestEpoch, r.bestEpoch(), r.history().toString());
			assertEquals(TrainingResult.Stop.EARLY_STOPPED, r.stop(), r.history().toString());
			assertTrue(r.history().size() < 12);
			assertTrue(bestEpoch < r.history().size());
			// the model now gives the best epoch's validation loss
			final var split = org.convnetij.data.Split.stratified(few, 0.3, 2);
			assertEquals(bestLoss, Trainer.evaluate(m, split.validation(), Progress.NONE).loss(), 1e-4);
		}
	}

	@Test
	void nanLossAndCancelKeepTheLastGoodWeights() throws Exception {
		try (TfModel m = TfModel.create(spec(), 10)) {
			final Map<String, float[]> start = m.weights();
			final TrainingResult r = Trainer.fit(m, train, TrainOptions.builder().epochs(2).optimizer("sgd").learningRate(
				1e9).validationFraction(0).build(), Progress.NONE);
			assertEquals(TrainingResult.Stop.NAN_LOSS, r.stop());
			assertTrue(r.message().contains("learning rate"), r.message());
			assertTrue(r.history().isEmpty());
			assertArrayEquals(start.get("fc1/kernel"), m.weights().get("fc1/kernel"));
		}
		try (TfModel m = TfModel.create(spec(), 10)) {
			final Map<String, float[]> start = m.weights();
			final Progress cancelSoon = new Progress() {

				long updates;

				@Override
				public void status(final String message) {}

				@Override
				public void update(final long done, final long total) {
					updates++;
				}

				@Override
				public boolean isCanceled() {
					return updates >= 3;
				}
			};
			final TrainingResult r = Trainer.fit(m, train, TrainOptions.builder().epochs(2).validationFraction(0)
				.build(), cancelSoon);
			assertEquals(TrainingResult.Stop.CANCELED, r.stop());
			assertArrayEquals(start.get("predictions/kernel"), m.weights().get("predictions/kernel"));
		}
	}

	@Test
	void everyLayerTypeTrainsAndFrozenBatchNormStaysInInferenceMode() throws Exception {
		// dark and bright noise images, 9 x 9 x 3
		final java.util.SplittableRandom random = new java.util.SplittableRandom(4);
		final List<float[]> pixels = new java.util.ArrayList<>();
		final int[] labels = new int[64];
		final List<String> sources = new java.util.ArrayList<>();
		for (int i = 0; i < labels.length; i++) {
			labels[i] = i % 2;
			final float[] p = new float[243];
			for (int k = 0; k < p.length; k++) p[k] = (float) (random.nextDouble() * 0.6 + 0.4 * labels[i]);
			pixels.add(p);
			sources.add("noise" + i);
		}
		final LabelledImages data = new LabelledImages(org.convnetij.data.InputShape.of(9, 9, 3), List.of("dark",
			"bright"), org.convnetij.data.Normalization.none(), pixels, labels, sources);
		try (TfModel m = TfModel.unchecked(TfModelTest.mixedModel(), TfModelTest.mixedSpec(), 3)) {
			final Map<String, float[]> before = m.weights();
			final TrainingResult r = Trainer.fit(m, data, TrainOptions.builder().epochs(4).batchSize(16).learningRate(0.01)
				.validationFraction(0).build(), Progress.NONE);
			assertEquals(TrainingResult.Stop.COMPLETED, r.stop(), r.message());
			final Map<String, float[]> after = m.weights();
			for (final String w : after.keySet()) assertFalse(java.util.Arrays.equals(before.get(w), after.get(w)), w);
			assertTrue(r.last().accuracy() > 0.8, r.history().toString());
		}
		try (TfModel m = TfModel.unchecked(TfModelTest.mixedModel(), TfModelTest.mixedSpec(), 3)) {
			final Map<String, float[]> before = m.weights();
			Trainer.fit(m, data, TrainOptions.builder().epochs(1).batchSize(16).validationFraction(0).freeze(Set.of("bn"))
				.build(), Progress.NONE);
			final Map<String, float[]> after = m.weights();
			for (final String w : List.of("bn/gamma", "bn/beta", "bn/moving_mean", "bn/moving_variance")) {
				assertArrayEquals(before.get(w), after.get(w), w);
			}
			assertFalse(java.util.Arrays.equals(before.get("conv/kernel"), after.get("conv/kernel")));
		}
	}

	static float[] imagesOf(final LabelledImages data, final int n) {
		final int length = data.shape().length();
		final float[] x = new float[n * length];
		for (int i = 0; i < n; i++) System.arraycopy(data.pixels(i), 0, x, i * length, length);
		return x;
	}
}
