package org.convnetij.transfer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

import org.convnetij.util.TempPaths;

/**
 * Features already computed, kept in one file (usually {@value #FILE_NAME} in the model folder), keyed by the
 * image's absolute path, its modification time and size, and the layer: retraining a head on the same images reads
 * them instead of running the network again, and an image that changed on disk is computed anew. A model folder
 * that is replaced (overwrite) loses its cache with it, so features of old weights are never reused.
 * <p>
 * A cache file that cannot be read (another version, cut short) is ignored and rewritten.
 */
public final class FeatureCache {

	/** The cache's file name inside a model folder. */
	public static final String FILE_NAME = "features-cache.bin";

	private static final int MAGIC = 0x43464331; // "CFC1"

	private final Path file;
	private final Map<String, float[]> entries = new LinkedHashMap<>();
	private boolean changed;
	private int hits, misses;

	private FeatureCache(final Path file) {
		this.file = file;
	}

	/** The cache in {@code file}, with what the file holds (nothing when it does not exist or cannot be read). */
	public static FeatureCache open(final Path file) {
		final FeatureCache c = new FeatureCache(file);
		if (file != null && Files.isRegularFile(file)) {
			try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
				if (in.readInt() != MAGIC) return c;
				final int n = in.readInt();
				for (int i = 0; i < n; i++) {
					final String key = in.readUTF();
					final float[] v = new float[in.readInt()];
					for (int j = 0; j < v.length; j++) v[j] = in.readFloat();
					c.entries.put(key, v);
				}
			}
			catch (final EOFException e) {
				c.entries.clear();
			}
			catch (final IOException e) {
				c.entries.clear();
			}
		}
		return c;
	}

	/** A cache that keeps nothing on disk. */
	public static FeatureCache inMemory() {
		return new FeatureCache(null);
	}

	/** The key of an image for a layer: absolute path, modification time (ms), size in bytes, layer. */
	static String key(final Path image, final String layer) throws IOException {
		final BasicFileAttributes a = Files.readAttributes(image, BasicFileAttributes.class);
		return image.toAbsolutePath().normalize() + "|" + a.lastModifiedTime().toMillis() + "|" + a.size() + "|" + layer;
	}

	/** The features of that image and layer, or null when they are not cached (or the file changed). */
	public float[] get(final Path image, final String layer) throws IOException {
		final float[] v = entries.get(key(image, layer));
		if (v == null) misses++;
		else hits++;
		return v;
	}

	public void put(final Path image, final String layer, final float[] features) throws IOException {
		entries.put(key(image, layer), features.clone());
		changed = true;
	}

	/** Lookups answered from the cache since it was opened. */
	public int hits() {
		return hits;
	}

	/** Lookups that found nothing since it was opened. */
	public int misses() {
		return misses;
	}

	public int size() {
		return entries.size();
	}

	/** The file, or null for an in-memory cache. */
	public Path file() {
		return file;
	}

	/** Writes the cache when something was added: to a temporary file, then moved over the old one. */
	public void save() throws IOException {
		if (file == null || !changed) return;
		final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
		try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
			out.writeInt(MAGIC);
			out.writeInt(entries.size());
			for (final Map.Entry<String, float[]> e : entries.entrySet()) {
				out.writeUTF(e.getKey());
				out.writeInt(e.getValue().length);
				for (final float f : e.getValue()) out.writeFloat(f);
			}
		}
		TempPaths.moveIntoPlace(tmp, file);
		changed = false;
	}
}
