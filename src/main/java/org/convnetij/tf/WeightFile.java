package org.convnetij.tf;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.util.UserInputException;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * The weights of a model folder: {@value #DATA} holds every weight as float32 little-endian, one after the other;
 * {@value #INDEX} lists them in that order with their Keras name, shape (Keras layout) and offset (in floats):
 * <pre>
 * {"format": 1, "dtype": "float32", "byteOrder": "little-endian",
 *  "weights": [{"name": "block1_conv1/kernel", "shape": [3, 3, 1, 32], "offset": 0}, ...]}
 * </pre>
 */
final class WeightFile {

	static final String DATA = "weights.bin";
	static final String INDEX = "weights.json";

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

	private static final class Index {

		int format = 1;
		String dtype = "float32";
		String byteOrder = "little-endian";
		List<Entry> weights = new ArrayList<>();
	}

	private static final class Entry {

		String name;
		int[] shape;
		long offset;
	}

	private WeightFile() {}

	/** The optimizer's state (Adam moments, momentum, step powers) of the last training, in the same format. */
	static final String OPTIMIZER_DATA = "optimizer.bin";
	static final String OPTIMIZER_INDEX = "optimizer.json";

	/** Writes both files into {@code folder}. */
	static void write(final Path folder, final Map<String, float[]> values, final Map<String, int[]> shapes)
		throws IOException
	{
		write(folder, DATA, INDEX, values, shapes);
	}

	/** Reads the weights by Keras name, in file order; the message names the folder and what is wrong. */
	static Map<String, float[]> read(final Path folder) throws IOException {
		return read(folder, DATA, INDEX);
	}

	/** Writes {@code values} into the files {@code dataName} and {@code indexName} of {@code folder}. */
	static void write(final Path folder, final String dataName, final String indexName,
		final Map<String, float[]> values, final Map<String, int[]> shapes) throws IOException
	{
		final Index index = new Index();
		long offset = 0;
		try (FileChannel out = FileChannel.open(folder.resolve(dataName), StandardOpenOption.CREATE,
			StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
		{
			for (final Map.Entry<String, float[]> e : values.entrySet()) {
				final Entry entry = new Entry();
				entry.name = e.getKey();
				entry.shape = shapes.get(e.getKey());
				entry.offset = offset;
				index.weights.add(entry);
				final float[] v = e.getValue();
				final ByteBuffer bytes = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
				bytes.asFloatBuffer().put(v);
				while (bytes.hasRemaining()) out.write(bytes);
				offset += v.length;
			}
		}
		try (Writer w = Files.newBufferedWriter(folder.resolve(indexName), StandardCharsets.UTF_8)) {
			GSON.toJson(index, w);
		}
	}

	/** Reads the values of the files {@code dataName} and {@code indexName} of {@code folder}, by name. */
	static Map<String, float[]> read(final Path folder, final String dataName, final String indexName)
		throws IOException
	{
		final Index index;
		try (Reader r = Files.newBufferedReader(folder.resolve(indexName), StandardCharsets.UTF_8)) {
			index = GSON.fromJson(r, Index.class);
		}
		catch (final NoSuchFileException e) {
			throw new UserInputException("model folder " + folder + " has no " + indexName + " (weights index)", e);
		}
		catch (final JsonParseException e) {
			throw new UserInputException(folder.resolve(indexName) + " is not a valid weights index: " + e.getMessage(), e);
		}
		if (index == null || index.weights == null || !"float32".equals(index.dtype)) {
			throw new UserInputException(folder.resolve(indexName) + " is not a float32 weights index");
		}
		final Path data = folder.resolve(dataName);
		if (!Files.exists(data)) throw new UserInputException("model folder " + folder + " has no " + dataName);
		final Map<String, float[]> values = new LinkedHashMap<>();
		try (FileChannel in = FileChannel.open(data, StandardOpenOption.READ)) {
			final long floats = in.size() / 4;
			for (final Entry e : index.weights) {
				long count = 1;
				for (final int d : e.shape) count *= d;
				if (e.offset < 0 || e.offset + count > floats) {
					throw new UserInputException(data + " is too short for weight " + e.name + " (truncated file?)");
				}
				final ByteBuffer bytes = ByteBuffer.allocate((int) count * 4).order(ByteOrder.LITTLE_ENDIAN);
				in.position(e.offset * 4);
				while (bytes.hasRemaining() && in.read(bytes) > 0) {
					// reads until full
				}
				bytes.flip();
				final float[] v = new float[(int) count];
				bytes.asFloatBuffer().get(v);
				values.put(e.name, v);
			}
		}
		return values;
	}
}
