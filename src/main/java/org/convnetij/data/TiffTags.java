package org.convnetij.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import javax.imageio.ImageReader;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.stream.ImageInputStream;

/** The tags of a TIFF's first plane that {@link ImageIoReader} needs beyond what the JDK's decoder does with them. */
final class TiffTags {

	private final TIFFDirectory directory;

	private TiffTags(final TIFFDirectory directory) {
		this.directory = directory;
	}

	static TiffTags of(final ImageReader reader) throws IOException {
		return new TiffTags(TIFFDirectory.createFromMetadata(reader.getImageMetadata(0)));
	}

	/** The ImageDescription text ("" if none); ImageJ 1 writes its stack dimensions there. */
	String description() {
		final TIFFField field = directory.getTIFFField(BaselineTIFFTagSet.TAG_IMAGE_DESCRIPTION);
		return field == null ? "" : field.getAsString(0);
	}

	boolean whiteIsZero() {
		return number(BaselineTIFFTagSet.TAG_PHOTOMETRIC_INTERPRETATION, -1) ==
			BaselineTIFFTagSet.PHOTOMETRIC_INTERPRETATION_WHITE_IS_ZERO;
	}

	/**
	 * The samples of an uncompressed 16-bit gray plane read straight from its strips, or null for any other kind.
	 * ImageJ 1 writes a 16-bit image that has a LUT with a 256-entry colour map, which the JDK's decoder cannot
	 * build a colour model from; the stored values are still plain 16-bit gray.
	 */
	RawImage uncompressedSixteenBit(final ImageInputStream in) throws IOException {
		if (number(BaselineTIFFTagSet.TAG_BITS_PER_SAMPLE, 0) != 16 || number(
			BaselineTIFFTagSet.TAG_SAMPLES_PER_PIXEL, 1) != 1 || number(BaselineTIFFTagSet.TAG_COMPRESSION,
				1) != BaselineTIFFTagSet.COMPRESSION_NONE)
		{
			return null;
		}
		final int w = (int) number(BaselineTIFFTagSet.TAG_IMAGE_WIDTH, 0);
		final int h = (int) number(BaselineTIFFTagSet.TAG_IMAGE_LENGTH, 0);
		final TIFFField offsets = directory.getTIFFField(BaselineTIFFTagSet.TAG_STRIP_OFFSETS);
		final TIFFField counts = directory.getTIFFField(BaselineTIFFTagSet.TAG_STRIP_BYTE_COUNTS);
		if (w <= 0 || h <= 0 || offsets == null || counts == null || offsets.getCount() != counts.getCount()) {
			return null;
		}
		in.seek(0);
		final ByteOrder order = in.read() == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
		final float[] f = new float[w * h];
		int i = 0;
		for (int s = 0; s < offsets.getCount() && i < f.length; s++) {
			final byte[] strip = new byte[(int) Math.min(counts.getAsLong(s), 2L * (f.length - i))];
			in.seek(offsets.getAsLong(s));
			in.readFully(strip);
			final ByteBuffer b = ByteBuffer.wrap(strip).order(order);
			while (b.remaining() >= 2) f[i++] = b.getShort() & 0xffff;
		}
		if (i != f.length) throw new IOException("cannot be decoded (" + i + " of " + f.length + " pixels stored)");
		return new RawImage(w, h, 1, 16, f);
	}

	private long number(final int tag, final long otherwise) {
		final TIFFField field = directory.getTIFFField(tag);
		return field == null ? otherwise : field.getAsLong(0);
	}
}
