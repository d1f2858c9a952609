package org.convnetij.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads TIFF, PNG, JPEG, GIF and BMP files with the JDK's own {@code javax.imageio} readers (Java 17 ships all five;
 * TIFF includes LZW, deflate, PackBits and JPEG compression). Only pixel arrays leave this class.
 * <p>
 * The values are the stored ones: 8-bit gray, 16-bit gray (unsigned; signed 16-bit TIFF is shifted by 32768 as
 * ImageJ 1 does), 32-bit float, integer 32-bit or 64-bit float gray (as 32-bit float), RGB with 8 or 16 bits per
 * channel. Alpha is dropped. Indexed colour goes through its palette: RGB, or gray when every palette entry is gray.
 * In PNG and GIF a gray palette gives its gray levels (a 1-bit PNG reads as 0 and 255, where ImageJ 1 gives 0 and
 * 1 with a LUT); in TIFF a gray colour map is how ImageJ 1 saves a LUT (e.g. an inverting one), so the stored
 * indices are kept, as ImageJ 1 reads them. An RGB JPEG or GIF whose pixels are all gray reads as 8-bit gray (as
 * ImageJ 1 opens it). Other colour spaces (CMYK TIFF) are converted to 8-bit RGB by the JDK.
 * <p>
 * Refused with an IOException that says why: content that is none of these formats (recognised from the first
 * bytes, before decoding, so no decoder prints anything), files that fail to decode (also truncated ones), and
 * TIFF files of more than one plane, except an ImageJ 1 stack of exactly 3 channels (read as RGB).
 */
public final class ImageIoReader implements ImageReader {

	public static final ImageIoReader INSTANCE = new ImageIoReader();

	private static final Set<String> FORMATS = Set.of("tif", "png", "jpeg", "gif", "bmp");

	private ImageIoReader() {}

