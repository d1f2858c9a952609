package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.transfer.MobileNetV2Reference;
import org.convnetij.testutil.TestFiles;
import org.convnetij.transfer.TfjsModel;
import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The MobileNetV2 graph built straight from the TensorFlow.js files gives the numbers TensorFlow.js gives
 * (reference files made by src/test/tfjs/make-reference.js) on the same input tensors.
 */
class KerasGraphBuilderTest {

	/** Largest absolute difference accepted for probabilities and out_relu features. */
	private static final double TOLERANCE = 1e-4;

	private static TfjsModel model;
	private static MobileNetV2Reference reference;

	@BeforeAll
	static void read() throws IOException {
		model = TfjsModel.read(TestFiles.mobileNetV2());
		reference = new MobileNetV2Reference();
	}

	@Test
	void everyMobileNetV2LayerIsSupported() {
		assertTrue(KerasGraphBuilder.unsupportedLayers(model).isEmpty(), KerasGraphBuilder.unsupportedLayers(model)
			.toString());
	}

	@Test
	void probabilitiesAndFeaturesMatchTensorFlowJs() throws IOException {
		final long[] inputShape = reference.shape("inputs.f32");
		final int images = (int) inputShape[0];
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final KerasGraphBuilder builder = new KerasGraphBuilder(tf, model);
			final Operand<TFloat32> probabilities = builder.output("dense_3");
			final Operand<TFloat32> features = builder.output("out_relu");
			final Operand<TFloat32> featureMeans = tf.math.mean(features, tf.constant(new int[] { 1, 2 }));
			assertEquals("out_relu/output", KerasGraphBuilder.outputName("out_relu"));
			assertNotNull(g.operation("out_relu/output"), "the layer output is named after the Keras layer");
			assertNotNull(g.operation("input_1/input"), "the input placeholder is named after the input layer");
			assertNotNull(g.operation("Conv1/kernel"), "weights are named as in the manifest");
			assertArrayEquals(new long[] { -1, 7, 7, 1280 }, features.shape().asArray());

			try (Session session = new Session(g);
				TFloat32 input = TFloat32.tensorOf(Shape.of(inputShape), DataBuffers.of(reference.floats(
					"inputs.f32"), true, false));
				Result result = session.runner().feed(builder.input("input_1"), input).fetch(probabilities)
					.fetch(featureMeans).fetch(features).run())
			{
				final float[] p = floats(result.get(0));
				final float[] m = floats(result.get(1));
				final float[] f = floats(result.get(2));
				final double dp = maxDifference(reference.floats("probabilities.f32"), p);
				final double dm = maxDifference(reference.floats("out_relu_mean.f32"), m);
				final float[] map0 = reference.floats("out_relu_image0.f32");
				final double df = maxDifference(map0, Arrays.copyOf(f, map0.length));
				System.out.printf("MobileNetV2 TF Java vs TF.js, %d images: max |difference| probabilities %.3g, " +
					"out_relu means %.3g, out_relu map of image 0 %.3g (largest value %.3g)%n", images, dp, dm, df,
					max(map0));
				assertEquals(images * 5, p.length);
				assertTrue(dp <= TOLERANCE, "probabilities differ by " + dp);
				assertTrue(dm <= TOLERANCE, "out_relu means differ by " + dm);
				assertTrue(df <= TOLERANCE, "out_relu map differs by " + df);
			}
		}
	}

	/**
	 * Every 4-D layer, averaged over H and W for image 0: shows where a difference comes from. Inner layers reach
	 * values of 13, so the tolerance is relative to the layer's largest mean there.
	 */
	@Test
	void layerMeansMatchTensorFlowJs() throws IOException {
		final Map<String, float[]> expected = reference.layerMeans();
		final float[] image0 = Arrays.copyOf(reference.floats("inputs.f32"), 224 * 224 * 3);
		try (Graph g = new Graph()) {
			final Ops tf = Ops.create(g);
			final KerasGraphBuilder builder = new KerasGraphBuilder(tf, model);
			final List<Operand<TFloat32>> means = new ArrayList<>();
			for (final String layer : expected.keySet()) {
				means.add(tf.math.mean(builder.output(layer), tf.constant(new int[] { 0, 1, 2 })));
			}
			try (Session session = new Session(g);
				TFloat32 input = TFloat32.tensorOf(Shape.of(1, 224, 224, 3), DataBuffers.of(image0, true, false)))
			{
				final Session.Runner runner = session.runner().feed(builder.input("input_1"), input);
				means.forEach(runner::fetch);
				try (Result result = runner.run()) {
					final Map<String, Double> differences = new LinkedHashMap<>();
					int i = 0;
					double worst = 0;
					String worstLayer = "";
					for (final Map.Entry<String, float[]> e : expected.entrySet()) {
						final double d = maxDifference(e.getValue(), floats(result.get(i++)));
						differences.put(e.getKey(), d);
						if (d > worst) {
							worst = d;
							worstLayer = e.getKey();
						}
						final double scale = Math.max(1, maxAbs(e.getValue()));
						assertTrue(d <= TOLERANCE * scale, "layer " + e.getKey() + " differs by " + d +
							" at values up to " + scale);
					}
					System.out.printf("layer means, image 0: largest max |difference| %.3g at %s; Conv1_relu %.3g, " +
						"block_1_project_BN %.3g, block_6_project_BN %.3g, block_13_project_BN %.3g, out_relu %.3g%n",
						worst, worstLayer, differences.get("Conv1_relu"), differences.get("block_1_project_BN"),
						differences.get("block_6_project_BN"), differences.get("block_13_project_BN"), differences.get(
							"out_relu"));
				}
			}
		}
	}

	@Test
	void unknownLayerNameGivesAClearMessage() {
		try (Graph g = new Graph()) {
			final KerasGraphBuilder builder = new KerasGraphBuilder(Ops.create(g), model);
			final UserInputException e = assertThrows(UserInputException.class, () -> builder.output("out_relu6"));
			assertTrue(e.getMessage().contains("'out_relu6'"), e.getMessage());
			assertThrows(UserInputException.class, () -> builder.input("Conv1"));
		}
	}

	private static float[] floats(final Tensor t) {
		final TFloat32 f = (TFloat32) t;
		final float[] out = new float[(int) f.size()];
		f.copyTo(DataBuffers.of(out, false, false));
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
