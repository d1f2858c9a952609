package org.convnetij.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.convnetij.util.UserInputException;
import org.convnetij.util.IoReasons;
import org.convnetij.util.TempPaths;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

/** Reading and writing image files through ImageJ 1, with clear messages and no half-written files. */
public final class ImageFiles {

	private ImageFiles() {}

	/** Opens TIFF (8/16/32-bit, stacks), PNG, JPEG and whatever else ImageJ 1 reads. */
	public static ImagePlus open(final String path, final String key) {
		final File file = new File(path);
		if (!file.exists()) throw new UserInputException("cannot read " + key + " '" + path + "': no such file");
		if (file.isDirectory()) throw new UserInputException("cannot read " + key + " '" + path + "': it is a folder");
		if (!file.canRead()) throw new UserInputException("cannot read " + key + " '" + path + "': permission denied");
		if (file.length() == 0) throw new UserInputException("cannot read " + key + " '" + path + "': the file is empty");
		final StringBuilder said = new StringBuilder();
		final ImagePlus imp = quietly(() -> IJ.openImage(file.getAbsolutePath()), said);
		if (imp == null || imp.getWidth() == 0 || imp.getHeight() == 0) {
			final String why = decoderReason(said.toString());
			throw new UserInputException("cannot read " + key + " '" + path + "': " + (why == null ?
				"not an image ImageJ can open" : "damaged or cut short (" + why + ")") + "; give a TIFF, PNG or JPEG image");
		}
		return imp;
	}

	/**
	 * Runs {@code open} with ImageJ's messages (which it prints on stdout and stderr without a window, such as
	 * "Unsupported format or file not found") kept in {@code said} instead of the launcher's output.
	 */
	private static <T> T quietly(final java.util.function.Supplier<T> open, final StringBuilder said) {
		final java.io.PrintStream out = System.out, err = System.err;
		final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		try (java.io.PrintStream caught = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets
			.UTF_8))
		{
			System.setOut(caught);
			System.setErr(caught);
			return open.get();
		}
		finally {
			System.setOut(out);
			System.setErr(err);
			said.append(bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
		}
	}

	/** The decoder's own words ("I/O error reading PNG header!"), if ImageJ passed them on. */
	private static String decoderReason(final String said) {
		for (final String line : said.split("\n")) {
			final int colon = line.indexOf("Exception: ");
			if (colon >= 0) return line.substring(colon + "Exception: ".length()).trim();
		}
		return null;
	}

	/** Checks before any work that {@code path} can be written (format known, folder exists and is writable). */
	public static void checkWritable(final String path) {
		final File file = new File(path).getAbsoluteFile();
		if (file.isDirectory()) {
			throw new UserInputException("cannot write output '" + path + "': it is a folder; give a file name such as " +
				new File(path, "result.tif").getPath());
		}
		format(path);
		final File folder = file.getParentFile();
		if (folder == null || !folder.isDirectory()) {
			throw new UserInputException("cannot write output '" + path + "': folder " + folder + " does not exist");
		}
		if (!folder.canWrite() || file.exists() && !file.canWrite()) {
			throw new UserInputException("cannot write output '" + path + "': permission denied");
		}
		// a probe, before any work: root passes canWrite() on read-only places such as /sys
		try {
			Files.delete(TempPaths.newFile(folder.toPath(), "." + file.getName(), ".probe"));
		}
		catch (final IOException e) {
			throw new UserInputException("cannot write output '" + path + "': " + IoReasons.of(e) +
				"; choose a folder you can write to");
		}
	}

	/** The ImageJ format for a file name: tiff (also for stacks and 32-bit), png or jpeg. */
	static String format(final String path) {
		final String name = path.toLowerCase(Locale.ROOT);
		if (name.endsWith(".tif") || name.endsWith(".tiff")) return "tiff";
		if (name.endsWith(".png")) return "png";
		if (name.endsWith(".jpg") || name.endsWith(".jpeg")) return "jpeg";
		throw new UserInputException("output '" + path + "' must end in .tif, .png or .jpg");
	}

	/** Writes to a temporary file next to the target, then moves it into place. */
	public static void save(final ImagePlus imp, final String path) {
		checkWritable(path);
		final String format = format(path);
		final Path target = new File(path).getAbsoluteFile().toPath();
		Path temp = null;
		try {
			temp = TempPaths.newFile(target.getParent(), "." + target.getFileName(), ".part");
			final FileSaver saver = new FileSaver(imp);
			final boolean ok;
			if (format.equals("tiff")) ok = imp.getStackSize() > 1 ? saver.saveAsTiffStack(temp.toString()) : saver
				.saveAsTiff(temp.toString());
			else if (format.equals("png")) ok = saver.saveAsPng(temp.toString());
			else ok = saver.saveAsJpeg(temp.toString());
			if (!ok) throw new UserInputException("cannot write output '" + path + "'");
			TempPaths.moveIntoPlace(temp, target);
			temp = null;
		}
		catch (final IOException e) {
			throw new UserInputException("cannot write output '" + path + "': " + IoReasons.of(e));
		}
		finally {
			if (temp != null) temp.toFile().delete();
		}
	}
}
