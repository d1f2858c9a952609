package org.convnetij.data;

/**
 * Pixel operations on HWC float arrays (see {@link InputShape}): channel conversion, bilinear resizing, and the
 * whole path from a decoded file to a model input.
 */
public final class ImageConversion {

	/** Luminance weights of ITU-R BT.601 (the ones ImageJ uses for weighted RGB to gray). */
	public static final float RED_WEIGHT = 0.299f, GREEN_WEIGHT = 0.587f, BLUE_WEIGHT = 0.114f;

	private ImageConversion() {}

	/**
	 * A raw image as a model input: scaled ({@link Normalization#scale}), channels converted, resized bilinearly to
	 * the shape, then standardised ({@link Normalization#standardize}). A new array.
	 */
	public static float[] toInput(final RawImage raw, final InputShape shape, final Normalization normalization) {
		shape.requireImageChannels();
		float[] v = normalization.scale(raw);
		v = convertChannels(v, raw.channels(), shape.channels());
		v = resize(v, raw.width(), raw.height(), shape.channels(), shape.width(), shape.height());
		normalization.standardize(v, shape.channels());
		return v;
	}

	/** Gray to RGB by copying the value into all three channels; RGB to gray by luminance. Same array if equal. */
	public static float[] convertChannels(final float[] hwc, final int from, final int to) {
		if (from == to) return hwc;
		if (from == 1 && to == 3) {
			final float[] out = new float[hwc.length * 3];
			for (int i = 0; i < hwc.length; i++) out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = hwc[i];
			return out;
		}
		if (from == 3 && to == 1) {
			final float[] out = new float[hwc.length / 3];
			for (int i = 0; i < out.length; i++) {
				out[i] = RED_WEIGHT * hwc[3 * i] + GREEN_WEIGHT * hwc[3 * i + 1] + BLUE_WEIGHT * hwc[3 * i + 2];
			}
			return out;
		}
		throw new IllegalArgumentException("channels " + from + " to " + to);
	}

	/**
	 * Bilinear resize with pixel centres aligned (the convention of TensorFlow's {@code resize} with
	 * half-pixel centres, OpenCV and PIL): output pixel x samples the input at {@code (x + 0.5) * inW / outW - 0.5},
	 * clamped at the borders. No antialiasing when shrinking. Same array if the size does not change.
	 */
	public static float[] resize(final float[] hwc, final int inW, final int inH, final int channels, final int outW,
		final int outH)
	{
		if (inW == outW && inH == outH) return hwc;
		final float[] out = new float[outW * outH * channels];
		final float sx = (float) inW / outW, sy = (float) inH / outH;
		for (int y = 0; y < outH; y++) {
			final float fy = clamp((y + 0.5f) * sy - 0.5f, inH - 1);
			final int y0 = (int) fy, y1 = Math.min(y0 + 1, inH - 1);
			final float wy = fy - y0;
			for (int x = 0; x < outW; x++) {
				final float fx = clamp((x + 0.5f) * sx - 0.5f, inW - 1);
				final int x0 = (int) fx, x1 = Math.min(x0 + 1, inW - 1);
				final float wx = fx - x0;
				final int o = (y * outW + x) * channels;
				final int i00 = (y0 * inW + x0) * channels, i01 = (y0 * inW + x1) * channels;
				final int i10 = (y1 * inW + x0) * channels, i11 = (y1 * inW + x1) * channels;
				for (int c = 0; c < channels; c++) {
					final float top = hwc[i00 + c] + wx * (hwc[i01 + c] - hwc[i00 + c]);
					final float bottom = hwc[i10 + c] + wx * (hwc[i11 + c] - hwc[i10 + c]);
					out[o + c] = top + wy * (bottom - top);
				}
			}
		}
		return out;
	}

	/**
	 * Samples a HWC image at a real position (x, y) bilinearly; positions outside are reflected back inside
	 * (mirror without repeating the edge pixel, like Keras' {@code fill_mode="reflect"}).
	 */
	static void sampleReflect(final float[] hwc, final int w, final int h, final int channels, final float x,
		final float y, final float[] out, final int outOffset)
	{
		final int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
		final float wx = x - x0, wy = y - y0;
		final int ax = reflect(x0, w), bx = reflect(x0 + 1, w), ay = reflect(y0, h), by = reflect(y0 + 1, h);
		for (int c = 0; c < channels; c++) {
			final float v00 = hwc[(ay * w + ax) * channels + c], v01 = hwc[(ay * w + bx) * channels + c];
			final float v10 = hwc[(by * w + ax) * channels + c], v11 = hwc[(by * w + bx) * channels + c];
			final float top = v00 + wx * (v01 - v00), bottom = v10 + wx * (v11 - v10);
			out[outOffset + c] = top + wy * (bottom - top);
		}
	}

	/** Index i reflected into [0, n): -1 -> 1, n -> n - 2 (reflect-101); n == 1 gives 0. */
	static int reflect(int i, final int n) {
		if (n == 1) return 0;
		final int period = 2 * (n - 1);
		i = Math.floorMod(i, period);
		return i < n ? i : period - i;
	}

	private static float clamp(final float v, final int max) {
		return v < 0 ? 0 : v > max ? max : v;
	}
}
