package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.convnetij.data.Normalization;
import org.convnetij.nn.ModelSpec;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.Cnn;
import org.convnetij.workflow.TrainRequest;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.nn.ImportSettings;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Keras 3 export of LeNet-5 kept as it is: the serving output against Keras's probabilities, tensors by name, the
 * tensor list, the model folder and the refusals.
 */
class SavedModelNetworkTest {

	@TempDir
	Path tmp;

	@Test
	void servingOutputGivesKerasProbabilities() throws IOException {
		try (SavedModelNetwork net = SavedModelNetwork.open(SavedModelImportTest.resource("lenet5"))) {
			assertEquals(InputShape.of(32, 32, 1), net.input());
			assertProbabilities(net);
		}
	}

	private static void assertProbabilities(final SavedModelNetwork net) throws IOException {
		final float[] expected = SavedModelImportTest.floats("predictions.f32");
		final float[][] p = net.predict(SavedModelImportTest.floats("inputs.f32"), 3);
		for (int i = 0; i < 3; i++) {
			assertEquals(10, p[i].length);
			for (int k = 0; k < 10; k++) assertEquals(expected[i * 10 + k], p[i][k], 1e-5, "image " + i + " class " + k);
		}
	}

	@Test
	void tensorsByNameListedAndChecked() throws IOException {
		final float[] inputs = SavedModelImportTest.floats("inputs.f32");
		try (SavedModelNetwork net = SavedModelNetwork.open(SavedModelImportTest.resource("lenet5"))) {
			final List<String> layers = net.layers();
			assertTrue(layers.contains(net.inputTensor().replace(":0", "") + " [-1, 32, 32, 1]"), layers.toString());
			assertTrue(layers.contains(net.outputTensor().replace(":0", "") + " [-1, 10]"), layers.toString());
			assertTrue(layers.stream().noneMatch(l -> l.contains("ReadVariableOp")), "weights are left out: " + layers);
			// the input tensor fetched by name gives the images back, one block of 32 x 32 values each
			final String in = net.inputTensor().replace(":0", "");
			assertEquals(1024, net.featureSize(in));
			assertArrayEquals(inputs, net.features(in, inputs, 3));
			assertEquals(10, net.featureSize(net.outputTensor()));
			final UserInputException unknown = assertThrows(UserInputException.class, () -> net.features("fc1_relu",
				inputs, 3));
			// the message suggests the layer the name contains
			assertTrue(unknown.getMessage().contains("no layer or operation 'fc1_relu'") && unknown.getMessage().contains(
				"fc1 = lenet5_1/fc1_1/Tanh [-1, 84]"), unknown.getMessage());
			// a weight has no value per image; its empty twin (Keras 3 exports hold two) cannot be read at all
			final UserInputException weight = assertThrows(UserInputException.class, () -> net.features(
				"conv1/kernel_1/Read/ReadVariableOp", inputs, 3));
			final UserInputException twin = assertThrows(UserInputException.class, () -> net.features(
				"conv1/kernel/Read/ReadVariableOp", inputs, 3));
			for (final UserInputException e : List.of(weight, twin)) {
				assertTrue(e.getMessage().contains("no value per image") || e.getMessage().contains("cannot compute"), e
					.getMessage());
			}
		}
	}

