package org.convnetij.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.convnetij.util.Progress;
import org.junit.jupiter.api.Test;

/** The labelled sample set shipped in sample-images/labelled reads as documented in its PROVENANCE.md. */
class SampleImagesTest {

	@Test
	void glandAndStromaTiles() {
		final LabelledFolder folder = LabelledFolder.scan(Path.of("sample-images/labelled"));
		assertEquals(List.of("gland", "stroma"), folder.classNames());
		// PROVENANCE.md next to the class folders is not data and not reported
		assertTrue(folder.skippedByScan().isEmpty(), folder.skippedByScan().toString());
		final LoadedDataset loaded = folder.load(InputShape.of(32, 32, 3), Normalization.range(), Progress.NONE);
		assertArrayEquals(new int[] { 40, 40 }, loaded.images().countsPerClass());
		assertEquals(0, loaded.summary().resizedCount());
		assertTrue(loaded.summary().conversions().isEmpty(), loaded.summary().toString());
		// the colour rule that made the labels: gland tiles are brown (mean red well above mean blue)
		final double[] redMinusBlue = new double[2];
		for (int i = 0; i < loaded.images().size(); i++) {
			final float[] p = loaded.images().pixels(i);
			double d = 0;
			for (int k = 0; k < p.length; k += 3) d += p[k] - p[k + 2];
			redMinusBlue[loaded.images().label(i)] += d / (p.length / 3) / 40;
		}
		assertTrue(redMinusBlue[0] > 0.1 && redMinusBlue[1] < 0.05, java.util.Arrays.toString(redMinusBlue));
	}
}
