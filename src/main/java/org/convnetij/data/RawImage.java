package org.convnetij.data;

/**
 * A decoded image file before conversion: its pixel values as read (not scaled), HWC layout (see
 * {@link InputShape}), 1 channel (gray) or 3 (RGB), and the bit depth of one channel (8, 16 or 32) that
 * {@link Normalization} uses to pick the value range.
 */
public record RawImage(int width, int height, int channels, int bitDepth, float[] pixels) {

	public RawImage {
		if (pixels.length != width * height * channels) {
			throw new IllegalArgumentException(
				"pixels: " + pixels.length + " values for " + width + " x " + height + " x " + channels);
		}
		if (bitDepth != 8 && bitDepth != 16 && bitDepth != 32) {
			throw new IllegalArgumentException("bit depth must be 8, 16 or 32, not " + bitDepth);
		}
	}
}
