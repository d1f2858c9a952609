package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.convnetij.data.Normalization;
import org.convnetij.nn.Architecture;
import org.convnetij.nn.ConvPattern;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.Node;
import org.convnetij.transfer.LayerFeatures;
import org.convnetij.nn.Shape;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.FeatureExport;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Features from any layer: a relative depth names a layer, and a grid keeps where in the image features were. */
class LayerFeaturesTest {

	@TempDir
	Path tmp;

	private static TfModel model() {
		return TfModel.create(ModelSpec.of(Architecture.CUSTOM, InputShape.of(20, 20, 1)).pattern(ConvPattern
			.defaults().filters(4, 8).units(8)).classes(List.of("a", "b")).normalization(Normalization.none()), 3);
	}

	@Test
	void aRelativeDepthNamesALayerOnTheWayToTheFeatureLayer() {
		try (TfModel m = model()) {
			final List<Node> nodes = m.model().nodes();
			final String feature = m.spec().featureLayer();
			int last = 0;
			for (int i = 0; i < nodes.size(); i++) if (nodes.get(i).name().equals(feature)) last = i;
			assertEquals(feature, LayerFeatures.resolve(m, "1"));
			assertEquals(feature, LayerFeatures.resolve(m, ""));
			assertEquals(nodes.get((int) Math.ceil(0.5 * last)).name(), LayerFeatures.resolve(m, "0.5"));
			assertEquals(nodes.get(1).name(), LayerFeatures.resolve(m, "0.01"), "the first layer after the input");
			assertEquals("block1_conv1", LayerFeatures.resolve(m, "block1_conv1"), "a name stays a name");
			final UserInputException e = assertThrows(UserInputException.class, () -> LayerFeatures.resolve(m, "1.5"));
			assertTrue(e.getMessage().startsWith("layer 1.5 is not a relative depth in (0, 1]"), e.getMessage());
		}
	}

	@Test
	void aGridAveragesEachCellOfTheLayer() {
		try (TfModel m = model()) {
			final String conv = "block1_conv1";
			final Shape s = m.outputShape(conv);
			final int w = s.width(), h = s.height(), c = s.channels();
			final float[] image = new float[2 * 20 * 20];
			final Random r = new Random(5);
			for (int i = 0; i < image.length; i++) image[i] = r.nextFloat();
			final float[] raw = m.features(conv, image, 2);
			final float[] grid = new LayerFeatures(m, conv, 2).features(image, 2);
			assertEquals(2 * 4 * c, grid.length);
			// image 1, cell (row 1, column 0), channel 2, computed here from the raw map
			double sum = 0;
			int count = 0;
			for (int y = h / 2; y < h; y++) for (int x = 0; x < w / 2; x++) {
				sum += raw[w * h * c + (y * w + x) * c + 2];
				count++;
			}
			assertEquals(sum / count, grid[4 * c + 2 * c + 2], 1e-5 * Math.max(1, Math.abs(sum / count)));
			// a grid of 1 is the global average
			final float[] global = new LayerFeatures(m, conv, 1).features(image, 2);
			double all = 0;
			for (int p = 0; p < w * h; p++) all += raw[p * c];
			assertEquals(all / (w * h), global[0], 1e-5 * Math.max(1, Math.abs(all / (w * h))));
			// a flat layer has no cells
			final String dense = m.spec().featureLayer();
			if (m.outputShape(dense).isFlat()) {
				assertThrows(UserInputException.class, () -> new LayerFeatures(m, dense, 2));
			}
		}
	}

	@Test
	void extractFeaturesWritesTheGridColumns() throws Exception {
		final Path folder = tmp.resolve("model");
		try (TfModel m = model()) {
			m.save(folder);
		}
		final FeatureExport.Result r = FeatureExport.run(folder, new FeatureExport.Layer("0.3", 2), Path.of("sample-images/cell.png"), tmp
			.resolve("f.csv"), Progress.NONE);
		assertTrue(r.report().contains("averaged over the cells of a 2 x 2 grid"), r.report());
		final List<String> lines = Files.readAllLines(tmp.resolve("f.csv"));
		assertEquals(2, lines.size());
		assertEquals(1 + r.features(), lines.get(1).split(",").length, lines.get(1));
		assertEquals(0, r.features() % 4, "4 cells of the layer's channels");
	}
}
