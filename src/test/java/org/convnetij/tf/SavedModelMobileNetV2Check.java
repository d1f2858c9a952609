package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.nn.ImportSettings;

/**
 * Optional check (14 MB of data, not committed): a Keras 3 MobileNetV2 SavedModel written by
 * src/test/keras/make-savedmodel-mobilenetv2.py into the folder given as -Dconvnet.savedmodel.mobilenetv2,
 * imported and compared with Keras's probabilities and out_relu activations.
 */
@EnabledIfSystemProperty(named = "convnet.savedmodel.mobilenetv2", matches = ".+")
class SavedModelMobileNetV2Check {

	@TempDir
	Path tmp;

	private static float[] floats(final Path p) throws IOException {
		final byte[] b = Files.readAllBytes(p);
		final float[] f = new float[b.length / 4];
		ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
		return f;
	}

	private static double maxDifference(final float[] a, final float[] b) {
		assertTrue(a.length == b.length, a.length + " vs " + b.length);
		double d = 0;
		for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
		return d;
	}

	@Test
	void keras3MobileNetV2GivesKerasOutputs() throws IOException {
		final Path data = Path.of(System.getProperty("convnet.savedmodel.mobilenetv2"));
		final ImportSettings.Result r = ModelImport.run(data.resolve("mnv2"), "auto", tmp.resolve("m"), false);
		System.out.println(r.summary());
		assertTrue(r.summary().contains("262 weights matched, 0 missing"), r.summary());
		final float[] inputs = floats(data.resolve("inputs.f32"));
		try (Network m = Networks.load(tmp.resolve("m"))) {
			final float[][] p = m.predict(inputs, 2);
			final double dp = maxDifference(floats(data.resolve("predictions.f32")), concat(p));
			final double dr = maxDifference(floats(data.resolve("out_relu.f32")), m.features("out_relu", inputs, 2));
			System.out.printf("MobileNetV2 SavedModel vs Keras: max |difference| probabilities %.1e, out_relu %.1e%n",
				dp, dr);
			assertTrue(dp <= 1e-5 && dr <= 1e-4, dp + " " + dr);
		}
	}

	/**
	 * The same SavedModel kept as it is: out_relu fetched from inside its serving function, against Keras, and the
	 * feature throughput of the kept SavedModel and of the imported model folder in the same run.
	 */
	@Test
	void keptAsItIsGivesKerasOutRelu() throws IOException {
		final Path data = Path.of(System.getProperty("convnet.savedmodel.mobilenetv2"));
		final ImportSettings.Result r = ModelImport.run(data.resolve("mnv2"), "savedmodel", 0, null, "", "out_relu", tmp
			.resolve("asis"), false);
		System.out.println(r.summary());
		ModelImport.run(data.resolve("mnv2"), "auto", tmp.resolve("ours"), false);
		final float[] inputs = floats(data.resolve("inputs.f32"));
		try (Network asIs = Networks.load(tmp.resolve("asis")); Network ours = Networks.load(tmp.resolve("ours"))) {
			final double dp = maxDifference(floats(data.resolve("predictions.f32")), concat(asIs.predict(inputs, 2)));
			final double dr = maxDifference(floats(data.resolve("out_relu.f32")), asIs.features("out_relu", inputs, 2));
			System.out.printf("MobileNetV2 SavedModel kept as it is vs Keras: probabilities %.1e, out_relu %.1e%n", dp, dr);
			assertTrue(dp <= 1e-5 && dr <= 1e-4, dp + " " + dr);
			final int n = 64;
			final float[] batch = new float[n * inputs.length / 2];
			for (int i = 0; i < n; i++) System.arraycopy(inputs, (i % 2) * inputs.length / 2, batch, i * inputs.length / 2,
				inputs.length / 2);
			for (int round = 0; round < 3; round++) {
				final long t0 = System.nanoTime();
				asIs.features(asIs.spec().featureLayer(), batch, n);
				final long t1 = System.nanoTime();
				ours.features("out_relu", batch, n);
				final long t2 = System.nanoTime();
				System.out.printf("round %d, %d images 96 x 96: kept SavedModel %.1f images/s, imported model folder %.1f " +
					"images/s%n", round, n, n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9));
			}
		}
	}

	private static float[] concat(final float[][] rows) {
		final float[] out = new float[rows.length * rows[0].length];
		for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, out, i * rows[0].length, rows[0].length);
		return out;
	}
}
