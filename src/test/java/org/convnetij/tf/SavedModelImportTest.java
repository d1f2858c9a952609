package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.convnetij.data.Normalization;
import org.convnetij.nn.Architecture;
import org.convnetij.nn.ModelSpec;
import org.convnetij.transfer.WeightSet;
import org.convnetij.transfer.WeightTensor;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.nn.ImportSettings;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SavedModels written by TensorFlow itself (tensorflow-cpu 2.21, keras 3.15, src/test/keras/make-savedmodel.py):
 * LeNet-5 with our layer names, by Keras 3's model.export() (lenet5, imported) and by tf.saved_model.save (lenet5-tf, whose
 * values are restored into tracked copies of the variables). Its variables are read by Keras name, imported into the lenet5 architecture and the
 * model folder gives Keras's probabilities.
 */
class SavedModelImportTest {

	static final String FOLDER = "/org/convnetij/transfer/savedmodel/";

	@TempDir
	Path tmp;

	static Path resource(final String name) {
		try {
			return Path.of(SavedModelImportTest.class.getResource(FOLDER + name).toURI());
		}
		catch (final URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	static float[] floats(final String name) throws IOException {
		final byte[] b = Files.readAllBytes(resource(name));
		final float[] f = new float[b.length / 4];
		ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
		return f;
	}

	@Test
	void variablesAreReadByKerasNameWithTheServingInput() {
		final SavedModelWeights.Contents c = SavedModelWeights.read(resource("lenet5"));
		final WeightSet w = c.weights();
		assertEquals(List.of("conv1/bias", "conv1/kernel", "conv2/bias", "conv2/kernel", "conv3/bias", "conv3/kernel",
			"fc1/bias", "fc1/kernel", "predictions/bias", "predictions/kernel"), w.weights().keySet().stream().sorted()
				.toList());
		assertEquals(List.of(5, 5, 6, 16), java.util.Arrays.stream(w.weight("conv2/kernel").shape()).boxed().toList());
		// the generator sets the biases to linspace(-0.2, 0.2)
		final float[] bias = w.weight("fc1/bias").values();
		assertEquals(-0.2f, bias[0], 1e-7);
		assertEquals(0.2f, bias[83], 1e-7);
		assertEquals(InputShape.of(32, 32, 1), c.servingInput());
	}

	@Test
	void importedFolderGivesKerasProbabilities() throws IOException {
		final Path out = tmp.resolve("lenet5");
		final ImportSettings.Result r = ModelImport.run(resource("lenet5"), "auto", out, false);
		assertTrue(r.summary().startsWith("imported lenet5 32 x 32 x 1 with its 10-class classifier"), r.summary());
		assertTrue(r.summary().contains("10 weights matched, 0 missing"), r.summary());
		final ModelSpec spec = ModelSpec.read(out);
		assertEquals(Architecture.LENET5, spec.architecture());
		assertEquals("class_9", spec.classes().get(9));
		final float[] expected = floats("predictions.f32");
		try (Network m = Networks.load(out)) {
			final float[][] p = m.predict(floats("inputs.f32"), 3);
			for (int i = 0; i < 3; i++) {
				for (int k = 0; k < 10; k++) assertEquals(expected[i * 10 + k], p[i][k], 1e-5, "image " + i + " class " + k);
			}
		}
	}

	/**
	 * tf.saved_model.save of a Keras 3 model restores its values into tracked copies (Variable, Variable_1, ..) that
	 * are initialised from the layer variables its functions read (conv1/kernel ..): the values are written back,
	 * so the export imports into lenet5 and is kept as it is, both giving Keras's probabilities.
	 */
	@Test
	void tfSavedModelSaveOfKeras3ImportsAndRunsAsItIs() throws IOException {
		final float[] expected = floats("predictions.f32");
		final Path imported = tmp.resolve("tf-imported");
		final ImportSettings.Result r = ModelImport.run(resource("lenet5-tf"), "auto", imported, false);
		assertTrue(r.summary().contains("10 weights matched, 0 missing"), r.summary());
		final Path asIs = tmp.resolve("tf-as-is");
		ModelImport.run(resource("lenet5-tf"), "savedmodel", 0, Normalization.none(), "", "", asIs, false);
		for (final Path folder : List.of(imported, asIs)) {
			try (Network m = Networks.load(folder)) {
				final float[][] p = m.predict(floats("inputs.f32"), 3);
				for (int i = 0; i < 3; i++) {
					for (int k = 0; k < 10; k++) {
						assertEquals(expected[i * 10 + k], p[i][k], 1e-5, folder + " image " + i + " class " + k);
					}
				}
			}
		}
	}

	@Test
	void aWrongArchitectureIsRefusedWithTheMissingWeights() {
		final UserInputException e = assertThrows(UserInputException.class, () -> ModelImport.run(resource("lenet5"),
			"vgg16", 32, tmp.resolve("vgg"), false));
		assertTrue(e.getMessage().contains("block1_conv1/kernel"), e.getMessage());
	}

	/** Keras 3 calls a DepthwiseConv2D kernel "kernel"; our MobileNetV2 says depthwise_kernel. */
	@Test
	void keras3DepthwiseKernelsGetTheirKeras2Name() {
		final org.convnetij.nn.Model m = org.convnetij.nn.Architectures.build(Architecture.MOBILENETV2, InputShape.of(
			32, 32, 3), org.convnetij.nn.Top.none());
		final WeightSet w = WeightSet.of("test", List.of(WeightTensor.of("expanded_conv_depthwise/kernel", new int[] {
			3, 3, 32, 1 }, new float[288]), WeightTensor.of("Conv1/kernel", new int[] { 3, 3, 3, 32 }, new float[864])));
		final WeightSet renamed = ModelImport.depthwiseNames(w, m);
		assertEquals(List.of("expanded_conv_depthwise/depthwise_kernel", "Conv1/kernel"), List.copyOf(renamed.weights()
			.keySet()));
	}

	@Test
	void aFolderWithoutSavedModelIsNoSavedModel() {
		assertTrue(!SavedModelWeights.isSavedModel(tmp));
		assertThrows(UserInputException.class, () -> SavedModelWeights.read(tmp));
	}
}
