package org.convnetij.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import org.convnetij.util.UserInputException;
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
		final ImagePlus imp = IJ.openImage(file.getAbsolutePath());
		if (imp == null) {
			throw new UserInputException("cannot read " + key + " '" + path +
				"': not an image ImageJ can open (use TIFF, PNG or JPEG)");
		}
		return imp;
	}

	/** Checks before any work that {@code path} can be written (format known, folder exists and is writable). */
	public static void checkWritable(final String path) {
		format(path);
		final File file = new File(path).getAbsoluteFile();
		final File folder = file.getParentFile();
		if (folder == null || !folder.isDirectory()) {
			throw new UserInputException("cannot write output '" + path + "': folder " + folder + " does not exist");
		}
		if (!folder.canWrite() || file.exists() && !file.canWrite()) {
			throw new UserInputException("cannot write output '" + path + "': permission denied");
		}
		if (file.isDirectory()) throw new UserInputException("cannot write output '" + path + "': it is a folder");
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
			try {
				Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
			}
			temp = null;
		}
		catch (final IOException e) {
			throw new UserInputException("cannot write output '" + path + "': " + e.getMessage());
		}
		finally {
			if (temp != null) temp.toFile().delete();
		}
	}
}