	@Test
	void importKeepsTheSavedModelAsItIs() throws IOException {
		final Path out = tmp.resolve("asis");
		final ImportSettings.Result r = ModelImport.run(SavedModelImportTest.resource("lenet5"), "savedmodel", 0, null,
			"zero,one,two,three,four,five,six,seven,eight,nine", "", out, false);
		assertTrue(r.summary().startsWith("kept the SavedModel"), r.summary());
		assertTrue(Files.isRegularFile(out.resolve("savedmodel/saved_model.pb")));
		assertTrue(SavedModelFolder.is(out));
		final SavedModelFolder.Spec spec = SavedModelFolder.read(out);
		assertEquals(InputShape.of(32, 32, 1), spec.input());
		assertEquals("nine", spec.classes().get(9));
		assertEquals(10, spec.classes().size());
		assertEquals(Normalization.range(), spec.normalization());
		// features by default from the input of the last fully connected layer
		assertEquals("lenet5_1/fc1_1/Tanh", spec.featureTensor());
		try (SavedModelNetwork net = SavedModelNetwork.open(out.resolve("savedmodel"))) {
			assertEquals(spec.inputTensor(), net.inputTensor());
			assertProbabilities(net);
		}
		final ModelSpec modelSpec = ModelSpec.read(out);
		assertTrue(modelSpec.isSavedModel());
		assertEquals(spec.classes(), modelSpec.classes());
		assertEquals(spec.featureTensor(), modelSpec.featureLayer());
		// what Classify, Evaluate Model, Extract Features and Probability Map use
		final float[] inputs = SavedModelImportTest.floats("inputs.f32");
		final float[] expected = SavedModelImportTest.floats("predictions.f32");
		try (Network m = Networks.load(out)) {
			assertTrue(m.isSavedModel());
			assertEquals("nine", m.classes().get(9));
			final float[][] p = m.predict(inputs, 3);
			for (int i = 0; i < 3; i++) {
				for (int k = 0; k < 10; k++) assertEquals(expected[i * 10 + k], p[i][k], 1e-5, "image " + i + " class " + k);
			}
			assertEquals(84, m.outputShape(modelSpec.featureLayer()).size());
			assertEquals(10, m.outputShape(spec.outputTensor()).size());
			final float[] f = m.features(spec.outputTensor(), inputs, 3);
			for (int i = 0; i < 30; i++) assertEquals(expected[i], f[i], 1e-5);
			// 4-D tensors keep their shape (Feature Maps, pooled features)
			assertEquals(org.convnetij.nn.Shape.spatial(28, 28, 6), m.outputShape("conv1"));
			assertEquals(1024, m.outputShape("serving_default_input_1").size());
			// never trained nor saved again
			final UserInputException save = assertThrows(UserInputException.class, () -> m.save(tmp.resolve("again")));
			assertEquals(ModelSpec.SAVED_MODEL_NOT_TRAINABLE, save.getMessage());
			assertThrows(UserInputException.class, m::model);
		}
		// Train Classifier with model= and Transfer Learning refuse it before reading any data
		final UserInputException train = assertThrows(UserInputException.class, () -> Cnn.train(TrainRequest.builder(
			tmp.resolve("no-data"), tmp.resolve("trained")).model(out).build(), org.convnetij.util.Progress.NONE));
		assertTrue(train.getMessage().endsWith(ModelSpec.SAVED_MODEL_NOT_TRAINABLE), train.getMessage());
		// Transfer Learning takes it (SavedModelTransferTest)
		final UserInputException architecture = assertThrows(UserInputException.class, modelSpec::architecture);
		assertEquals(ModelSpec.SAVED_MODEL_NOT_TRAINABLE, architecture.getMessage());
	}

	@Test
	void importChecksClassesLayerAndSize() {
		final Path source = SavedModelImportTest.resource("lenet5");
		final UserInputException classes = assertThrows(UserInputException.class, () -> ModelImport.run(source,
			"savedmodel", 0, null, "a,b", "", tmp.resolve("c"), false));
		assertTrue(classes.getMessage().contains("10 distinct"), classes.getMessage());
		final UserInputException layer = assertThrows(UserInputException.class, () -> ModelImport.run(source,
			"savedmodel", 0, null, "", "conv9", tmp.resolve("l"), false));
		assertTrue(layer.getMessage().contains("no layer or operation 'conv9'"), layer.getMessage());
		assertThrows(UserInputException.class, () -> ModelImport.run(source, "savedmodel", 64, null, "", "", tmp
			.resolve("s"), false));
		assertTrue(Files.notExists(tmp.resolve("c")) && Files.notExists(tmp.resolve("l")));
	}

	@Test
	void layerListReportsTheTensorsAndWritesNothing() throws IOException {
		final ImportSettings.Result r = ModelImport.run(SavedModelImportTest.resource("lenet5"), "auto", 0, null, "",
			"list", null, false);
		assertNull(r.folder());
		assertTrue(r.summary().startsWith("tensors of the SavedModel") && r.summary().contains("[-1, 32, 32, 1]") && r
			.summary().contains("[-1, 10]"), r.summary());
	}

	/** Classify's core on the images as they were given to Keras (normalisation none): Keras's probabilities. */
	@Test
	void classifyGivesKerasProbabilities() throws IOException {
		final Path out = tmp.resolve("asis");
		ModelImport.run(SavedModelImportTest.resource("lenet5"), "savedmodel", 0, Normalization.none(), "", "", out,
			false);
		final float[] inputs = SavedModelImportTest.floats("inputs.f32");
		final List<org.convnetij.data.RawImage> images = new java.util.ArrayList<>();
		for (int i = 0; i < 3; i++) {
			images.add(new org.convnetij.data.RawImage(32, 32, 1, 32, java.util.Arrays.copyOfRange(inputs, i * 1024, (i +
				1) * 1024)));
		}
		final Cnn.Classification c = Cnn.classify(out, List.of("a", "b", "c"), images,
			org.convnetij.util.Progress.NONE);
		final float[] expected = SavedModelImportTest.floats("predictions.f32");
		assertEquals("class_0", c.classes().get(0));
		for (int i = 0; i < 3; i++) {
			for (int k = 0; k < 10; k++) {
				assertEquals(expected[i * 10 + k], c.probabilities().get(i)[k], 1e-5, "image " + i + " class " + k);
			}
		}
	}
}
