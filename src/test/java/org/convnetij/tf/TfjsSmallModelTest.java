package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.data.InputShape;
import org.convnetij.data.Normalization;
import org.convnetij.nn.Activation;
import org.convnetij.nn.Architecture;
import org.convnetij.nn.Conv2D;
import org.convnetij.nn.ConvPattern;
import org.convnetij.nn.Dense;
import org.convnetij.nn.Flatten;
import org.convnetij.nn.ImportSettings;
import org.convnetij.nn.Model;
import org.convnetij.nn.ModelBuilder;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.PaddingMode;
import org.convnetij.nn.ZeroPadding2D;
import org.convnetij.transfer.KerasLayer;
import org.convnetij.transfer.TfjsModel;
import org.convnetij.transfer.WeightMatch;
import org.convnetij.transfer.WeightSet;
import org.convnetij.transfer.WeightTensor;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.ModelExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handmade tiny TF.js models with numbers worked out by hand: weight layouts and padding sides, the weights read by
 * Keras name into our own layers and run by {@link LayerGraph}; a layer class that cannot be imported is named.
 */
class TfjsSmallModelTest {

	/**
	 * ZeroPadding2D ((0, 1), (0, 1)) then a 2 x 2 valid Conv2D of stride 2 with bias, Flatten, Dense with ReLU:
	 * the padding goes to the bottom and right, the Conv2D kernel is [h, w, in, out], the Dense kernel [in, units].
	 */
	@Test
	void paddingConvolutionAndDense(@TempDir final Path dir) throws IOException {
		final String layers = "[" +
			"{\"class_name\": \"ZeroPadding2D\", \"config\": {\"name\": \"pad\", \"batch_input_shape\": [null, 3, 3, 1]," +
			" \"padding\": [[0, 1], [0, 1]], \"data_format\": \"channels_last\"}}," +
			"{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv\", \"filters\": 1, \"kernel_size\": [2, 2]," +
			" \"strides\": [2, 2], \"padding\": \"valid\", \"data_format\": \"channels_last\", \"dilation_rate\": [1, 1]," +
			" \"activation\": \"linear\", \"use_bias\": true}}," +
			"{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flat\"}}," +
			"{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 2, \"activation\": \"relu\"," +
			" \"use_bias\": false}}]";
		// conv kernel rows: [1 2; 3 4] (h, w), bias 10; dense kernel 4 x 2: column 0 sums all, column 1 takes minus
		// the first
		write(dir, sequential(layers), new String[] { "conv/kernel", "conv/bias", "dense/kernel" },
			new int[][] { { 2, 2, 1, 1 }, { 1 }, { 4, 2 } },
			new float[] { 1, 2, 3, 4, 10, 1, -1, 1, 0, 1, 0, 1, 0 });
		final TfjsModel tfjs = TfjsModel.read(dir);
		// the same network in our layers, under the Keras names
		final ModelBuilder b = Model.builder("tiny", InputShape.of(3, 3, 1), "pad_input");
		String x = b.add(ZeroPadding2D.named("pad").pad(0, 1, 0, 1), b.input());
		x = b.add(Conv2D.named("conv").filters(1).kernel(2).stride(2).padding(PaddingMode.VALID), x);
		x = b.add(Flatten.named("flat"), x);
		b.add(Dense.named("dense").units(2).withoutBias().activation(Activation.RELU), x);
		final Model model = b.build();
		for (final KerasLayer l : tfjs.layers()) {
			assertEquals(l.className(), model.node(l.name()).layer().type(), "layer " + l.name());
		}
		// the file's weights by Keras name, shapes in Keras's layout
		final Map<String, float[]> values = new LinkedHashMap<>();
		for (final Map.Entry<String, WeightTensor> e : WeightMatch.of(model, WeightSet.of(tfjs)).requireAll(List.of())
			.matched().entrySet()) values.put(e.getKey(), e.getValue().values());
		assertEquals(List.of("conv/kernel", "conv/bias", "dense/kernel"), List.copyOf(values.keySet()));
		final ModelSpec spec = ModelSpec.of(Architecture.CUSTOM, InputShape.of(3, 3, 1)).pattern(ConvPattern.linear())
			.classes(List.of("a", "b")).normalization(Normalization.none());
		// input 3 x 3: 1..9 row by row; padded to 4 x 4 with zeros on the bottom row and the right column
		final float[] image = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
		try (TfModel m = TfModel.unchecked(model, spec, 1)) {
			m.setAllWeights(values);
			// windows [1 2; 4 5], [3 0; 6 0], [7 8; 0 0], [9 0; 0 0] with kernel [1 2; 3 4], plus 10
			final float[] c = m.features("conv", image, 1);
			assertArrayEquals(new float[] { 1 + 4 + 12 + 20 + 10, 3 + 18 + 10, 7 + 16 + 10, 9 + 10 }, c);
			final float[] d = m.features("dense", image, 1);
			assertArrayEquals(new float[] { c[0] + c[1] + c[2] + c[3], 0 }, d, "relu(-c0) = 0");
		}
	}

