package org.convnetij.opencl;

import java.util.ArrayList;
import java.util.List;

/**
 * A horizontal tile of a plane (or a slab of a volume, with slices for rows): output rows [outStart, outStart +
 * outRows) need input rows [inStart, inStart + inRows), the halo included. Images too large for the device are
 * processed band by band; the kernels read through the padding with the band's offset, so the result is the same.
 */
final class Band {

	final int width, height, outWidth;
	final int inStart, inRows, outStart, outRows;

	Band(final int width, final int height, final int outWidth, final int inStart, final int inRows,
		final int outStart, final int outRows)
	{
		this.width = width;
		this.height = height;
		this.outWidth = outWidth;
		this.inStart = inStart;
		this.inRows = inRows;
		this.outStart = outStart;
		this.outRows = outRows;
	}

	/** The whole plane as one band. */
	static Band whole(final int width, final int height, final int outWidth, final int outHeight) {
		return new Band(width, height, outWidth, 0, height, 0, outHeight);
	}

	/**
	 * Bands of at most {@code maxInRows} input rows (but never fewer output rows than 1) for a window of
	 * {@code window} rows, border {@code border} and stride {@code stride}. When the image is not taller than the
	 * window (mirror padding may then read any row) it is one band.
	 */
	static List<Band> plan(final int width, final int height, final int outWidth, final int outHeight,
		final int window, final int border, final int stride, final long maxInRows)
	{
		final List<Band> bands = new ArrayList<>();
		final long perBand = Math.max(1, (maxInRows - window) / stride + 1);
		if (height <= window || perBand >= outHeight) {
			bands.add(whole(width, height, outWidth, outHeight));
			return bands;
		}
		for (int a = 0; a < outHeight; a += perBand) {
			final int b = (int) Math.min(outHeight, a + perBand);
			final int lo = Math.max(0, a * stride - border);
			final int hi = Math.min(height, (b - 1) * stride - border + window);
			bands.add(new Band(width, height, outWidth, lo, hi - lo, a, b - a));
		}
		return bands;
	}
}
