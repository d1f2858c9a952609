package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.convnetij.data.Normalization;
import org.convnetij.nn.ModelSpec;
import org.convnetij.transfer.FeatureCache;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.BeforeAll;
import org.convnetij.testutil.Tolerance;
import org.convnetij.workflow.Cnn;
import org.convnetij.workflow.TransferLearning;
import org.convnetij.nn.TransferSettings;
import org.convnetij.nn.Network;
import org.convnetij.workflow.TransferLearningTest;
import org.convnetij.nn.Networks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transfer Learning with strategy features on a SavedModel kept as it is (smallnet, a Keras 3 export that is none of
 * our architectures): a new head on an internal tensor, written as a model folder that Classify and Evaluate Model
 * take; half of sample-images/labelled (gland vs stroma) for training, the other half for validation.
 */
class SavedModelTransferTest {

	@TempDir
	static Path tmp;

	private static Path pretrained, train, validation;

	@BeforeAll
	static void prepare() throws IOException {
		pretrained = tmp.resolve("smallnet");
		// features of the nested stem's last layer: a 4-D tensor, averaged over height and width
		ModelImport.run(SavedModelImportTest.resource("smallnet"), "savedmodel", 0, Normalization.range(), "", "pw",
			pretrained, false);
		train = tmp.resolve("train");
		validation = tmp.resolve("validation");
		TransferLearningTest.splitSamples(train, validation);
	}

	@Test
	void autoTrainsANewHeadOnTheSavedModelsFeatures() throws IOException {
		final Path out = tmp.resolve("head");
		final TransferLearning.Result r = TransferLearning.run(new TransferLearning.Target(pretrained, out, false), train, validation, new TransferSettings(
			TransferSettings.Strategy.AUTO, "", 60, 0.01, 3), Progress.NONE);
		System.out.println(r.report());
		assertEquals(TransferSettings.Strategy.FEATURES, r.strategy());
		assertTrue(r.reason().startsWith("auto chose features: 20 images"), r.reason());
		assertTrue(r.report().contains("16 features of the SavedModel's smallnet_1/pw_1/Relu (averaged over height and " +
			"width)"), r.report());
		assertTrue(r.trainingAccuracy() > 0.75 && r.validationAccuracy() > 0.65, r.report());
		assertTrue(Files.isRegularFile(pretrained.resolve(FeatureCache.FILE_NAME)));

		final SavedModelFolder.Spec spec = SavedModelFolder.read(out);
		assertEquals(List.of("gland", "stroma"), spec.classes());
		assertEquals("smallnet_1/pw_1/Relu", spec.head().tensor());
		assertTrue(spec.head().pooled());
		assertEquals(16, spec.head().features());
		assertTrue(ModelSpec.read(out).isSavedModel());
		// Evaluate Model and Classify run the SavedModel and the head: the validation accuracy again
		final Cnn.EvaluationReport e = Cnn.evaluate(out, validation, Progress.NONE);
		assertEquals(r.validationAccuracy(), e.evaluation().accuracy(), 1e-9, e.text());
		// the folder says how it was made
		assertEquals("features", ModelSpec.read(out).training().strategy());
		assertEquals(pretrained.toString(), ModelSpec.read(out).training().base());
		final Cnn.Classification c = Cnn.classifyFolder(out, validation, Progress.NONE);
		assertEquals(List.of("gland", "stroma"), c.classes());
		for (final float[] p : c.probabilities()) assertEquals(1, p[0] + p[1], 1e-5);

		// a head on a head's folder replaces it
		final TransferLearning.Result again = TransferLearning.run(new TransferLearning.Target(out, tmp.resolve("again"), false), train, null, new TransferSettings(
			TransferSettings.Strategy.FEATURES, "", 60, 0.01, 3), Progress.NONE);
		assertEquals(r.trainingAccuracy(), again.trainingAccuracy(), 1e-9);
	}

