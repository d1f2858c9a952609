package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.convnetij.util.Progress;
import org.convnetij.data.Normalization;
import org.convnetij.data.FashionMnist;
import org.convnetij.util.UserInputException;
import org.convnetij.testutil.Tolerance;
import org.convnetij.workflow.Trainer;
import org.convnetij.workflow.TrainOptions;
import org.convnetij.workflow.TransferLearning;
import org.convnetij.nn.TransferSettings;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** The SavedModel in a model folder gives what the model gives, loaded by TensorFlow alone. */
class SavedModelExportTest {

	@TempDir
	Path tmp;

	@Test
	void savedModelServesTheSameProbabilitiesAndFeatures() throws Exception {
		TrainerTest.load();
		final Path folder = tmp.resolve("fashion");
		final int n = 20;
		final float[] x = TrainerTest.imagesOf(TrainerTest.test, n);
		final float[][] probabilities;
		final float[] features;
		final String featureLayer;
		try (TfModel m = TfModel.create(TrainerTest.spec(), 5)) {
			Trainer.fit(m, TrainerTest.train, TrainOptions.builder().epochs(1).batchSize(32).seed(5).build(),
				Progress.NONE);
			probabilities = m.predict(x, n);
			featureLayer = m.spec().featureLayer();
			features = m.features(featureLayer, x, n);
			m.save(folder);
		}
		final Path saved = folder.resolve(SavedModelExport.FOLDER);
		assertTrue(Files.exists(saved.resolve("saved_model.pb")));
		assertTrue(Files.exists(folder.resolve("weights.bin")));
		try (SavedModelBundle b = SavedModelBundle.load(saved.toString(), "serve")) {
			final Map<String, Signature> signatures = new java.util.HashMap<>();
			for (final Signature s : b.signatures()) signatures.put(s.key(), s);
			assertEquals(Set.of("serving_default", "features"), signatures.keySet());
			assertEquals(Set.of("image"), signatures.get("serving_default").inputNames());
			assertEquals(Set.of("probabilities", "logits"), signatures.get("serving_default").outputNames());
			final int classes = probabilities[0].length;
			try (TFloat32 image = TFloat32.tensorOf(Shape.of(n, 28, 28, 1), DataBuffers.of(x, true, false))) {
				final float[] p = fetch(b, "serving_default", image, "probabilities", n * classes);
				double maxDiff = 0;
				for (int i = 0; i < n; i++) {
					for (int c = 0; c < classes; c++) {
						maxDiff = Math.max(maxDiff, Math.abs(p[i * classes + c] - probabilities[i][c]));
					}
				}
				assertTrue(maxDiff <= 1e-5, "probabilities differ by " + maxDiff);
				final float[] logits = fetch(b, "serving_default", image, "logits", n * classes);
				// softmax of the logits is the probabilities
				for (int i = 0; i < n; i++) {
					double sum = 0;
					for (int c = 0; c < classes; c++) sum += Math.exp(logits[i * classes + c]);
					assertEquals(probabilities[i][0], Math.exp(logits[i * classes]) / sum, 1e-5);
				}
				final float[] f = fetch(b, "features", image, "features", features.length);
				// another graph of the same network: float rounding of sums up to the flattened 7 x 7 x 64 maps
				Tolerance.assertClose(features, f, Tolerance.relative(7 * 7 * 64, 6), "features of " + featureLayer);
			}
		}
		// replacing the folder replaces the SavedModel too
		// a TensorFlow 1 style graph (no functions) kept as it is: the same probabilities, layers by op name, restored
		// with its own saver; fine-tuning it is refused with what to do
		final Path asIs = tmp.resolve("as-is");
		ModelImport.run(saved, "savedmodel", 0, Normalization.none(), String.join(",", FashionMnist.CLASS_NAMES),
			"", asIs, false);
		try (KeptSavedModel kept = (KeptSavedModel) Networks.load(asIs)) {
			final float[][] p = kept.predict(x, n);
			for (int i = 0; i < n; i++) {
				for (int k = 0; k < p[i].length; k++) assertEquals(probabilities[i][k], p[i][k], 1e-5, i + "," + k);
			}
			assertTrue(kept.savedModel().layers().stream().anyMatch(l -> l.startsWith("inference/")), kept.savedModel()
				.layers().toString());
		}
		final UserInputException fine = assertThrows(UserInputException.class, () -> TransferLearning.run(new TransferLearning.Target(asIs, tmp.resolve("fine"), false), TrainerTest.train, null, new TransferSettings(TransferSettings.Strategy.FINETUNE, "", 1, 0.01, 1), Progress.NONE));
		assertTrue(fine.getMessage().contains("TensorFlow 1 SavedModels are run as they are"), fine.getMessage());
		try (Network again = Networks.load(folder)) {
			again.save(folder, true);
		}
		try (SavedModelBundle b = SavedModelBundle.load(saved.toString(), "serve")) {
			assertEquals(2, b.signatures().size());
		}
	}

	private static float[] fetch(final SavedModelBundle b, final String signature, final TFloat32 image,
		final String output, final int expected)
	{
		try (Result r = b.function(signature).call(Map.<String, Tensor>of("image", image))) {
			final TFloat32 t = (TFloat32) r.get(output).orElseThrow();
			assertEquals(expected, t.size(), output);
			final float[] v = new float[expected];
			t.copyTo(DataBuffers.of(v, false, false));
			return v;
		}
	}
}