	/**
	 * Import keeps a model's own head only in layers it can translate: a Conv3D after the body's last layer is named
	 * with its class, and nothing is written.
	 */
	@Test
	void unsupportedLayerIsNamed(@TempDir final Path dir) throws IOException {
		final Path source = Files.createDirectory(dir.resolve("c3"));
		write(source, "{\"class_name\": \"Functional\", \"config\": {\"name\": \"tiny\", \"layers\": [" +
			"{\"class_name\": \"InputLayer\", \"name\": \"input_1\", \"config\": {\"name\": \"input_1\", " +
			"\"batch_input_shape\": [null, 32, 32, 1]}, \"inbound_nodes\": []}," +
			"{\"class_name\": \"Flatten\", \"name\": \"conv3\", \"config\": {\"name\": \"conv3\"}, " +
			"\"inbound_nodes\": [[[\"input_1\", 0, 0, {}]]]}," +
			"{\"class_name\": \"Conv3D\", \"name\": \"c3\", \"config\": {\"name\": \"c3\"}, " +
			"\"inbound_nodes\": [[[\"conv3\", 0, 0, {}]]]}]," +
			"\"input_layers\": [[\"input_1\", 0, 0]], \"output_layers\": [[\"c3\", 0, 0]]}}", new String[0],
			new int[0][], new float[0]);
		final Path out = dir.resolve("out");
		final UserInputException e = assertThrows(UserInputException.class, () -> ModelExchange.importModel(
			ImportSettings.of(source, out).architecture("lenet5"), Progress.NONE));
		assertTrue(e.getMessage().startsWith("layer c3 (Conv3D) of the head of "), e.getMessage());
		assertTrue(e.getMessage().contains("cannot be kept"), e.getMessage());
		assertFalse(Files.exists(out), "nothing written");
	}

	private static String sequential(final String layers) {
		return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"tiny\", \"layers\": " + layers + "}}";
	}

	private static void write(final Path dir, final String topology, final String[] names, final int[][] shapes,
		final float[] values) throws IOException
	{
		final StringBuilder specs = new StringBuilder();
		for (int i = 0; i < names.length; i++) {
			specs.append(i == 0 ? "" : ", ").append("{\"name\": \"").append(names[i]).append("\", \"shape\": ")
				.append(Arrays.toString(shapes[i])).append(", \"dtype\": \"float32\"}");
		}
		Files.writeString(dir.resolve("model.json"), "{\"modelTopology\": " + topology + ", \"weightsManifest\": " +
			"[{\"paths\": [\"weights.bin\"], \"weights\": [" + specs + "]}]}");
		final ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (final float v : values) {
			b.putFloat(v);
		}
		Files.write(dir.resolve("weights.bin"), b.array());
	}
}
