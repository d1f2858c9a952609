package org.convnetij.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.convnetij.data.InputShape;
import org.convnetij.data.Normalization;
import org.convnetij.data.RawImage;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;

/** The softmax head on numbers worked out by construction, and probability maps of a two-region image. */
class SoftmaxHeadAndMapsTest {

	/** Three Gaussian clusters in 5 dimensions with an offset and scale far from standardised. */
	private static float[][] clusters(final int perClass, final long seed, final int[] labels) {
		final Random r = new Random(seed);
		final float[][] x = new float[3 * perClass][5];
		for (int i = 0; i < x.length; i++) {
			labels[i] = i % 3;
			for (int j = 0; j < 5; j++) x[i][j] = (float) (100 + 50 * (j == labels[i] ? 1 : 0) + 10 * r.nextGaussian());
		}
		return x;
	}

	@Test
	void headLearnsSeparableClassesAndIsReproducible() {
		final int[] y = new int[60], yTest = new int[60];
		final float[][] x = clusters(20, 1, y), xTest = clusters(20, 2, yTest);
		final SoftmaxHead a = SoftmaxHead.train(x, y, 3, 50, 0.05, 0, 7, Progress.NONE);
		final SoftmaxHead b = SoftmaxHead.train(x, y, 3, 50, 0.05, 0, 7, Progress.NONE);
		assertArrayEquals(a.kernel(), b.kernel());
		assertArrayEquals(a.bias(), b.bias());
		assertEquals(1.0, a.accuracy(xTest, yTest));
		assertTrue(a.finalLoss() < 0.1, "loss " + a.finalLoss());
		// the folded Dense layer on raw features: probabilities = softmax(x W + b)
		final float[] k = a.kernel(), bias = a.bias();
		final double[] logits = new double[3];
		for (int c = 0; c < 3; c++) {
			logits[c] = bias[c];
			for (int j = 0; j < 5; j++) logits[c] += xTest[0][j] * k[j * 3 + c];
		}
		double max = Math.max(logits[0], Math.max(logits[1], logits[2])), sum = 0;
		for (int c = 0; c < 3; c++) sum += Math.exp(logits[c] - max);
		assertEquals(Math.exp(logits[yTest[0]] - max) / sum, a.predict(xTest[0])[yTest[0]], 1e-5);
		assertThrows(UserInputException.class, () -> SoftmaxHead.train(new float[0][], new int[0], 2, 1, 0.1, 0, 1,
			Progress.NONE));
	}

	@Test
	void windowOriginsCoverTheImage() {
		assertArrayEquals(new int[] { 0, 16, 32, 48, 52 }, ProbabilityMaps.origins(100, 48, 16));
		assertArrayEquals(new int[] { 0, 16, 32, 48 }, ProbabilityMaps.origins(96, 48, 16));
		assertArrayEquals(new int[] { 0 }, ProbabilityMaps.origins(48, 48, 16));
		assertEquals(25, ProbabilityMaps.windowCount(100, 100, 48, 16));
		final UserInputException e = assertThrows(UserInputException.class, () -> ProbabilityMaps.windowCount(40, 100,
			48, 16));
		assertTrue(e.getMessage().contains("choose a size of at most 40"), e.getMessage());
	}

	@Test
	void mapsFollowTheRegionsOfTheImage() {
		// left half dark, right half bright; the "classifier" says bright with the window's mean value
		final int w = 64, h = 40;
		final float[] px = new float[w * h];
		for (int y = 0; y < h; y++) for (int x = w / 2; x < w; x++) px[y * w + x] = 255;
		final RawImage image = new RawImage(w, h, 1, 8, px);
		final int[] calls = new int[1];
		final WindowClassifier brightness = new WindowClassifier() {

			@Override
			public InputShape inputShape() {
				return InputShape.of(4, 4, 1);
			}

			@Override
			public Normalization normalization() {
				return Normalization.range();
			}

			@Override
			public int classCount() {
				return 2;
			}

			@Override
			public float[][] predict(final float[] nhwc, final int n) {
				calls[0]++;
				final float[][] p = new float[n][2];
				for (int i = 0; i < n; i++) {
					float s = 0;
					for (int j = 0; j < 16; j++) s += nhwc[i * 16 + j];
					p[i][1] = s / 16;
					p[i][0] = 1 - p[i][1];
				}
				return p;
			}
		};
		final float[][] maps = ProbabilityMaps.compute(image, 8, 8, brightness, Progress.NONE);
		assertEquals(2, maps.length);
		assertEquals(w * h, maps[0].length);
		assertEquals(2, calls[0], "40 windows: a batch of 32, then 8");
		for (int y = 0; y < h; y++) {
			assertEquals(0f, maps[1][y * w + 5], 1e-6f);
			assertEquals(1f, maps[1][y * w + 60], 1e-6f);
			assertEquals(1f, maps[0][y * w + 5] + maps[1][y * w + 5], 1e-6f);
		}
	}
}
