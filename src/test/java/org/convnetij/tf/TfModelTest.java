package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.convnetij.data.Normalization;
import org.convnetij.nn.Activation;
import org.convnetij.nn.Add;
import org.convnetij.nn.Architecture;
import org.convnetij.nn.BatchNormalization;
import org.convnetij.nn.Concatenate;
import org.convnetij.nn.ConvPattern;
import org.convnetij.nn.Conv2D;
import org.convnetij.nn.DepthwiseConv2D;
import org.convnetij.nn.Model;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.PaddingMode;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model folders: create, predict, features, weights by Keras name, save and load. */
class TfModelTest {

	@TempDir
	Path tmp;

	static ModelSpec tinySpec() {
		return ModelSpec.of(Architecture.CUSTOM, InputShape.of(12, 12, 1)).pattern(ConvPattern.defaults().filters(4, 8)
			.units(16)).classes(List.of("a", "b", "c")).normalization(Normalization.range());
	}

	static float[] randomImages(final int n, final int length, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final float[] x = new float[n * length];
		for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
		return x;
	}

	@Test
	void predictsProbabilitiesAndRoundTripsThroughAFolder() throws Exception {
		final float[] x = randomImages(5, 144, 3);
		final Path folder = tmp.resolve("model");
		final float[][] p;
		final Map<String, float[]> weights;
		try (TfModel m = TfModel.create(tinySpec(), 7)) {
			p = m.predict(x, 5);
			assertEquals(5, p.length);
			for (final float[] row : p) {
				assertEquals(3, row.length);
				float sum = 0;
				for (final float v : row) sum += v;
				assertEquals(1, sum, 1e-5);
			}
			final float[] features = m.features("fc1_relu", x, 5);
			assertEquals(5 * 16, features.length);
			assertEquals(6 * 6 * 4 * 5, m.features("block1_pool", x, 5).length);
			weights = m.weights();
			assertEquals(List.of("block1_conv1/kernel", "block1_conv1/bias", "block2_conv1/kernel", "block2_conv1/bias",
				"fc1/kernel", "fc1/bias", "predictions/kernel", "predictions/bias"), List.copyOf(weights.keySet()));
			m.save(folder);
			assertThrows(UserInputException.class, () -> m.save(folder));
			m.save(folder, true);
		}
		assertTrue(Files.exists(folder.resolve("convnet.json")));
		assertTrue(Files.exists(folder.resolve("weights.bin")));
		try (Network again = Networks.load(folder)) {
			final float[][] q = again.predict(x, 5);
			for (int i = 0; i < 5; i++) assertArrayEquals(p[i], q[i]);
			assertEquals(List.of("a", "b", "c"), again.classes());
			assertEquals(Normalization.range(), again.spec().normalization());
			for (final Map.Entry<String, float[]> e : again.weights().entrySet()) {
				assertArrayEquals(weights.get(e.getKey()), e.getValue(), e.getKey());
			}
		}
	}

	@Test
	void sameSeedSameWeightsOtherSeedOthers() {
		try (TfModel a = TfModel.create(tinySpec(), 11); TfModel b = TfModel.create(tinySpec(), 11); TfModel c = TfModel
			.create(tinySpec(), 12))
		{
			final Map<String, float[]> wa = a.weights(), wb = b.weights(), wc = c.weights();
			for (final String k : wa.keySet()) assertArrayEquals(wa.get(k), wb.get(k), k);
			assertFalse(java.util.Arrays.equals(wa.get("fc1/kernel"), wc.get("fc1/kernel")));
			// He uniform: limit sqrt(6 / fanIn) for the first conv (fanIn 9)
			float max = 0;
			for (final float v : wa.get("block1_conv1/kernel")) max = Math.max(max, Math.abs(v));
			assertTrue(max <= Math.sqrt(6.0 / 9) && max > 0.5 * Math.sqrt(6.0 / 9), "" + max);
		}
	}

