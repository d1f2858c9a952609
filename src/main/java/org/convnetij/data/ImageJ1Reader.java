package org.convnetij.data;

import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.Opener;

/**
 * Reads TIFF, PNG and JPEG files with ImageJ 1's {@link Opener}. This is the only class of the core that touches
 * ImageJ 1: its openers already handle 8/16/32-bit TIFF (also compressed and multi-channel), 16-bit PNG and
 * indexed-colour files, which plain {@code javax.imageio} does not; ImageJ 1 is a dependency of the project anyway.
 * Only pixel arrays leave this class, never an {@code ImagePlus}.
 * <p>
 * Accepted: one 2D plane, gray (8, 16 or 32-bit), RGB, indexed colour (converted to RGB through its palette), or a
 * stack of exactly 3 channels (read as RGB). Anything else (Z stacks, time series, 2 or 4+ channels) is refused
 * with an IOException that says what the file holds.
 */
public final class ImageJ1Reader implements ImageReader {

	public static final ImageJ1Reader INSTANCE = new ImageJ1Reader();

	private ImageJ1Reader() {}

	@Override
	public RawImage read(final Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new IOException("not a file");
		if (!Files.isReadable(file)) throw new IOException("not readable (permissions)");
		final String path = file.toAbsolutePath().toString();
		// Recognise the content first: ImageJ prints its own message for content it does not know.
		final Opener opener = new Opener();
		opener.setSilentMode(true);
		final int format = opener.getFileType(path);
		if (format != Opener.TIFF && format != Opener.PNG && format != Opener.JPEG && format != Opener.TIFF_AND_DICOM)
		{
			throw new IOException("cannot be decoded as TIFF, PNG or JPEG (" + (format == Opener.UNKNOWN ?
				"unrecognised content" : (format < Opener.types.length ? Opener.types[format] : "other") + " content") + ")");
		}
		final ImagePlus imp;
		try {
			// ImageJ reports failures through IJ.error; redirect them to its log instead of a dialog.
			IJ.redirectErrorMessages();
			imp = opener.openImage(path);
		}
		catch (final RuntimeException e) {
			throw new IOException("cannot be decoded (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
				e);
		}
		if (imp == null) throw new IOException("cannot be decoded as TIFF, PNG or JPEG");
		try {
			return pixels(imp);
		}
		finally {
			imp.close();
		}
	}

	private static RawImage pixels(final ImagePlus imp) throws IOException {
		final int w = imp.getWidth(), h = imp.getHeight();
		final ImageStack stack = imp.getStack();
		final int planes = stack.getSize();
		if (planes == 3 && imp.getNChannels() == 3 && imp.getType() != ImagePlus.COLOR_RGB) {
			return channelsAsRgb(imp, stack, w, h);
		}
		if (planes != 1) {
			throw new IOException("holds " + planes + " planes (" + imp.getNChannels() + " channels, " +
				imp.getNSlices() + " slices, " + imp.getNFrames() + " frames); expected one 2D gray or RGB image");
		}
		final Object data = stack.getPixels(1);
		switch (imp.getType()) {
			case ImagePlus.GRAY8: {
				final byte[] b = (byte[]) data;
				final float[] f = new float[b.length];
				for (int i = 0; i < b.length; i++) f[i] = b[i] & 0xff;
				return new RawImage(w, h, 1, 8, f);
			}
			case ImagePlus.COLOR_256:
				return paletteToRgb((byte[]) data, imp.getProcessor().getColorModel(), w, h);
			case ImagePlus.GRAY16: {
				final short[] s = (short[]) data;
				final float[] f = new float[s.length];
				for (int i = 0; i < s.length; i++) f[i] = s[i] & 0xffff;
				return new RawImage(w, h, 1, 16, f);
			}
			case ImagePlus.GRAY32:
				return new RawImage(w, h, 1, 32, ((float[]) data).clone());
			case ImagePlus.COLOR_RGB: {
				final int[] rgb = (int[]) data;
				final float[] f = new float[rgb.length * 3];
				for (int i = 0; i < rgb.length; i++) {
					f[3 * i] = (rgb[i] >> 16) & 0xff;
					f[3 * i + 1] = (rgb[i] >> 8) & 0xff;
					f[3 * i + 2] = rgb[i] & 0xff;
				}
				return new RawImage(w, h, 3, 8, f);
			}
			default:
				throw new IOException("has an unsupported ImageJ image type " + imp.getType());
		}
	}

	private static RawImage paletteToRgb(final byte[] index, final ColorModel model, final int w, final int h)
		throws IOException
	{
		if (!(model instanceof IndexColorModel)) throw new IOException("indexed colour without a palette");
		final IndexColorModel palette = (IndexColorModel) model;
		final float[] f = new float[index.length * 3];
		for (int i = 0; i < index.length; i++) {
			final int k = index[i] & 0xff;
			f[3 * i] = palette.getRed(k);
			f[3 * i + 1] = palette.getGreen(k);
			f[3 * i + 2] = palette.getBlue(k);
		}
		return new RawImage(w, h, 3, 8, f);
	}

	private static RawImage channelsAsRgb(final ImagePlus imp, final ImageStack stack, final int w, final int h)
		throws IOException
	{
		final int n = w * h;
		final float[] f = new float[n * 3];
		for (int c = 0; c < 3; c++) {
			final Object data = stack.getPixels(c + 1);
			for (int i = 0; i < n; i++) {
				final float v;
				if (data instanceof byte[]) v = ((byte[]) data)[i] & 0xff;
				else if (data instanceof short[]) v = ((short[]) data)[i] & 0xffff;
				else if (data instanceof float[]) v = ((float[]) data)[i];
				else throw new IOException("has channels of an unsupported pixel type");
				f[3 * i + c] = v;
			}
		}
		return new RawImage(w, h, 3, imp.getBitDepth(), f);
	}
}
