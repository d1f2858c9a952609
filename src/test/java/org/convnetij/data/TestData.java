package org.convnetij.data;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/** Real images of sample-images/ and Fashion-MNIST for the data tests, and small files written with ImageJ 1. */
final class TestData {

	static final Path MICROSCOPY = Path.of("sample-images");
	static final Path FASHION_MNIST = FashionMnist.locate(null);

	private TestData() {}

	static ImagePlus open(final String microscopyFile) {
		final ImagePlus imp = new Opener().openImage(MICROSCOPY.resolve(microscopyFile).toString());
		if (imp == null) throw new IllegalStateException("cannot open " + microscopyFile);
		return imp;
	}

	/** A size x size crop at (x, y) of an image. */
	static ImageProcessor crop(final ImagePlus imp, final int x, final int y, final int w, final int h) {
		final ImageProcessor ip = imp.getProcessor().duplicate();
		ip.setRoi(x, y, w, h);
		return ip.crop();
	}

	/** Writes {@code count} crops of a microscopy image, in a grid from the top left, as PNG files into dir. */
	static void writeCrops(final String microscopyFile, final Path dir, final int count, final int size)
		throws Exception
	{
		Files.createDirectories(dir);
		final ImagePlus imp = open(microscopyFile);
		final int perRow = imp.getWidth() / size;
		for (int i = 0; i < count; i++) {
			final ImageProcessor ip = crop(imp, (i % perRow) * size, (i / perRow) * size, size, size);
			savePng(ip, dir.resolve(String.format("%s_%03d.png", microscopyFile.replaceAll("\\..*", ""), i)));
		}
	}

	static void savePng(final ImageProcessor ip, final Path file) {
		if (!new FileSaver(new ImagePlus("x", ip)).saveAsPng(file.toString())) throw new IllegalStateException(
			"cannot write " + file);
	}

	static void saveTiff(final ImageProcessor ip, final Path file) {
		if (!new FileSaver(new ImagePlus("x", ip)).saveAsTiff(file.toString())) throw new IllegalStateException(
			"cannot write " + file);
	}

	static void saveJpeg(final ImageProcessor ip, final Path file) {
		if (!new FileSaver(new ImagePlus("x", ip)).saveAsJpeg(file.toString())) throw new IllegalStateException(
			"cannot write " + file);
	}

	/** A width x height 8-bit image with the given values, row by row. */
	static ByteProcessor bytes(final int width, final int height, final int... values) {
		final byte[] b = new byte[values.length];
		for (int i = 0; i < b.length; i++) b[i] = (byte) values[i];
		return new ByteProcessor(width, height, b);
	}
}