	@Test
	void setWeightsChecksNamesAndSizes() {
		try (TfModel m = TfModel.create(tinySpec(), 1)) {
			final float[] bias = { 1, 2, 3 };
			final List<String> notGiven = m.setWeights(Map.of("predictions/bias", bias));
			assertEquals(7, notGiven.size());
			assertArrayEquals(bias, m.weights().get("predictions/bias"));
			final UserInputException e = assertThrows(UserInputException.class, () -> m.setWeights(Map.of("fc9/kernel",
				new float[1], "fc1/bias", new float[3])));
			assertTrue(e.getMessage().contains("unknown: [fc9/kernel]"), e.getMessage());
			assertTrue(e.getMessage().contains("fc1/bias [16] needs 16 values, not 3"), e.getMessage());
			final UserInputException missing = assertThrows(UserInputException.class, () -> m.setAllWeights(Map.of(
				"fc1/bias", new float[16])));
			assertTrue(missing.getMessage().contains("missing: [block1_conv1/bias"), missing.getMessage());
		}
	}

	/** A graph with every layer type of nn (two classes, 9 x 9 x 3 input). */
	static Model mixedModel() {
		final var b = Model.builder("mixed", InputShape.of(9, 9, 3));
		String x = b.add(org.convnetij.nn.ZeroPadding2D.named("pad").pad(1), b.input());
		x = b.add(Conv2D.named("conv").filters(4).kernel(3).stride(2).padding(PaddingMode.VALID).withoutBias(), x);
		x = b.add(BatchNormalization.named("bn"), x);
		x = b.add(org.convnetij.nn.ReLU.six("relu6"), x);
		final String d = b.add(DepthwiseConv2D.named("dw").kernel(3).padding(PaddingMode.SAME), x);
		final String sum = b.add(Add.named("add"), x, d);
		final String scaled = b.add(org.convnetij.nn.ScaledAdd.named("scaled").scale(0.2), x, sum);
		x = b.add(Concatenate.named("concat"), sum, scaled);
		final String avg = b.add(org.convnetij.nn.AveragePooling2D.named("avg").pool(2).padding(PaddingMode.SAME), x);
		final String gap = b.add(org.convnetij.nn.GlobalAveragePooling2D.named("gap"), avg);
		final String mp = b.add(org.convnetij.nn.MaxPooling2D.named("mp").pool(2), x);
		final String gmp = b.add(org.convnetij.nn.GlobalMaxPooling2D.named("gmp"), mp);
		x = b.add(Concatenate.named("features"), gap, gmp);
		x = b.add(org.convnetij.nn.Dense.named("fc").units(6).activation(Activation.TANH), x);
		x = b.add(org.convnetij.nn.Dropout.named("drop").rate(0.3), x);
		x = b.add(org.convnetij.nn.ActivationLayer.named("sig").activation(Activation.SIGMOID), x);
		x = b.add(org.convnetij.nn.Dense.named("logits").units(2), x);
		b.add(org.convnetij.nn.Softmax.named("softmax"), x);
		return b.build();
	}

	/** A spec for the mixed model's classes and input (it does not rebuild the mixed graph). */
	static ModelSpec mixedSpec() {
		return ModelSpec.of(Architecture.CUSTOM, InputShape.of(9, 9, 3)).pattern(ConvPattern.linear()).classes(List.of(
			"dark", "bright")).normalization(Normalization.none());
	}

	@Test
	void everyLayerTypeBuildsAndRuns() {
		final TfModel m = TfModel.unchecked(mixedModel(), mixedSpec(), 5);
		try (m) {
			final float[][] p = m.predict(randomImages(3, 9 * 9 * 3, 1), 3);
			assertEquals(1, p[0][0] + p[0][1], 1e-5);
			assertEquals(5 * 5 * 8, m.features("concat", randomImages(1, 243, 2), 1).length);
		}
	}
}
