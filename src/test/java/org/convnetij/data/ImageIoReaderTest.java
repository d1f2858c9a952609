package org.convnetij.data;

import org.convnetij.testutil.TestFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ij.IJ;
import ij.ImagePlus;
import ij.io.Opener;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;

/**
 * {@link ImageIoReader} decodes files to the same values as ImageJ 1's opener. ImageJ 1 only makes the files and
 * gives the expected values here; the reader itself uses no ImageJ 1.
 */
class ImageIoReaderTest {

	@TempDir
	Path tmp;

	@Test
	void eightBitGrayPng() throws Exception {
		final RawImage raw = assertSameAsImageJ(TestData.MICROSCOPY.resolve("cell.png"), 0);
		assertEquals(1, raw.channels());
		assertEquals(8, raw.bitDepth());
	}

	@Test
	void rgbPngOfTheSampleImages() throws Exception {
		final RawImage raw = assertSameAsImageJ(TestData.MICROSCOPY.resolve("ihc.png"), 0);
		assertEquals(3, raw.channels());
		assertEquals(8, raw.bitDepth());
	}

	@Test
	void sixteenBitPngAndTiffAreUnsigned() throws Exception {
		final ShortProcessor sp = sixteenBitRamp();
		TestData.savePng(sp, tmp.resolve("a.png"));
		TestData.saveTiff(sp, tmp.resolve("a.tif"));
		for (final String name : new String[] { "a.png", "a.tif" }) {
			final RawImage raw = assertSameAsImageJ(tmp.resolve(name), 0);
			assertEquals(16, raw.bitDepth(), name);
			assertEquals(1, raw.channels(), name);
			assertEquals(65535f, raw.pixels()[5 * 40 + 7], name); // above 32767: not read as signed
		}
	}

	@Test
	void thirtyTwoBitFloatTiffAsImageJWritesIt() throws Exception {
		final ImageProcessor f = TestData.crop(TestData.open("cell.png"), 10, 20, 30, 20).convertToFloat();
		f.subtract(100);
		f.multiply(0.37);
		f.setf(3, 4, Float.NaN);
		final ImagePlus imp = new ImagePlus("f", f);
		IJ.saveAsTiff(imp, tmp.resolve("f.tif").toString());
		final RawImage raw = assertSameAsImageJ(tmp.resolve("f.tif"), 0);
		assertEquals(32, raw.bitDepth());
		assertEquals(f.getf(0, 0), raw.pixels()[0]);
		assertTrue(f.getf(0, 0) < 0 && f.getf(0, 0) != Math.round(f.getf(0, 0)), "negative, fractional values");
		assertTrue(Float.isNaN(raw.pixels()[4 * 30 + 3]));
	}

	@Test
	void rgbTiffAndThreeChannelStack() throws Exception {
		final ImageProcessor rgb = TestData.crop(TestData.open("ihc.png"), 100, 50, 24, 16);
		TestData.saveTiff(rgb, tmp.resolve("rgb.tif"));
		assertSameAsImageJ(tmp.resolve("rgb.tif"), 0);

		// the same colours as an ImageJ 1 stack of 3 gray channels
		final int n = rgb.getPixelCount();
		final byte[] r = new byte[n], g = new byte[n], b = new byte[n];
		((ColorProcessor) rgb).getRGB(r, g, b);
		final ij.ImageStack stack = new ij.ImageStack(rgb.getWidth(), rgb.getHeight());
		for (final byte[] plane : new byte[][] { r, g, b }) stack.addSlice(new ij.process.ByteProcessor(rgb
			.getWidth(), rgb.getHeight(), plane));
		final ImagePlus channels = new ImagePlus("c", stack);
		channels.setDimensions(3, 1, 1);
		IJ.saveAsTiff(channels, tmp.resolve("channels.tif").toString());
		final RawImage fromRgb = ImageIoReader.INSTANCE.read(tmp.resolve("rgb.tif"));
		final RawImage fromChannels = ImageIoReader.INSTANCE.read(tmp.resolve("channels.tif"));
		assertEquals(3, fromChannels.channels());
		assertArrayEquals(fromRgb.pixels(), fromChannels.pixels());
	}

