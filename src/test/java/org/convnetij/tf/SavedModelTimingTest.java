package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;

/**
 * The extra save time of the SavedModel for MobileNetV2 (imported from sample-images/mobilenet_v2_tfjs), and the
 * SavedModel of a network with batch normalisation against predict. Runs only with -Dconvnet.timing=true:
 * {@code mvn -o -q test -Dtest=SavedModelTimingTest -Dconvnet.timing=true}.
 */
class SavedModelTimingTest {

	@TempDir
	Path tmp;

	@Test
	void mobileNetV2SaveTimes() throws Exception {
		assumeTrue(Boolean.getBoolean("convnet.timing"));
		final Path source = Path.of("sample-images/mobilenet_v2_tfjs/model.json");
		final Path imported = tmp.resolve("mobilenet");
		ModelImport.run(source, "", imported, false);
		try (Network m = Networks.load(imported)) {
			for (int round = 0; round < 3; round++) {
				final Path plain = java.nio.file.Files.createDirectory(tmp.resolve("plain" + round));
				long t0 = System.nanoTime();
				m.spec().write(plain);
				WeightFile.write(plain, m.weights(), m.weightShapes());
				final double plainSeconds = (System.nanoTime() - t0) / 1e9;
				t0 = System.nanoTime();
				m.save(tmp.resolve("full" + round));
				final double fullSeconds = (System.nanoTime() - t0) / 1e9;
				System.out.printf("MobileNetV2 save: convnet.json + weights %.2f s, with SavedModel %.2f s%n", plainSeconds,
					fullSeconds);
			}
			try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(tmp.resolve("full0"))) {
				files.filter(java.nio.file.Files::isRegularFile).forEach(f -> System.out.println(tmp.resolve("full0")
					.relativize(f) + " " + f.toFile().length() + " bytes"));
			}
			final org.convnetij.nn.Shape in = org.convnetij.nn.Shape.of(m.model().inputShape());
			final int n = 2;
			final float[] x = TfModelTest.randomImages(n, (int) in.size(), 11);
			final float[] expected = m.features(m.model().output(), x, n);
			try (SavedModelBundle b = SavedModelBundle.load(tmp.resolve("full0").resolve(SavedModelExport.FOLDER)
				.toString(), "serve"); TFloat32 image = TFloat32.tensorOf(Shape.of(n, in.height(), in.width(), in
					.channels()), DataBuffers.of(x, true, false)); Result r = b.function("serving_default").call(Map.<String,
						Tensor>of("image", image)))
			{
				final TFloat32 t = (TFloat32) r.get("probabilities").orElseThrow();
				final float[] got = new float[(int) t.size()];
				t.copyTo(DataBuffers.of(got, false, false));
				double diff = 0;
				for (int i = 0; i < got.length; i++) diff = Math.max(diff, Math.abs(got[i] - expected[i]));
				System.out.println("MobileNetV2 SavedModel vs predict: max abs diff " + diff);
				assertTrue(diff <= 1e-5, "differ by " + diff);
			}
		}
	}
}
