package org.convnetij.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A stack of 32-bit float planes as an uncompressed little-endian TIFF that ImageJ opens as a stack (its
 * ImageDescription says how many images): the probability maps of one image, one plane per class.
 */
final class FloatTiff {

	private static final int TAGS = 11;

	private FloatTiff() {}

	static byte[] stack(final float[][] planes, final int width, final int height) {
		final String text = "ImageJ=1.54p\nimages=" + planes.length + "\nslices=" + planes.length + "\nloop=false\n\0";
		final byte[] description = text.getBytes(StandardCharsets.US_ASCII);
		final int planeBytes = width * height * 4;
		final int ifdBytes = 2 + TAGS * 12 + 4;
		final int dataStart = 8 + description.length + (description.length & 1);
		final int firstIfd = dataStart + planes.length * planeBytes;
		final ByteBuffer b = ByteBuffer.allocate(firstIfd + planes.length * ifdBytes).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(firstIfd);
		b.put(description);
		b.position(dataStart);
		for (final float[] p : planes) for (final float v : p) b.putFloat(v);
		for (int i = 0; i < planes.length; i++) {
			final int next = i + 1 < planes.length ? firstIfd + (i + 1) * ifdBytes : 0;
			b.putShort((short) TAGS);
			tag(b, 254, 4, 0); // NewSubfileType
			tag(b, 256, 4, width);
			tag(b, 257, 4, height);
			tag(b, 258, 3, 32); // BitsPerSample
			tag(b, 259, 3, 1); // no compression
			tag(b, 262, 3, 1); // BlackIsZero
			b.putShort((short) 270).putShort((short) 2).putInt(i == 0 ? description.length : 1).putInt(i == 0 ? 8 : 0);
			tag(b, 273, 4, dataStart + i * planeBytes); // StripOffsets
			tag(b, 278, 4, height); // RowsPerStrip
			tag(b, 279, 4, planeBytes); // StripByteCounts
			tag(b, 339, 3, 3); // SampleFormat: IEEE float
			b.putInt(next);
		}
		return b.array();
	}

	private static void tag(final ByteBuffer b, final int tag, final int type, final int value) {
		b.putShort((short) tag).putShort((short) type).putInt(1);
		if (type == 3) b.putShort((short) value).putShort((short) 0);
		else b.putInt(value);
	}
}
