package org.convnetij.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The TensorFlow.js reference outputs of the MobileNetV2 test model (test resources, made by
 * src/test/tfjs/make-reference.js): little-endian float32 files described by index.json.
 */
public final class MobileNetV2Reference {

	private static final String FOLDER = "/org/convnetij/transfer/mobilenetv2-reference/";

	private final JsonObject index;

	public MobileNetV2Reference() throws IOException {
		try (InputStream in = open("index.json")) {
			index = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
		}
	}

	/** The shape of a file, such as {3, 224, 224, 3} for inputs.f32. */
	public long[] shape(final String file) {
		final JsonArray a = index.getAsJsonObject("files").getAsJsonObject(file).getAsJsonArray("shape");
		final long[] shape = new long[a.size()];
		for (int i = 0; i < shape.length; i++) {
			shape[i] = a.get(i).getAsLong();
		}
		return shape;
	}

	public float[] floats(final String file) throws IOException {
		try (InputStream in = open(file)) {
			final byte[] bytes = in.readAllBytes();
			final float[] out = new float[bytes.length / 4];
			ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
			return out;
		}
	}

	/** Layer name to its channel means for image 0, in network order. */
	public Map<String, float[]> layerMeans() throws IOException {
		final float[] all = floats("layer_means_image0.f32");
		final Map<String, float[]> out = new LinkedHashMap<>();
		for (final JsonElement e : index.getAsJsonArray("layerMeans")) {
			final JsonObject o = e.getAsJsonObject();
			final int offset = o.get("offset").getAsInt();
			final float[] m = new float[o.get("channels").getAsInt()];
			System.arraycopy(all, offset, m, 0, m.length);
			out.put(o.get("layer").getAsString(), m);
		}
		return out;
	}

	private static InputStream open(final String name) throws IOException {
		final InputStream in = MobileNetV2Reference.class.getResourceAsStream(FOLDER + name);
		if (in == null) {
			throw new IOException("test resource " + FOLDER + name + " is missing");
		}
		return in;
	}
}
