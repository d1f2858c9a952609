package org.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.gui.Plot;

class TrainingPlotTest {

	@TempDir
	Path tmp;

	@Test
	void drawsLossAndAccuracyPerEpoch() throws Exception {
		final File csv = tmp.resolve("history.csv").toFile();
		Files.writeString(csv.toPath(), "epoch,loss,accuracy,val_loss,val_accuracy,seconds\n" +
			"1,0.81,0.58,0.73,0.50,0.28\n2,0.66,0.53,0.68,0.50,0.05\n3,0.43,0.89,0.40,0.88,0.02\n");
		final Plot plot = TrainingPlot.of(csv);
		assertNotNull(plot);
		final float[] epochs = plot.getXValues();
		assertArrayEquals(new float[] { 1, 2, 3 }, epochs);
		final ImagePlus image = plot.getImagePlus();
		assertTrue(image.getWidth() > 100);
		assertTrue(plot.getNumPlotObjects() >= 4, "loss, val loss, accuracy, val accuracy");
		Files.writeString(csv.toPath(), "epoch,loss,accuracy\n");
		assertNull(TrainingPlot.of(csv));
	}
}
