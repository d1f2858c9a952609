package org.convnetij.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.util.UserInputException;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Reads the weights of a TensorFlow.js weights manifest: each group's shard files, concatenated in order, hold its
 * tensors back to back, little-endian. Quantised tensors are decoded as TensorFlow.js does: uint8 and uint16 by
 * {@code w = q * scale + min} (computed in double, rounded to float32), float16 as IEEE half precision.
 */
final class TfjsWeights {

	private TfjsWeights() {}

	static Map<String, WeightTensor> read(final JsonArray manifest, final Path folder) throws IOException {
		final Map<String, WeightTensor> weights = new LinkedHashMap<>();
		for (final JsonElement g : manifest) {
			final JsonObject group = g.getAsJsonObject();
			final ByteBuffer bytes = ByteBuffer.wrap(shardBytes(group.getAsJsonArray("paths"), folder))
				.order(ByteOrder.LITTLE_ENDIAN);
			for (final JsonElement w : group.getAsJsonArray("weights")) {
				final WeightTensor t = decode(w.getAsJsonObject(), bytes);
				if (weights.put(t.name(), t) != null) {
					throw new UserInputException("the weights manifest names '" + t.name() + "' twice");
				}
			}
			if (bytes.hasRemaining()) {
				throw new UserInputException("the weight files " + group.get("paths") + " hold " +
					bytes.remaining() + " bytes more than the manifest describes: the manifest does not fit them");
			}
		}
		return weights;
	}

	/** The group's shards, concatenated; a path that is missing is also tried with {@code .bin} appended. */
	private static byte[] shardBytes(final JsonArray paths, final Path folder) throws IOException {
		final List<byte[]> parts = new ArrayList<>();
		int total = 0;
		for (final JsonElement p : paths) {
			Path file = folder.resolve(p.getAsString());
			if (!Files.isRegularFile(file) && Files.isRegularFile(folder.resolve(p.getAsString() + ".bin"))) {
				file = folder.resolve(p.getAsString() + ".bin");
			}
			if (!Files.isRegularFile(file)) {
				throw new UserInputException("weight file '" + p.getAsString() + "' named in the manifest is not in " +
					folder + ": put the model.json and all its shard files in one folder");
			}
			final byte[] b = Files.readAllBytes(file);
			parts.add(b);
			total = Math.addExact(total, b.length);
		}
		final byte[] all = new byte[total];
		int at = 0;
		for (final byte[] b : parts) {
			System.arraycopy(b, 0, all, at, b.length);
			at += b.length;
		}
		return all;
	}

	private static WeightTensor decode(final JsonObject spec, final ByteBuffer bytes) {
		final String name = spec.get("name").getAsString();
		final String dtype = spec.has("dtype") ? spec.get("dtype").getAsString() : "float32";
		final int[] shape = shape(name, spec.getAsJsonArray("shape"));
		final int size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
		if (!dtype.equals("float32") && !dtype.equals("int32")) {
			throw new UserInputException("weight '" + name + "' has dtype '" + dtype +
				"': only float32 and int32 weights can be imported");
		}
		final float[] values = new float[size];
		final JsonObject q = spec.has("quantization") ? spec.getAsJsonObject("quantization") : null;
		final String storedAs = q == null ? dtype : q.get("dtype").getAsString();
		require(name, bytes, size * (long) bytesPerValue(name, storedAs));
		switch (storedAs) {
			case "float32" -> {
				for (int i = 0; i < size; i++) {
					values[i] = bytes.getFloat();
				}
			}
			case "int32" -> {
				for (int i = 0; i < size; i++) {
					values[i] = bytes.getInt();
				}
			}
			case "uint8", "uint16" -> {
				final double min = quantizationNumber(name, q, "min");
				final double scale = quantizationNumber(name, q, "scale");
				final boolean wide = storedAs.equals("uint16");
				for (int i = 0; i < size; i++) {
					final int v = wide ? Short.toUnsignedInt(bytes.getShort()) : Byte.toUnsignedInt(bytes.get());
					final double w = v * scale + min;
					values[i] = (float) (dtype.equals("int32") ? Math.round(w) : w);
				}
			}
			case "float16" -> {
				if (!dtype.equals("float32")) {
					throw new UserInputException("weight '" + name + "' is int32 stored as float16: not supported");
				}
				for (int i = 0; i < size; i++) {
					values[i] = halfToFloat(bytes.getShort());
				}
			}
			default -> throw new IllegalStateException(storedAs);
		}
		return new WeightTensor(name, shape, values, storedAs);
	}

	private static int bytesPerValue(final String name, final String storedAs) {
		return switch (storedAs) {
			case "float32", "int32" -> 4;
			case "uint16", "float16" -> 2;
			case "uint8" -> 1;
			default -> throw new UserInputException("weight '" + name + "' uses the quantisation dtype '" +
				storedAs + "', which cannot be read: supported are uint8, uint16 and float16");
		};
	}

	private static void require(final String name, final ByteBuffer bytes, final long needed) {
		if (bytes.remaining() < needed) {
			throw new UserInputException("the weight files end inside weight '" + name + "': it needs " + needed +
				" bytes, " + bytes.remaining() + " are left; the shard files do not belong to this model.json");
		}
	}

	private static double quantizationNumber(final String name, final JsonObject q, final String key) {
		if (!q.has(key) || q.get(key).isJsonNull()) {
			throw new UserInputException("weight '" + name + "' is quantised as " + q.get("dtype") +
				" but the manifest gives no '" + key + "'");
		}
		return q.get(key).getAsDouble();
	}

	private static int[] shape(final String name, final JsonArray dims) {
		final int[] shape = new int[dims.size()];
		for (int i = 0; i < shape.length; i++) {
			shape[i] = dims.get(i).getAsInt();
			if (shape[i] < 0) {
				throw new UserInputException("weight '" + name + "' has a negative size in its shape " + dims);
			}
		}
		return shape;
	}

	/** IEEE 754 half precision to float (Float.float16ToFloat needs Java 20). */
	static float halfToFloat(final short half) {
		final int h = half & 0xffff;
		final int sign = (h & 0x8000) << 16;
		final int exponent = (h >>> 10) & 0x1f;
		final int mantissa = h & 0x3ff;
		if (exponent == 0x1f) {
			return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
		}
		if (exponent == 0) {
			// zero or subnormal: mantissa * 2^-24
			final float v = mantissa * 0x1p-24f;
			return sign == 0 ? v : -v;
		}
		return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
	}
}
