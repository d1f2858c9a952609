package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.nn.ImportSettings;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.nn.Shape;
import org.convnetij.testutil.TestFiles;
import org.convnetij.transfer.KerasLayer;
import org.convnetij.transfer.LayerFeatures;
import org.convnetij.transfer.MobileNetV2Reference;
import org.convnetij.transfer.TfjsModel;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.ModelExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TensorFlow.js MobileNetV2 imported the one way every command imports it (Import Model: our {@code nn} layers,
 * the weights by Keras name, a graph built by {@link LayerGraph}) gives the numbers TensorFlow.js gives (reference
 * files made by src/test/tfjs/make-reference.js) on the same input tensors, at every layer.
 */
class TfjsImportReferenceTest {

	/** Largest absolute difference accepted for probabilities and out_relu features. */
	private static final double TOLERANCE = 1e-4;

	@TempDir
	static Path tmp;

	private static TfjsModel tfjs;
	private static MobileNetV2Reference reference;
	private static Network model;

	@BeforeAll
	static void importWhole() throws IOException {
		tfjs = TfjsModel.read(TestFiles.mobileNetV2());
		reference = new MobileNetV2Reference();
		final Path folder = tmp.resolve("whole");
		ModelExchange.importModel(ImportSettings.of(TestFiles.mobileNetV2(), folder), Progress.NONE);
		model = Networks.load(folder);
	}

	@AfterAll
	static void close() {
		if (model != null) model.close();
	}

	/** Every layer of model.json, its own head included, is a layer of the imported model, under its Keras name. */
	@Test
	void everyMobileNetV2LayerIsImported() {
		final List<String> missing = new ArrayList<>();
		for (final KerasLayer l : tfjs.layers()) if (!model.model().has(l.name())) missing.add(l.name() + " (" + l
			.className() + ")");
		assertTrue(missing.isEmpty(), "not imported: " + missing);
		assertEquals(tfjs.layers().size(), model.model().nodes().size(), "no layer of our own in between");
		assertEquals(tfjs.outputLayers(), List.of(model.model().output()));
	}

	@Test
	void probabilitiesAndFeaturesMatchTensorFlowJs() throws IOException {
		final long[] inputShape = reference.shape("inputs.f32");
		final int images = (int) inputShape[0];
		assertEquals("input_1", model.model().input(), "the input is named after the input layer");
		assertArrayEquals(new int[] { 3, 3, 3, 32 }, model.weightShapes().get("Conv1/kernel"),
			"weights are named as in the manifest, in Keras's layout");
		final Shape shape = model.outputShape("out_relu");
		assertEquals(List.of(7, 7, 1280), List.of(shape.height(), shape.width(), shape.channels()));

		final float[] inputs = reference.floats("inputs.f32");
		final float[] p = flat(model.predict(inputs, images));
		final float[] m = new LayerFeatures(model, "out_relu").features(inputs, images);
		final float[] f = model.features("out_relu", inputs, images);
		final double dp = maxDifference(reference.floats("probabilities.f32"), p);
		final double dm = maxDifference(reference.floats("out_relu_mean.f32"), m);
		final float[] map0 = reference.floats("out_relu_image0.f32");
		final double df = maxDifference(map0, Arrays.copyOf(f, map0.length));
		System.out.printf("MobileNetV2 imported vs TF.js, %d images: max |difference| probabilities %.3g, " +
			"out_relu means %.3g, out_relu map of image 0 %.3g (largest value %.3g)%n", images, dp, dm, df, max(map0));
		assertEquals(images * 5, p.length);
		assertTrue(dp <= TOLERANCE, "probabilities differ by " + dp);
		assertTrue(dm <= TOLERANCE, "out_relu means differ by " + dm);
		assertTrue(df <= TOLERANCE, "out_relu map differs by " + df);
	}

	/**
	 * Every 4-D layer, averaged over H and W for image 0: shows where a difference comes from. Inner layers reach
	 * values of 13, so the tolerance is relative to the layer's largest mean there.
	 */
	@Test
	void layerMeansMatchTensorFlowJs() throws IOException {
		final Map<String, float[]> expected = reference.layerMeans();
		final float[] image0 = Arrays.copyOf(reference.floats("inputs.f32"), 224 * 224 * 3);
		final Map<String, Double> differences = new LinkedHashMap<>();
		double worst = 0;
		String worstLayer = "";
		for (final Map.Entry<String, float[]> e : expected.entrySet()) {
			final double d = maxDifference(e.getValue(), channelMeans(model.features(e.getKey(), image0, 1), e
				.getValue().length));
			differences.put(e.getKey(), d);
			if (d > worst) {
				worst = d;
				worstLayer = e.getKey();
			}
			final double scale = Math.max(1, maxAbs(e.getValue()));
			assertTrue(d <= TOLERANCE * scale, "layer " + e.getKey() + " differs by " + d + " at values up to " + scale);
		}
		assertEquals(155, differences.size());
		System.out.printf("layer means, image 0: largest max |difference| %.3g at %s; Conv1_relu %.3g, " +
			"block_1_project_BN %.3g, block_6_project_BN %.3g, block_13_project_BN %.3g, out_relu %.3g%n", worst,
			worstLayer, differences.get("Conv1_relu"), differences.get("block_1_project_BN"), differences.get(
				"block_6_project_BN"), differences.get("block_13_project_BN"), differences.get("out_relu"));
	}

	@Test
	void unknownLayerNameGivesAClearMessage() {
		final float[] image = new float[224 * 224 * 3];
		final UserInputException e = assertThrows(UserInputException.class, () -> model.features("out_relu6", image,
			1));
		assertTrue(e.getMessage().contains("'out_relu6'"), e.getMessage());
		assertThrows(UserInputException.class, () -> new LayerFeatures(model, "out_relu6"));
	}

	/**
	 * The mean of every channel over height and width, summed in double as the pure-JS CPU backend of TensorFlow.js
	 * sums (a float sum over the 12544 positions of a 112 x 112 layer would itself be off by up to 4e-4).
	 */
	private static float[] channelMeans(final float[] hwc, final int channels) {
		final double[] sum = new double[channels];
		for (int i = 0; i < hwc.length; i++) sum[i % channels] += hwc[i];
		final float[] out = new float[channels];
		final int positions = hwc.length / channels;
		for (int c = 0; c < channels; c++) out[c] = (float) (sum[c] / positions);
		return out;
	}

	private static float[] flat(final float[][] rows) {
		final float[] out = new float[rows.length * rows[0].length];
		for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, out, i * rows[i].length, rows[i].length);
		return out;
	}

	private static double maxDifference(final float[] expected, final float[] actual) {
		assertEquals(expected.length, actual.length, "number of values");
		double d = 0;
		for (int i = 0; i < expected.length; i++) {
			d = Math.max(d, Math.abs((double) expected[i] - actual[i]));
		}
		return d;
	}

	private static double maxAbs(final float[] v) {
		double m = 0;
		for (final float x : v) {
			m = Math.max(m, Math.abs(x));
		}
		return m;
	}

	private static double max(final float[] v) {
		double m = Double.NEGATIVE_INFINITY;
		for (final float x : v) {
			m = Math.max(m, x);
		}
		return m;
	}
}
