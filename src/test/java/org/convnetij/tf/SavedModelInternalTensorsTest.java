package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.convnetij.util.UserInputException;
import org.convnetij.testutil.Tolerance;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;

/**
 * Internal tensors of TensorFlow 2 SavedModels, whose layers live inside functions: smallnet (Keras 3
 * {@code model.export}, src/test/keras/make-savedmodel-smallnet.py: a nested "stem" sub-model, batch norm in
 * inference mode, depthwise convolution, pooling, dense layers) against the values Keras computed for the same
 * inputs, by Keras layer name and by op name.
 */
class SavedModelInternalTensorsTest {

	private static final int N = 4;

	@Test
	void internalLayersGiveKerasValues() throws IOException {
		final float[] inputs = SavedModelImportTest.floats("smallnet-inputs.f32");
		try (SavedModelNetwork net = SavedModelNetwork.open(SavedModelImportTest.resource("smallnet"))) {
			assertEquals(InputShape.of(24, 24, 3), net.input());
			assertClose("smallnet-predictions.f32", net.features(net.outputTensor(), inputs, N));
			// a nested model's output, layers inside it and after it, the pooled features and a hidden dense layer
			for (final String layer : List.of("stem", "pw", "gap", "fc1")) {
				assertClose("smallnet-" + layer + ".f32", net.features(layer, inputs, N));
			}
			assertClose("smallnet-stem.f32", net.features("stem_relu", inputs, N));
			// the op names work as well, and the numbered scope TensorFlow gives a layer
			assertClose("smallnet-gap.f32", net.features("smallnet_1/gap_1/Mean", inputs, N));
			assertClose("smallnet-fc1.f32", net.features("fc1_1", inputs, N));
			assertEquals(16, net.featureSize("gap"));
			assertTrue(java.util.Arrays.equals(new int[] { 24, 24, 16 }, net.spatialShape("pw")));
			assertEquals(null, net.spatialShape("gap"));
		}
	}

	@Test
	void defaultFeaturesAreTheInputOfTheLastDenseLayer() {
		try (SavedModelNetwork net = SavedModelNetwork.open(SavedModelImportTest.resource("smallnet"))) {
			assertEquals("smallnet_1/fc1_1/Relu", net.defaultFeatureTensor());
		}
		try (SavedModelNetwork net = SavedModelNetwork.open(SavedModelImportTest.resource("lenet5"))) {
			assertEquals("lenet5_1/fc1_1/Tanh", net.defaultFeatureTensor());
		}
	}

	@Test
	void layerListNamesEachKerasLayerOnce() {
		try (SavedModelNetwork net = SavedModelNetwork.open(SavedModelImportTest.resource("smallnet"))) {
			final List<String> layers = net.layers();
			for (final String expected : List.of("serving_default_image [-1, 24, 24, 3]",
				"stem_relu = smallnet_1/stem_1/stem_relu_1/Relu [-1, 24, 24, 8]", "gap = smallnet_1/gap_1/Mean [-1, 16]",
				"predictions = smallnet_1/predictions_1/Softmax [-1, 4]"))
			{
				assertTrue(layers.contains(expected), expected + " in " + layers);
			}
			assertTrue(layers.stream().anyMatch(l -> l.startsWith("stem_bn = ")), layers.toString());
			assertTrue(layers.stream().noneMatch(l -> l.startsWith("batchnorm")), layers.toString());
			assertEquals(layers.size(), layers.stream().distinct().count(), layers.toString());
			final UserInputException e = assertThrows(UserInputException.class, () -> net.featureSize("fc9"));
			assertTrue(e.getMessage().contains("no layer or operation 'fc9'"), e.getMessage());
		}
	}

	/** The object graph's trainable flags reach the variables the serving function reads (by bound inputs). */
	@Test
	void batchNormStatisticsAreSavedAsNotTrainable() {
		try (SavedModelNetwork net = SavedModelNetwork.open(SavedModelImportTest.resource("smallnet"))) {
			final SavedModelGraph g = net.loaded();
			final GraphOperation call = g.graph().operation(SavedModelGraph.opName(net.outputTensor()));
			int statistics = 0, weights = 0;
			for (int i = 1; i < call.numInputs(); i++) {
				final String v = call.input(i).op().name();
				if (v.contains("moving_")) {
					assertTrue(!g.trainable(v), v);
					statistics++;
				}
				else {
					assertTrue(g.trainable(v), v);
					weights++;
				}
			}
			assertEquals(4, statistics);
			assertEquals(14, weights);
		}
	}

	/** Keras's values (made with TensorFlow Python on another CPU) within the float rounding of smallnet's 8 layers
	 * (the longest sum: the global average of 12 x 12 values). */
	private static void assertClose(final String expectedFile, final float[] actual) throws IOException {
		Tolerance.assertClose(SavedModelImportTest.floats(expectedFile), actual, Tolerance.relative(12 * 12, 8),
			expectedFile);
	}
}
