package org.convnetij.transfer;

import org.convnetij.testutil.TestFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Reads the real MobileNetV2 in TensorFlow.js layers format from sample-images. */
class TfjsModelTest {

	private static TfjsModel model;

	@BeforeAll
	static void read() throws IOException {
		model = TfjsModel.read(TestFiles.mobileNetV2());
	}

	@Test
	void weightCountAndShapesMatchTheManifest() throws IOException {
		final JsonArray manifest = JsonParser.parseString(Files.readString(TestFiles.mobileNetV2().resolve(
			"model.json"))).getAsJsonObject().getAsJsonArray("weightsManifest").get(0).getAsJsonObject()
			.getAsJsonArray("weights");
		assertEquals(266, manifest.size());
		assertEquals(manifest.size(), model.weights().size());
		int i = 0;
		long bytes = 0;
		for (final Map.Entry<String, WeightTensor> e : model.weights().entrySet()) {
			final JsonObject spec = manifest.get(i++).getAsJsonObject();
			assertEquals(spec.get("name").getAsString(), e.getKey(), "manifest order");
			final JsonArray dims = spec.getAsJsonArray("shape");
			final int[] shape = new int[dims.size()];
			int size = 1;
			for (int d = 0; d < shape.length; d++) {
				shape[d] = dims.get(d).getAsInt();
				size *= shape[d];
			}
			assertArrayEquals(shape, e.getValue().shape(), e.getKey());
			assertEquals(size, e.getValue().values().length, e.getKey());
			assertEquals("uint8", e.getValue().storedAs());
			bytes += size;
		}
		assertEquals(Files.size(TestFiles.mobileNetV2().resolve("group1-shard1of1.bin")), bytes,
			"one byte per value, the shard holds nothing else");
		assertArrayEquals(new int[] { 3, 3, 3, 32 }, model.weight("Conv1/kernel").shape());
		assertArrayEquals(new int[] { 3, 3, 32, 1 }, model.weight("expanded_conv_depthwise/depthwise_kernel")
			.shape());
		assertArrayEquals(new int[] { 1, 1, 320, 1280 }, model.weight("Conv_1/kernel").shape());
		assertEquals(List.of("bn_Conv1/gamma", "bn_Conv1/beta", "bn_Conv1/moving_mean", "bn_Conv1/moving_variance"),
			model.weightsOf("bn_Conv1").stream().map(WeightTensor::name).toList());
		assertTrue(model.weightsOf("out_relu").isEmpty());
	}

	/** Bytes read straight from the shard, dequantised by hand with the manifest's min and scale. */
	@Test
	void dequantisedValuesMatchTheRawBytes() throws IOException {
		try (RandomAccessFile shard = new RandomAccessFile(TestFiles.mobileNetV2().resolve("group1-shard1of1.bin")
			.toFile(), "r"))
		{
			// Conv1/kernel is the first tensor: offset 0, min -0.87334511607301, scale 0.006666756611244351
			shard.seek(0);
			assertEquals(98, shard.readUnsignedByte());
			assertEquals(66, shard.readUnsignedByte());
			final float[] kernel = model.weight("Conv1/kernel").values();
			assertEquals((float) (98 * 0.006666756611244351 + -0.87334511607301), kernel[0]);
			assertEquals(-0.22000297f, kernel[0], 1e-7f);
			assertEquals(-0.43333918f, kernel[1], 1e-7f);
			// block_16_project_BN/moving_variance starts at byte 2009760 (sizes of all tensors before it)
			shard.seek(2_009_760);
			assertEquals(19, shard.readUnsignedByte());
			assertEquals(1.0961962f, model.weight("block_16_project_BN/moving_variance").values()[0], 1e-6f);
			// dense_3/bias: 5 bytes from 2618464
			shard.seek(2_618_464 + 2);
			assertEquals(241, shard.readUnsignedByte());
			assertEquals(0.34572927f, model.weight("dense_3/bias").values()[2], 1e-7f);
		}
	}

	@Test
	void layersAndTheirConfiguration() {
		assertEquals(162, model.layers().size());
		assertEquals("2.2.4", model.kerasVersion());
		assertEquals(List.of("input_1"), model.inputLayers());
		assertEquals(List.of("dense_3"), model.outputLayers());
		for (final String name : List.of("Conv1", "bn_Conv1", "expanded_conv_depthwise", "block_16_project",
			"Conv_1", "out_relu"))
		{
			assertTrue(model.hasLayer(name), name);
		}
		assertArrayEquals(new int[] { -1, 224, 224, 3 }, model.layer("input_1").batchInputShape());

		final KerasLayer conv1 = model.layer("Conv1");
		assertEquals("Conv2D", conv1.className());
		assertEquals(32, conv1.filters());
		assertArrayEquals(new int[] { 3, 3 }, conv1.kernelSize());
		assertArrayEquals(new int[] { 2, 2 }, conv1.strides());
		assertEquals("valid", conv1.padding());
		assertFalse(conv1.useBias());
		assertEquals("linear", conv1.activation());
		assertEquals(List.of("Conv1_pad"), conv1.inboundLayers());
		assertArrayEquals(new int[] { 0, 1, 0, 1 }, model.layer("Conv1_pad").zeroPadding());

		final KerasLayer bn = model.layer("bn_Conv1");
		assertEquals("BatchNormalization", bn.className());
		assertEquals(1e-3, bn.epsilon(), 1e-12);
		assertEquals(0.999, bn.momentum(), 1e-12);
		assertEquals(6.0, model.layer("Conv1_relu").maxValue());

		final KerasLayer dw = model.layer("expanded_conv_depthwise");
		assertEquals("DepthwiseConv2D", dw.className());
		assertEquals(1, dw.depthMultiplier());
		assertEquals("same", dw.padding());
		assertArrayEquals(new int[] { 2, 2 }, model.layer("block_1_depthwise").strides());
		assertEquals("valid", model.layer("block_1_depthwise").padding());

		assertEquals(List.of("block_1_project_BN", "block_2_project_BN"), model.layer("block_2_add")
			.inboundLayers());
		assertEquals(5, model.layer("dense_3").units());
		assertEquals("softmax", model.layer("dense_3").activation());
		assertArrayEquals(new int[] { 7, 7 }, model.layer("average_pooling2d_1").poolSize());
	}

