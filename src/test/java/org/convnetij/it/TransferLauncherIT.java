package org.convnetij.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/**
 * The transfer-learning commands in the launcher as a user types them: Import Model, Transfer Learning, Probability
 * Map (an image result and a text result: the image goes to output=, the class names to standard output), and the
 * one-line message of a missing Keras Applications file.
 */
class TransferLauncherIT {

	@TempDir
	Path tmp;

	@Test
	void fromTfjsToProbabilityMaps() throws Exception {
		final Path base = tmp.resolve("base"), model = tmp.resolve("model"), maps = tmp.resolve("maps.tif");
		final Processes.Result imported = Processes.launcher("Import Model", "source=../shared/data/mobilenet_v2_tfjs",
			"size=64", "output=" + base);
		assertEquals(0, imported.exitCode, imported::toString);
		final Processes.Result trained = Processes.launcher("Transfer Learning", "model=" + base,
			"data=sample-images/labelled", "strategy=features", "output=" + model);
		assertEquals(0, trained.exitCode, trained::toString);
		assertTrue(trained.out.contains("features (as asked)"), trained::toString);
		final Processes.Result mapped = Processes.launcher("Probability Map", "model=" + model,
			"input=sample-images/ihc.png", "size=32", "stride=64", "output=" + maps);
		assertEquals(0, mapped.exitCode, mapped::toString);
		assertTrue(mapped.out.contains("gland,stroma"), mapped::toString);
		final ImagePlus imp = IJ.openImage(maps.toString());
		assertEquals(512, imp.getWidth());
		assertEquals(2, imp.getStackSize());

		final Processes.Result missing = Processes.launcher("Import Model", "source=" + tmp.resolve("absent.h5"),
			"architecture=densenet121", "output=" + tmp.resolve("d"));
		assertNotEquals(0, missing.exitCode);
		assertTrue(missing.toString().contains("fetch https://storage.googleapis.com/tensorflow/keras-applications/" +
			"densenet/densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5"), missing::toString);
	}
}
