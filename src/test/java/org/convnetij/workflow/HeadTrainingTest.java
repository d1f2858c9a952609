package org.convnetij.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Random;

import org.convnetij.transfer.SoftmaxHead;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;

/** The softmax head, trained by the training loop, on numbers worked out by construction. */
class HeadTrainingTest {

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
	void headLearnsSeparableClassesAndIsReproducible() throws IOException {
		final int[] y = new int[60], yTest = new int[60];
		final float[][] x = clusters(20, 1, y), xTest = clusters(20, 2, yTest);
		final SoftmaxHead a = HeadTraining.fit(x, y, 3, new HeadTraining.Options(50, 0.05, 0, 7), Progress.NONE);
		final SoftmaxHead b = HeadTraining.fit(x, y, 3, new HeadTraining.Options(50, 0.05, 0, 7), Progress.NONE);
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
		assertThrows(UserInputException.class, () -> HeadTraining.fit(new float[0][], new int[0], 2, new HeadTraining
			.Options(1, 0.1, 0, 1), Progress.NONE));
	}
}