	@Override
	public RawImage read(final Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new IOException("not a file");
		if (!Files.isReadable(file)) throw new IOException("not readable (permissions)");
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			if (in == null) throw new IOException("cannot be opened");
			final javax.imageio.ImageReader reader = readerFor(in);
			try {
				reader.setInput(in, false, false); // metadata: the ImageJ description of TIFF stacks
				return decode(reader, in, format(reader));
			}
			catch (final IOException | RuntimeException e) {
				if (e instanceof StackException) throw e;
				throw new IOException("cannot be decoded (" + e.getClass().getSimpleName() + ": " + e.getMessage() +
					")", e);
			}
			finally {
				reader.dispose();
			}
		}
	}

	/**
	 * A TIFF stack slice by slice: every plane of a gray stack, or every group of 3 planes of an ImageJ 1 stack of 3
	 * channels (as RGB); other files as {@link #read}. Stacks of other channel counts are refused.
	 */
	@Override
	public List<RawImage> readPlanes(final Path file) throws IOException {
		if (!Files.isRegularFile(file) || !Files.isReadable(file)) return List.of(read(file));
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			if (in == null) return List.of(read(file));
			final javax.imageio.ImageReader reader = readerFor(in);
			// a truncated or damaged plane shows as a decoder warning: refused as read() refuses it
			final List<String> warnings = new ArrayList<>();
			reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
			try {
				reader.setInput(in, false, false);
				final int planes = format(reader).equals("tif") ? reader.getNumImages(true) : 1;
				if (planes < 2) return List.of(read(file));
				final StackShape d = StackShape.of(reader, planes);
				if ((d.channels() != 1 && d.channels() != 3) || planes % d.channels() != 0) {
					throw new StackException("holds " + planes + " planes of " + d.channels() + " channels; expected gray " +
						"slices or RGB (3-channel) slices: split the channels first");
				}
				final List<RawImage> out = new ArrayList<>();
				for (int p = 0; p < planes; p += d.channels()) {
					final RawImage[] c = new RawImage[d.channels()];
					for (int k = 0; k < c.length; k++) {
						c[k] = pixels(reader.read(p + k), true);
						if (c[k].channels() != 1 || c[k].width() != c[0].width() || c[k].height() != c[0].height()) {
							throw new StackException("holds planes that are not gray planes of one size");
						}
					}
					if (c.length == 1) {
						out.add(c[0]);
						continue;
					}
					final int n = c[0].width() * c[0].height();
					final float[] rgb = new float[3 * n];
					for (int k = 0; k < 3; k++) for (int i = 0; i < n; i++) rgb[3 * i + k] = c[k].pixels()[i];
					out.add(new RawImage(c[0].width(), c[0].height(), 3, c[0].bitDepth(), rgb));
				}
				failOnWarnings(warnings);
				return out;
			}
			catch (final IOException | RuntimeException e) {
				if (e instanceof StackException) throw e;
				throw new IOException("cannot be decoded (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
			}
			finally {
				reader.dispose();
			}
		}
	}

	/** The first JDK reader that recognises the content from its first bytes; none of them decodes anything yet. */
	private static javax.imageio.ImageReader readerFor(final ImageInputStream in) throws IOException {
		final Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReaders(in);
		if (!readers.hasNext()) {
			throw new IOException("cannot be decoded as TIFF, PNG or JPEG (unrecognised content)");
		}
		final javax.imageio.ImageReader reader = readers.next();
		if (!FORMATS.contains(format(reader))) {
			throw new IOException("cannot be decoded as TIFF, PNG or JPEG (" + format(reader) + " content)");
		}
		return reader;
	}

	private static String format(final javax.imageio.ImageReader reader) throws IOException {
		return reader.getFormatName().toLowerCase(Locale.ROOT);
	}

	private static RawImage decode(final javax.imageio.ImageReader reader, final ImageInputStream in,
		final String format) throws IOException
	{
		final List<String> warnings = new ArrayList<>();
		reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
		final int planes = format.equals("tif") ? reader.getNumImages(true) : 1;
		if (planes > 1) return stack(reader, planes, warnings);
		if (format.equals("tif")) return tiff(reader, in, warnings);
		final RawImage image = pixels(reader.read(0));
		// JPEG decoders fill a truncated file with gray and only warn: treat that as a broken file.
		failOnWarnings(warnings);
		return (format.equals("jpeg") || format.equals("gif")) && image.channels() == 3 ? grayIfAllGray(image) :
			image;
	}

	private static RawImage tiff(final javax.imageio.ImageReader reader, final ImageInputStream in,
		final List<String> warnings) throws IOException
	{
		final TiffTags tags = TiffTags.of(reader);
		final BufferedImage decoded;
		try {
			decoded = reader.read(0);
		}
		catch (final IOException | RuntimeException e) {
			final RawImage plain = tags.uncompressedSixteenBit(in);
			if (plain == null) throw e;
			return plain;
		}
		failOnWarnings(warnings);
		// A gray colour map in a TIFF is ImageJ 1's LUT (e.g. inverting): only how the stored values are shown
		return pixels(decoded, true);
	}

	private static void failOnWarnings(final List<String> warnings) throws IOException {
		if (!warnings.isEmpty()) throw new IOException("cannot be decoded (" + String.join("; ", warnings) + ")");
	}

	/** A multi-plane TIFF: read as RGB only if ImageJ 1 wrote it as exactly 3 channels of one slice and frame. */
	private static RawImage stack(final javax.imageio.ImageReader reader, final int planes,
		final List<String> warnings) throws IOException
	{
		final StackShape d = StackShape.of(reader, planes);
		if (planes != 3 || d.channels() != 3) {
			throw new StackException("holds " + planes + " planes (" + d.channels() + " channels, " + d.slices() +
				" slices, " + d.frames() + " frames); expected one 2D gray or RGB image");
		}
		final RawImage[] channels = new RawImage[3];
		for (int c = 0; c < 3; c++) {
			channels[c] = pixels(reader.read(c), true);
			if (channels[c].channels() != 1 || channels[c].width() != channels[0].width() || channels[c]
				.height() != channels[0].height())
			{
				throw new StackException("holds 3 channels that are not gray planes of one size");
			}
		}
		failOnWarnings(warnings);
		final int n = channels[0].width() * channels[0].height();
		final float[] rgb = new float[3 * n];
		for (int c = 0; c < 3; c++) for (int i = 0; i < n; i++) rgb[3 * i + c] = channels[c].pixels()[i];
		return new RawImage(channels[0].width(), channels[0].height(), 3, channels[0].bitDepth(), rgb);
	}

	static RawImage pixels(final BufferedImage image) {
		return pixels(image, false);
	}

	/**
	 * The stored values of a decoded image, HWC. Indexed colour goes through its palette, except that with
	 * {@code grayIndices} a palette of only gray entries gives the indices themselves.
	 */
	static RawImage pixels(final BufferedImage image, final boolean grayIndices) {
		final ColorModel model = image.getColorModel();
		if (model instanceof IndexColorModel palette) return throughPalette(image.getRaster(), palette, grayIndices);
		final int colours = model.getNumColorComponents();
		final int space = model.getColorSpace().getType();
		final int depth = storedDepth(model, image.getRaster().getTransferType());
		if (depth == 0 || !(space == ColorSpace.TYPE_GRAY && colours == 1 || space == ColorSpace.TYPE_RGB &&
			colours == 3))
		{
			return asRgb(image);
		}
		final Raster raster = image.getRaster();
		final int w = image.getWidth(), h = image.getHeight();
		final float offset = raster.getTransferType() == DataBuffer.TYPE_SHORT ? 32768 : 0;
		final float[] f = new float[w * h * colours];
		final float[] row = new float[w];
		// colour bands come first, alpha (if any) last, for component and packed models alike
		for (int c = 0; c < colours; c++) {
			for (int y = 0; y < h; y++) {
				raster.getSamples(0, y, w, 1, c, row);
				for (int x = 0; x < w; x++) f[(y * w + x) * colours + c] = row[x] + offset;
			}
		}
		return new RawImage(w, h, colours, depth, f);
	}

	/** 8, 16 or 32 when the samples can be taken as they are; 0 when they need the JDK's conversion to RGB. */
	private static int storedDepth(final ColorModel model, final int transferType) {
		switch (transferType) {
			case DataBuffer.TYPE_FLOAT:
			case DataBuffer.TYPE_DOUBLE:
				return 32;
			case DataBuffer.TYPE_INT:
				if (model instanceof ComponentColorModel) return 32; // 32-bit integer TIFF
				break;
			case DataBuffer.TYPE_SHORT:
				return 16;
			default:
				break;
		}
		int max = 0, min = Integer.MAX_VALUE;
		for (int c = 0; c < model.getNumColorComponents(); c++) {
			max = Math.max(max, model.getComponentSize(c));
			min = Math.min(min, model.getComponentSize(c));
		}
		if (min == 8 && max == 8) return 8;
		if (min > 8 && max <= 16) return 16; // 16-bit, also 10- or 12-bit stored in 16 bits
		return 0; // packed 5-6-5, 4-bit samples and the like
	}

	private static RawImage throughPalette(final Raster raster, final IndexColorModel palette,
		final boolean grayIndices)
	{
		final int w = raster.getWidth(), h = raster.getHeight(), n = w * h;
		boolean gray = true;
		for (int k = 0; k < palette.getMapSize() && gray; k++) {
			gray = palette.getRed(k) == palette.getGreen(k) && palette.getGreen(k) == palette.getBlue(k);
		}
		final int channels = gray ? 1 : 3;
		final float[] f = new float[n * channels];
		final int[] row = new int[w];
		for (int y = 0; y < h; y++) {
			raster.getSamples(0, y, w, 1, 0, row);
			for (int x = 0; x < w; x++) {
				final int k = row[x], i = (y * w + x) * channels;
				f[i] = gray && grayIndices ? k : palette.getRed(k);
				if (!gray) {
					f[i + 1] = palette.getGreen(k);
					f[i + 2] = palette.getBlue(k);
				}
			}
		}
		return new RawImage(w, h, channels, 8, f);
	}

	/** The JDK's conversion to 8-bit sRGB, for colour models whose samples are not plain gray or RGB values. */
	private static RawImage asRgb(final BufferedImage image) {
		final int w = image.getWidth(), h = image.getHeight();
		final int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
		final float[] f = new float[argb.length * 3];
		for (int i = 0; i < argb.length; i++) {
			f[3 * i] = (argb[i] >> 16) & 0xff;
			f[3 * i + 1] = (argb[i] >> 8) & 0xff;
			f[3 * i + 2] = argb[i] & 0xff;
		}
		return new RawImage(w, h, 3, 8, f);
	}

	/** ImageJ 1 opens a JPEG or GIF whose pixels all have R = G = B as 8-bit gray. */
	private static RawImage grayIfAllGray(final RawImage rgb) {
		final float[] p = rgb.pixels();
		if (rgb.bitDepth() != 8) return rgb;
		for (int i = 0; i < p.length; i += 3) if (p[i] != p[i + 1] || p[i] != p[i + 2]) return rgb;
		final float[] gray = new float[p.length / 3];
		for (int i = 0; i < gray.length; i++) gray[i] = p[3 * i];
		return new RawImage(rgb.width(), rgb.height(), 1, 8, gray);
	}

	/**
	 * What the planes of a TIFF are, from the text ImageJ 1 writes into the ImageDescription tag ({@code channels=3},
	 * {@code slices=}, {@code frames=}); without it, every plane counts as a slice.
	 */
	private record StackShape(int channels, int slices, int frames) {

		static StackShape of(final javax.imageio.ImageReader reader, final int planes) throws IOException {
			final String text = TiffTags.of(reader).description();
			if (!text.startsWith("ImageJ=")) return new StackShape(1, planes, 1);
			final int c = value(text, "channels"), z = value(text, "slices"), t = value(text, "frames");
			return new StackShape(c, c * z * t == planes ? z : planes / (c * t), t);
		}

		private static int value(final String text, final String key) {
			for (final String line : text.split("\n")) {
				if (line.startsWith(key + "=")) {
					try {
						return Math.max(1, Integer.parseInt(line.substring(key.length() + 1).trim()));
					}
					catch (final NumberFormatException e) {
						return 1;
					}
				}
			}
			return 1;
		}
	}

	/** A refusal of a readable file, passed on as it is rather than as a decoding failure. */
	private static final class StackException extends IOException {

		private static final long serialVersionUID = 1L;

		StackException(final String message) {
			super(message);
		}
	}
}
