package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import org.convnetij.transfer.TfjsModel;
import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Handmade tiny models with numbers worked out by hand: weight layouts and padding sides. */
class KerasGraphBuilderSmallModelTest {

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
		write(dir, layers, new String[] { "conv/kernel", "conv/bias", "dense/kernel" },
			new int[][] { { 2, 2, 1, 1 }, { 1 }, { 4, 2 } },
			new float[] { 1, 2, 3, 4, 10, 1, -1, 1, 0, 1, 0, 1, 0 });
		final TfjsModel model = TfjsModel.read(dir);
		// input 3 x 3: 1..9 row by row; padded to 4 x 4 with zeros on the bottom row and the right column
		final float[] image = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
		try (Graph g = new Graph()) {
			final KerasGraphBuilder builder = new KerasGraphBuilder(Ops.create(g), model);
			final Operand<TFloat32> conv = builder.output("conv");
			final Operand<TFloat32> dense = builder.output("dense");
			try (Session s = new Session(g);
				TFloat32 in = TFloat32.tensorOf(Shape.of(1, 3, 3, 1), DataBuffers.of(image));
				Result r = s.runner().feed(builder.input("pad_input"), in).fetch(conv).fetch(dense).run())
			{
				// windows [1 2; 4 5], [3 0; 6 0], [7 8; 0 0], [9 0; 0 0] with kernel [1 2; 3 4], plus 10
				final float[] c = floats((TFloat32) r.get(0));
				assertArrayEquals(new float[] { 1 + 4 + 12 + 20 + 10, 3 + 18 + 10, 7 + 16 + 10, 9 + 10 }, c);
				final float[] d = floats((TFloat32) r.get(1));
				assertArrayEquals(new float[] { c[0] + c[1] + c[2] + c[3], 0 }, d, "relu(-c0) = 0");
			}
		}
	}

	@Test
	void unsupportedLayerIsNamed(@TempDir final Path dir) throws IOException {
		write(dir, "[{\"class_name\": \"Conv3D\", \"config\": {\"name\": \"c3\", \"batch_input_shape\": [null, 2, 2, 2, 1]}}]",
			new String[0], new int[0][], new float[0]);
		final TfjsModel model = TfjsModel.read(dir);
		assertEquals(Set.of("Conv3D"), KerasGraphBuilder.unsupportedLayers(model));
		try (Graph g = new Graph()) {
			final KerasGraphBuilder builder = new KerasGraphBuilder(Ops.create(g), model);
			final UserInputException e = assertThrows(UserInputException.class, () -> builder.output("c3"));
			assertTrue(e.getMessage().startsWith("layer 'c3' (Conv3D): layers of class Conv3D cannot be translated"),
				e.getMessage());
		}
	}

	private static void write(final Path dir, final String layers, final String[] names, final int[][] shapes,
		final float[] values) throws IOException
	{
		final StringBuilder specs = new StringBuilder();
		for (int i = 0; i < names.length; i++) {
			specs.append(i == 0 ? "" : ", ").append("{\"name\": \"").append(names[i]).append("\", \"shape\": ")
				.append(Arrays.toString(shapes[i])).append(", \"dtype\": \"float32\"}");
		}
		Files.writeString(dir.resolve("model.json"), "{\"modelTopology\": {\"class_name\": \"Sequential\", " +
			"\"config\": {\"name\": \"tiny\", \"layers\": " + layers + "}}, \"weightsManifest\": [{\"paths\": " +
			"[\"weights.bin\"], \"weights\": [" + specs + "]}]}");
		final ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (final float v : values) {
			b.putFloat(v);
		}
		Files.write(dir.resolve("weights.bin"), b.array());
	}

	private static float[] floats(final TFloat32 t) {
		final float[] out = new float[(int) t.size()];
		t.copyTo(DataBuffers.of(out, false, false));
		return out;
	}
}
