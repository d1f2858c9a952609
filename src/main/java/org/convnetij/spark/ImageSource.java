package org.convnetij.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.convnetij.data.ImageReader;
import org.convnetij.data.RawImage;

/**
 * Reads and decodes images in the executors with the decoder of the single-machine commands: a local path (or a
 * {@code file:} URI) directly; a path on another Hadoop file system (HDFS, S3A) through a local temporary copy.
 * Writes result files (probability maps) the same way.
 */
final class ImageSource {

	private ImageSource() {}

	/** The path as the tables show it: a local file as a plain path, anything else as its URI. */
	static String display(final String path) {
		if (path.startsWith("file:")) return URI.create(path.replace(" ", "%20")).getPath();
		return path;
	}

	/** Every plane of the image (one row per slice, as Classify); {@code first}: the first only (Extract Features). */
	static List<RawImage> read(final String path, final boolean first) throws IOException {
		final Path local = localPath(path);
		if (local != null) return first ? List.of(ImageReader.standard().read(local)) : ImageReader.standard()
			.readPlanes(local);
		final org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path(path);
		final String name = remote.getName();
		final Path temp = Files.createTempFile("convnet-spark-", name.contains(".") ? name.substring(name.lastIndexOf(
			'.')) : ".img");
		try {
			try (InputStream in = remote.getFileSystem(new Configuration()).open(remote)) {
				Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
			}
			return first ? List.of(ImageReader.standard().read(temp)) : ImageReader.standard().readPlanes(temp);
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	/** A local file for a plain path or a {@code file:} URI; null for other file systems. */
	private static Path localPath(final String path) {
		if (path.startsWith("file:")) return Path.of(URI.create(path.replace(" ", "%20")));
		if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) return null;
		return Path.of(path);
	}

	/** Writes {@code bytes} to {@code target} (any Hadoop file system) whole: a temporary name, then a rename. */
	static void write(final String target, final byte[] bytes) throws IOException {
		final org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(target);
		final FileSystem fs = to.getFileSystem(new Configuration());
		fs.setWriteChecksum(false); // no .crc files beside the maps on a local file system
		final org.apache.hadoop.fs.Path temp = new org.apache.hadoop.fs.Path(to.getParent(), "." + to.getName() + "." +
			java.util.UUID.randomUUID() + ".tmp");
		try (FSDataOutputStream out = fs.create(temp, true)) {
			((OutputStream) out).write(bytes);
		}
		// a retried or speculative task writes the same bytes under the same name
		fs.delete(to, false);
		if (!fs.rename(temp, to)) {
			fs.delete(temp, false);
			if (!fs.exists(to)) throw new IOException("cannot write " + target);
		}
	}
}