	/**
	 * Fine-tuning: the head first, then the layers after stem_conv at rate / 100 with batch normalisation frozen; the
	 * folder's SavedModel holds the new values (frozen ones unchanged, the layers after the features untouched) and
	 * loads again with the same predictions.
	 */
	@Test
	void finetuneTrainsTheSavedModelsLayersAfterFreeze() throws IOException {
		final Path out = tmp.resolve("fine");
		final TransferLearning.Result r = TransferLearning.run(new TransferLearning.Target(pretrained, out, false), train, validation, new TransferSettings(
			TransferSettings.Strategy.FINETUNE, "stem_conv", 20, 0.05, 3), Progress.NONE);
		System.out.println(r.report());
		assertTrue(r.report().contains("then fine-tuned 20 epochs at rate 5.0E-4 with 3 of 5 layers with weights below " +
			"the features frozen (batch normalisation included), 2 trained: dw, pw"), r.report());
		assertTrue(r.trainingAccuracy() > 0.75 && r.validationAccuracy() > 0.65, r.report());
		final java.util.Map<String, float[]> before = weights(SavedModelImportTest.resource("smallnet"));
		final java.util.Map<String, float[]> after = weights(out.resolve("savedmodel"));
		assertEquals(before.keySet(), after.keySet());
		for (final String w : List.of("stem_conv/kernel", "stem_bn/gamma", "stem_bn/moving_mean", "dw_bn/beta",
			"fc1/kernel", "predictions/bias")) {
			assertTrue(java.util.Arrays.equals(before.get(w), after.get(w)), w + " must stay as it was");
		}
		for (final String w : List.of("dw/kernel", "dw/bias", "pw/kernel", "pw/bias")) {
			assertTrue(!java.util.Arrays.equals(before.get(w), after.get(w)), w + " must be trained");
		}
		final Cnn.EvaluationReport e = Cnn.evaluate(out, validation, Progress.NONE);
		assertEquals(r.validationAccuracy(), e.evaluation().accuracy(), 1e-9, e.text());
		// the folder says how it was made, and one codec reads it: a newer format is refused in one line
		assertEquals("finetune", ModelSpec.read(out).training().strategy());
		assertEquals(pretrained.toString(), ModelSpec.read(out).training().base());
		final Path json = out.resolve(ModelSpec.FILE_NAME);
		Files.writeString(json, Files.readString(json).replace("\"format\": 1", "\"format\": 99"));
		final UserInputException newer = assertThrows(UserInputException.class, () -> Networks.load(out));
		assertTrue(newer.getMessage().contains("format 99 is not known (this version reads up to 1)") && !newer
			.getMessage().contains("\n"), newer.getMessage());
		// early stopping and augmentation of the fine-tuning batches, as in training
		final TransferLearning.Result patient = TransferLearning.run(new TransferLearning.Target(pretrained, tmp.resolve("patient"), false), train, validation, new TransferSettings(TransferSettings.Strategy.FINETUNE, "2", 6, 0.05, 3, org.convnetij.data.Augmentation
				.builder().flipHorizontal(true).rotate90(true).build(), 1), Progress.NONE);
		System.out.println(patient.report());
		assertTrue(patient.report().contains("weights of epoch") || patient.report().contains("fine-tuned 6 epochs"),
			patient.report());
		assertEquals(patient.validationAccuracy(), Cnn.evaluate(tmp.resolve("patient"), validation, Progress.NONE)
			.evaluation().accuracy(), 1e-9);
		final UserInputException freeze = assertThrows(UserInputException.class, () -> TransferLearning.run(new TransferLearning.Target(pretrained, tmp.resolve(
				"nofreeze"), false), train, null, new TransferSettings(TransferSettings.Strategy.FINETUNE, "fc1", 1, 0.01, 3), Progress.NONE));
		assertTrue(freeze.getMessage().contains("'fc1' is not a layer with weights below the feature tensor"), freeze
			.getMessage());
		assertTrue(Files.notExists(tmp.resolve("nofreeze")));
	}

	/**
	 * Swish activations (swishnet, src/test/keras/make-savedmodel-swish.py) wrap their outputs in IdentityN for a
	 * custom gradient, which TensorFlow's C++ gradients lack: copied as one Identity per tensor, the network gives
	 * Keras's probabilities and its convolution is fine-tuned through the swish.
	 */
	@Test
	void swishActivationsAreFineTuned() throws IOException {
		final Path base = tmp.resolve("swishnet");
		ModelImport.run(SavedModelImportTest.resource("swishnet"), "savedmodel", 0, Normalization.range(), "", "",
			base, false);
		try (Network m = Networks.load(base)) {
			final float[] expected = SavedModelImportTest.floats("swishnet-predictions.f32");
			final float[][] p = m.predict(SavedModelImportTest.floats("swishnet-inputs.f32"), 2);
			// Keras's probabilities (TensorFlow Python, another CPU) within the rounding of swishnet's 3 layers (a global
			// average of 16 x 16 values the longest sum)
			Tolerance.assertClose(expected, new float[] { p[0][0], p[0][1], p[0][2], p[1][0], p[1][1], p[1][2] },
				Tolerance.relative(16 * 16, 3), "swishnet probabilities");
		}
		final TransferLearning.Result r = TransferLearning.run(new TransferLearning.Target(base, tmp.resolve("swish-fine"), false), train, null, new TransferSettings(
			TransferSettings.Strategy.FINETUNE, "0", 3, 0.05, 3), Progress.NONE);
		assertTrue(r.report().contains("0 of 1 layers with weights below the features frozen (batch normalisation " +
			"included), 1 trained: conv"), r.report());
		final java.util.Map<String, float[]> before = weights(SavedModelImportTest.resource("swishnet"));
		final java.util.Map<String, float[]> after = weights(tmp.resolve("swish-fine").resolve("savedmodel"));
		assertTrue(!java.util.Arrays.equals(before.get("conv/kernel"), after.get("conv/kernel")));
	}

	/** Feature Maps of an internal 4-D tensor of a SavedModel kept as it is: one map per channel at its size. */
	@Test
	void featureMapsOfAnInternalLayer() throws IOException {
		final float[] inputs = SavedModelImportTest.floats("smallnet-inputs.f32");
		final float[] first = java.util.Arrays.copyOf(inputs, 24 * 24 * 3);
		// the stored inputs are in 0..1, as range normalisation gives them from 8-bit values
		final float[] pixels = new float[first.length];
		for (int i = 0; i < first.length; i++) pixels[i] = Math.round(first[i] * 255);
		final Cnn.Maps maps = Cnn.featureMaps(pretrained, "pw", new org.convnetij.data.RawImage(24, 24, 3, 8, pixels));
		assertEquals(24, maps.width());
		assertEquals(24, maps.height());
		assertEquals(16, maps.depth());
	}

	private static java.util.Map<String, float[]> weights(final Path savedModel) {
		final java.util.Map<String, float[]> out = new java.util.TreeMap<>();
		for (final org.convnetij.transfer.WeightTensor t : SavedModelWeights.read(savedModel).weights().weights()
			.values()) out.put(t.name(), t.values());
		return out;
	}
}