	@Test
	void tiffWithAnImageJLutKeepsItsStoredValues() throws Exception {
		final ImageProcessor eight = TestData.bytes(3, 1, 10, 200, 255);
		eight.invertLut(); // saved as a gray colour map (white is 0)
		TestData.saveTiff(eight, tmp.resolve("inverted.tif"));
		final ShortProcessor sixteen = new ShortProcessor(3, 1, new short[] { 10, (short) 40000, 0 }, null);
		sixteen.setLut(LUT.createLutFromColor(java.awt.Color.GREEN)); // a 256-entry colour map on 16-bit data
		TestData.saveTiff(sixteen, tmp.resolve("lut16.tif"));
		final RawImage a = ImageIoReader.INSTANCE.read(tmp.resolve("inverted.tif"));
		final RawImage b = ImageIoReader.INSTANCE.read(tmp.resolve("lut16.tif"));
		assertArrayEquals(new float[] { 10, 200, 255 }, a.pixels());
		assertEquals(8, a.bitDepth());
		assertArrayEquals(new float[] { 10, 40000, 0 }, b.pixels());
		assertEquals(16, b.bitDepth());
		// ImageJ 1 gives the stored values too (and shows them through the LUT)
		final ImageProcessor ij8 = new Opener().openImage(tmp.resolve("inverted.tif").toString()).getProcessor();
		final ImageProcessor ij16 = new Opener().openImage(tmp.resolve("lut16.tif").toString()).getProcessor();
		assertArrayEquals(a.pixels(), (float[]) ij8.convertToFloat().getPixels());
		assertArrayEquals(b.pixels(), (float[]) ij16.convertToFloat().getPixels());
	}

	@ParameterizedTest
	@ValueSource(strings = { "LZW", "Deflate", "PackBits" })
	void compressedTiff(final String compression) throws Exception {
		final Path file = tmp.resolve("c.tif");
		final BufferedImage gray16 = new BufferedImage(40, 30, BufferedImage.TYPE_USHORT_GRAY);
		gray16.getRaster().setDataElements(0, 0, 40, 30, sixteenBitRamp().getPixels());
		writeTiff(gray16, compression, file);
		assertEquals(16, assertSameAsImageJ(file, 0).bitDepth());
		final BufferedImage rgb = ((ColorProcessor) TestData.crop(TestData.open("ihc.png"), 0, 0, 32, 32))
			.getBufferedImage();
		writeTiff(rgb, compression, file);
		assertEquals(3, assertSameAsImageJ(file, 0).channels());
	}

	@Test
	void indexedColourPngAndGifBecomeRgb() throws Exception {
		final ImageProcessor ip = TestData.crop(TestData.open("cell.png"), 0, 0, 40, 30);
		ip.setLut(LUT.createLutFromColor(java.awt.Color.ORANGE));
		final BufferedImage indexed = ip.getBufferedImage();
		assertTrue(indexed.getColorModel() instanceof IndexColorModel);
		for (final String format : new String[] { "png", "gif" }) {
			final Path file = tmp.resolve("indexed." + format);
			assertTrue(ImageIO.write(indexed, format, file.toFile()), format);
			final RawImage raw = assertSameAsImageJ(file, 0);
			assertEquals(3, raw.channels(), format);
			assertEquals(8, raw.bitDepth(), format);
		}
	}

	@Test
	void grayPaletteReadsAsGrayValues() throws Exception {
		// 4 gray levels in a 2-bit palette: the values are the palette's, not the indices
		final byte[] levels = { 0, 60, (byte) 200, (byte) 255 };
		final BufferedImage img = new BufferedImage(8, 2, BufferedImage.TYPE_BYTE_BINARY, new IndexColorModel(2, 4,
			levels, levels, levels));
		for (int x = 0; x < 8; x++) img.getRaster().setSample(x, 1, 0, x % 4);
		ImageIO.write(img, "png", tmp.resolve("p.png").toFile());
		final RawImage raw = ImageIoReader.INSTANCE.read(tmp.resolve("p.png"));
		assertEquals(1, raw.channels());
		assertArrayEquals(new float[] { 0, 60, 200, 255, 0, 60, 200, 255 }, Arrays.copyOfRange(raw.pixels(), 8, 16));
	}

	@Test
	void oneBitPngIsZeroAnd255AsInImageJ() throws Exception {
		final BufferedImage bits = new BufferedImage(16, 3, BufferedImage.TYPE_BYTE_BINARY);
		for (int x = 0; x < 16; x += 3) bits.getRaster().setSample(x, 1, 0, 1);
		ImageIO.write(bits, "png", tmp.resolve("b.png").toFile());
		final RawImage raw = assertSameAsImageJ(tmp.resolve("b.png"), 0);
		assertEquals(1, raw.channels());
		assertEquals(255f, raw.pixels()[16 + 3]);
		assertEquals(0f, raw.pixels()[16 + 4]);
	}

