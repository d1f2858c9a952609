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
		final Processes.Result imported = Processes.launcher("Import Model", "source=sample-images/mobilenet_v2_tfjs",
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

	/**
	 * A Keras 3 SavedModel of a network that is none of ours: its layers listed, kept as it is with features at an
	 * internal layer, a new head by Transfer Learning (auto chooses features for 40 images per class), then Classify
	 * and Probability Map.
	 */
	@Test
	void fromAForeignSavedModelToANewHead() throws Exception {
		final String source = "source=src/test/resources/org/convnetij/transfer/savedmodel/smallnet";
		final Processes.Result listed = Processes.launcher("Import Model", source, "layer=list");
		assertEquals(0, listed.exitCode, listed::toString);
		assertTrue(listed.out.contains("gap = smallnet_1/gap_1/Mean [-1, 16]"), listed::toString);
		final Path base = tmp.resolve("smallnet"), model = tmp.resolve("glands"), table = tmp.resolve("glands.csv");
		final Processes.Result imported = Processes.launcher("Import Model", source, "architecture=savedmodel",
			"layer=gap", "output=" + base);
		assertEquals(0, imported.exitCode, imported::toString);
		final Processes.Result trained = Processes.launcher("Transfer Learning", "model=" + base,
			"data=sample-images/labelled", "strategy=auto", "epochs=60", "output=" + model);
		assertEquals(0, trained.exitCode, trained::toString);
		assertTrue(trained.out.contains("auto chose features: 40 images") && trained.out.contains("features of the " +
			"SavedModel's smallnet_1/gap_1/Mean"), trained::toString);
		final Processes.Result classified = Processes.launcher("Classify", "model=" + model,
			"input=sample-images/labelled/gland", "output=" + table);
		assertEquals(0, classified.exitCode, classified::toString);
		final java.util.List<String> rows = java.nio.file.Files.readAllLines(table);
		assertEquals("file,class,gland,stroma", rows.get(0));
		final long glands = rows.stream().skip(1).filter(r -> r.split(",")[1].equals("gland")).count();
		assertTrue(glands > (rows.size() - 1) * 0.7, rows.toString());
		final Processes.Result mapped = Processes.launcher("Probability Map", "model=" + model,
			"input=sample-images/ihc.png", "stride=64", "output=" + tmp.resolve("maps.tif"));
		assertEquals(0, mapped.exitCode, mapped::toString);
		assertEquals(2, IJ.openImage(tmp.resolve("maps.tif").toString()).getStackSize());
	}
}
