package org.convnetij.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.convnetij.util.UserInputException;

/**
 * A job's output folder, never half-written: the job writes into a staging folder beside it ({@code
 * <output>.convnet-<id>.tmp}) (Spark's own
 * commit protocol inside), and only a job that succeeded moves it to the final name; a failed job's staging folder
 * is deleted. An existing output is refused unless overwrite is given; with overwrite the old folder is replaced only
 * once the new one is complete.
 */
final class OutputFolder {

	private final FileSystem fs;
	private final Path target;
	private final Path staging;

	OutputFolder(final String output, final boolean overwrite, final Configuration conf) throws IOException {
		final Path given = new Path(output);
		this.fs = given.getFileSystem(conf);
		this.target = fs.makeQualified(given);
		if (fs.exists(target) && !overwrite) {
			throw new UserInputException("output " + output + " exists: give overwrite to replace it, or another " +
				"output folder");
		}
		if (fs.exists(target) && !fs.getFileStatus(target).isDirectory()) {
			throw new UserInputException("output " + output + " is a file: give a folder name");
		}
		final Path parent = target.getParent();
		if (parent != null && !fs.exists(parent)) fs.mkdirs(parent);
		// not hidden: Spark's readers skip names starting with "." or "_", and the summary reads the rows back
		this.staging = new Path(parent, target.getName() + ".convnet-" + UUID.randomUUID() + ".tmp");
	}

	/** Where the job writes. */
	String staging() {
		return staging.toString();
	}

	String target() {
		return ImageSource.display(target.toString());
	}

	/** A small text file in the staging folder (the summary). */
	void writeText(final String name, final String text) throws IOException {
		fs.setWriteChecksum(false);
		try (FSDataOutputStream out = fs.create(new Path(staging, name), true)) {
			out.write(text.getBytes(StandardCharsets.UTF_8));
		}
	}

	/** Moves the finished staging folder to the output (replacing an old one last). */
	void commit() throws IOException {
		Path old = null;
		if (fs.exists(target)) {
			old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
			if (!fs.rename(target, old)) throw new IOException("cannot move the old output " + target + " aside");
		}
		if (!fs.rename(staging, target)) {
			if (old != null) fs.rename(old, target);
			throw new IOException("cannot move " + staging + " to " + target);
		}
		if (old != null) fs.delete(old, true);
	}

	/** Deletes what a failed job wrote (the final folder was never touched). */
	void discard() {
		try {
			fs.delete(staging, true);
		}
		catch (final IOException e) {
			// the staging folder is hidden and named as such; nothing else to do
		}
	}
}