	@Test
	void rgbaPngDropsAlpha() throws Exception {
		final ColorProcessor rgb = (ColorProcessor) TestData.crop(TestData.open("ihc.png"), 200, 200, 20, 10);
		final BufferedImage argb = new BufferedImage(20, 10, BufferedImage.TYPE_INT_ARGB);
		for (int y = 0; y < 10; y++) for (int x = 0; x < 20; x++) {
			argb.setRGB(x, y, ((255 - x * 13) << 24) | (rgb.get(x, y) & 0xffffff)); // opaque column 0 to alpha 8
		}
		ImageIO.write(argb, "png", tmp.resolve("a.png").toFile());
		final RawImage raw = ImageIoReader.INSTANCE.read(tmp.resolve("a.png"));
		assertEquals(3, raw.channels());
		assertEquals(8, raw.bitDepth());
		// every pixel keeps its colour, however transparent
		for (int i = 0; i < 200; i++) {
			final int c = rgb.get(i);
			assertArrayEquals(new float[] { (c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff }, Arrays.copyOfRange(raw
				.pixels(), 3 * i, 3 * i + 3), "pixel " + i);
		}
		// ImageJ 1 agrees where the image is opaque (elsewhere it blends with white)
		final ImageProcessor ij = new Opener().openImage(tmp.resolve("a.png").toString()).getProcessor();
		for (int y = 0; y < 10; y++) assertEquals(rgb.get(0, y) & 0xffffff, ij.get(0, y) & 0xffffff);
	}

	@Test
	void grayAlphaSixteenBitRgbAndFourBitGrayPng() throws Exception {
		final BufferedImage grayAlpha = ImageTypeSpecifier.createGrayscale(8, DataBuffer.TYPE_BYTE, false, false)
			.createBufferedImage(3, 1);
		grayAlpha.getRaster().setPixels(0, 0, 3, 1, new int[] { 7, 0, 130, 128, 255, 255 });
		final BufferedImage rgb16 = ImageTypeSpecifier.createInterleaved(ColorSpace.getInstance(ColorSpace.CS_sRGB),
			new int[] { 0, 1, 2 }, DataBuffer.TYPE_USHORT, false, false).createBufferedImage(2, 1);
		rgb16.getRaster().setPixels(0, 0, 2, 1, new int[] { 1, 40000, 65535, 300, 2, 0 });
		final BufferedImage gray4 = ImageTypeSpecifier.createGrayscale(4, DataBuffer.TYPE_BYTE, false)
			.createBufferedImage(3, 1);
		gray4.getRaster().setPixels(0, 0, 3, 1, new int[] { 0, 1, 15 });
		final float[][] expected = { { 7, 130, 255 }, { 1, 40000, 65535, 300, 2, 0 }, { 0, 17, 255 } };
		final int[] channels = { 1, 3, 1 }, depths = { 8, 16, 8 };
		final BufferedImage[] images = { grayAlpha, rgb16, gray4 };
		for (int i = 0; i < 3; i++) {
			final Path file = tmp.resolve(i + ".png");
			assertTrue(ImageIO.write(images[i], "png", file.toFile()));
			final RawImage raw = ImageIoReader.INSTANCE.read(file);
			assertEquals(channels[i], raw.channels(), file.toString());
			assertEquals(depths[i], raw.bitDepth(), file.toString());
			assertArrayEquals(expected[i], raw.pixels(), file.toString());
		}
	}

	@Test
	void jpegWithinTwoGrayLevelsOfImageJ() throws Exception {
		// ImageJ 1 decodes JPEG with AWT's toolkit, the reader with javax.imageio: rounding may differ by a level
		final RawImage raw = assertSameAsImageJ(TestData.MICROSCOPY.resolve("retina.jpg"), 2);
		assertEquals(3, raw.channels());
		assertEquals(8, raw.bitDepth());
	}

	@Test
	void grayJpegReadsAsGray() throws Exception {
		TestData.saveJpeg(TestData.crop(TestData.open("cell.png"), 0, 0, 32, 32), tmp.resolve("g.jpg"));
		assertEquals(1, assertSameAsImageJ(tmp.resolve("g.jpg"), 2).channels());
	}

	@Test
	void refusalsSayWhy() throws Exception {
		Files.writeString(tmp.resolve("text.png"), "not an image at all");
		assertMessage(tmp.resolve("text.png"), "cannot be decoded as TIFF, PNG or JPEG (unrecognised content)");
		final byte[] jpeg = Files.readAllBytes(TestData.MICROSCOPY.resolve("retina.jpg"));
		Files.write(tmp.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
		assertMessage(tmp.resolve("cut.jpg"), "cannot be decoded");
		TestData.saveTiff(sixteenBitRamp(), tmp.resolve("whole.tif"));
		final byte[] tiff = Files.readAllBytes(tmp.resolve("whole.tif"));
		Files.write(tmp.resolve("cut.tif"), Arrays.copyOf(tiff, tiff.length / 2));
		assertMessage(tmp.resolve("cut.tif"), "cannot be decoded");
		assertMessage(tmp, "not a file");
	}

	private static void assertMessage(final Path file, final String start) {
		final IOException e = assertThrows(IOException.class, () -> ImageIoReader.INSTANCE.read(file));
		assertTrue(e.getMessage().startsWith(start), e.getMessage());
	}

	/** The gray level that each index of a gray LUT shows (e.g. 255 for index 1 of a 1-bit image). */
	private static int[] grayLevels(final LUT lut) {
		final int[] table = new int[256];
		for (int k = 0; k < 256; k++) table[k] = k < lut.getMapSize() ? lut.getRed(k) : 0;
		return table;
	}

	/** 40 x 30, values over the whole unsigned range. */
	private static ShortProcessor sixteenBitRamp() {
		final ShortProcessor sp = new ShortProcessor(40, 30);
		for (int y = 0; y < 30; y++) for (int x = 0; x < 40; x++) sp.set(x, y, (x * 1601 + y * 37) % 65536);
		sp.set(7, 5, 65535);
		return sp;
	}

	private static void writeTiff(final BufferedImage image, final String compression, final Path file)
		throws IOException
	{
		Files.deleteIfExists(file);
		final ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
		try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
			writer.setOutput(out);
			final ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionType(compression);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		finally {
			writer.dispose();
		}
	}

	/**
	 * Reads the file with the reader and with ImageJ 1, asserts the same size, channels and bit depth and values
	 * within {@code tolerance}; returns the reader's image.
	 */
	private static RawImage assertSameAsImageJ(final Path file, final float tolerance) throws IOException {
		final RawImage raw = ImageIoReader.INSTANCE.read(file);
		final ImagePlus imp = new Opener().openImage(file.toString());
		assertTrue(imp != null && imp.getStackSize() == 1, "ImageJ 1 opens " + file);
		ImageProcessor ip = imp.getProcessor();
		if (ip.getBitDepth() == 8 && ip.isColorLut()) ip = ip.convertToRGB();
		else if (ip.getBitDepth() == 8 && !ip.isDefaultLut()) ip.applyTable(grayLevels(ip.getLut())); // as shown
		final boolean rgb = ip instanceof ColorProcessor;
		assertEquals(ip.getWidth(), raw.width(), file + ": width");
		assertEquals(ip.getHeight(), raw.height(), file + ": height");
		assertEquals(rgb ? 3 : 1, raw.channels(), file + ": channels");
		assertEquals(rgb ? 8 : ip.getBitDepth(), raw.bitDepth(), file + ": bit depth");
		final float[] expected = new float[raw.pixels().length];
		for (int i = 0; i < ip.getPixelCount(); i++) {
			if (rgb) {
				final int c = ip.get(i);
				expected[3 * i] = (c >> 16) & 0xff;
				expected[3 * i + 1] = (c >> 8) & 0xff;
				expected[3 * i + 2] = c & 0xff;
			}
			else expected[i] = ip.getf(i);
		}
		float worst = 0;
		for (int i = 0; i < expected.length; i++) {
			final float d = Math.abs(expected[i] - raw.pixels()[i]);
			if (!(Float.isNaN(expected[i]) && Float.isNaN(raw.pixels()[i]))) worst = Math.max(worst, d);
		}
		if (tolerance == 0) assertArrayEquals(expected, raw.pixels(), file.toString());
		else assertTrue(worst <= tolerance, file + ": largest difference " + worst);
		return raw;
	}
}