	/** PROVENANCE: layers up to block_10 are non-trainable, the rest (block_11 on and the head) trainable. */
	@Test
	void trainableFlags() {
		final List<KerasLayer> layers = model.layers();
		for (int i = 1; i < layers.size(); i++) {
			final KerasLayer l = layers.get(i);
			final boolean early = l.name().startsWith("Conv1") || l.name().startsWith("bn_Conv1") ||
				l.name().startsWith("expanded_conv") || l.name().matches("block_([0-9]|10)_.*");
			assertEquals(!early, l.trainable(), l.name());
		}
		assertFalse(model.layer("block_10_project_BN").trainable());
		assertTrue(model.layer("block_11_expand").trainable());
	}

	@Test
	void clearMessagesForBadFiles(@org.junit.jupiter.api.io.TempDir final Path dir) throws IOException {
		UserInputException e = assertThrows(UserInputException.class, () -> TfjsModel.read(dir));
		assertTrue(e.getMessage().contains("model.json"), e.getMessage());

		Files.writeString(dir.resolve("model.json"), tinyModel("int4", 1, "w.bin"));
		Files.write(dir.resolve("w.bin"), new byte[] { 1, 2 });
		e = assertThrows(UserInputException.class, () -> TfjsModel.read(dir));
		assertTrue(e.getMessage().contains("'int4'") && e.getMessage().contains("uint8, uint16 and float16"),
			e.getMessage());

		Files.writeString(dir.resolve("model.json"), tinyModel("uint8", 1, "missing.bin"));
		e = assertThrows(UserInputException.class, () -> TfjsModel.read(dir));
		assertTrue(e.getMessage().contains("'missing.bin'"), e.getMessage());

		Files.writeString(dir.resolve("model.json"), tinyModel("uint16", 2, "w.bin"));
		e = assertThrows(UserInputException.class, () -> TfjsModel.read(dir));
		assertTrue(e.getMessage().contains("end inside weight 'd/kernel'"), e.getMessage());

		Files.writeString(dir.resolve("model.json"), "{\"format\": \"graph-model\", \"modelTopology\": {}}");
		e = assertThrows(UserInputException.class, () -> TfjsModel.read(dir));
		assertTrue(e.getMessage().contains("weightsManifest"), e.getMessage());
	}

	/** uint16 (little-endian) and float16 storage, and a Sequential model, on a tiny handmade model. */
	@Test
	void uint16AndFloat16(@org.junit.jupiter.api.io.TempDir final Path dir) throws IOException {
		Files.writeString(dir.resolve("model.json"), tinyModel("uint16", 2, "w.bin"));
		// 0x0102 = 258, 0xffff = 65535
		Files.write(dir.resolve("w.bin"), new byte[] { 2, 1, -1, -1 });
		TfjsModel m = TfjsModel.read(dir.resolve("model.json"));
		assertEquals((float) (258 * 0.5 - 1.0), m.weight("d/kernel").values()[0]);
		assertEquals((float) (65535 * 0.5 - 1.0), m.weight("d/kernel").values()[1]);
		assertEquals(List.of("d_input"), m.inputLayers(), "Keras' implicit input layer of a Sequential model");
		assertArrayEquals(new int[] { -1, 1 }, m.layer("d_input").batchInputShape());
		assertEquals(List.of("d_input"), m.layer("d").inboundLayers());
		assertEquals(2, m.layer("d").units());

		Files.writeString(dir.resolve("model.json"), tinyModel("float16", 2, "w.bin"));
		// 0x3c00 = 1.0, 0xc000 = -2.0
		Files.write(dir.resolve("w.bin"), new byte[] { 0x00, 0x3c, 0x00, (byte) 0xc0 });
		m = TfjsModel.read(dir);
		assertArrayEquals(new float[] { 1f, -2f }, m.weight("d/kernel").values());
		assertEquals(0x1p-24f, TfjsWeights.halfToFloat((short) 1));
		assertEquals(65504f, TfjsWeights.halfToFloat((short) 0x7bff));
		assertEquals(Float.POSITIVE_INFINITY, TfjsWeights.halfToFloat((short) 0x7c00));
	}

	private static String tinyModel(final String quantization, final int units, final String shard) {
		final JsonObject q = new JsonObject();
		q.addProperty("dtype", quantization);
		q.addProperty("min", -1.0);
		q.addProperty("scale", 0.5);
		final JsonObject spec = new JsonObject();
		spec.addProperty("name", "d/kernel");
		spec.add("shape", JsonParser.parseString("[1, " + units + "]"));
		spec.addProperty("dtype", "float32");
		spec.add("quantization", q);
		final JsonElement layers = JsonParser.parseString("[{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\"," +
			" \"batch_input_shape\": [null, 1], \"units\": " + units + ", \"activation\": \"linear\", \"use_bias\": false}}]");
		final JsonObject topology = new JsonObject();
		topology.addProperty("class_name", "Sequential");
		topology.add("config", layers);
		return "{\"modelTopology\": " + topology + ", \"weightsManifest\": [{\"paths\": [\"" + shard +
			"\"], \"weights\": [" + spec + "]}]}";
	}
}
