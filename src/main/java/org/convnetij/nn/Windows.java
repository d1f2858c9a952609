package org.convnetij.nn;

/** Output-size arithmetic shared by convolution and pooling layers. */
final class Windows {

	private Windows() {}

	/** W x H of a sliding window over {@code in}, or a message naming the layer when it does not fit. */
	static Shape slide(final Layer layer, final Shape in, final int windowWidth, final int windowHeight,
		final int stride, final PaddingMode padding, final int channels)
	{
		final int w = padding.outputSize(in.width(), windowWidth, stride);
		final int h = padding.outputSize(in.height(), windowHeight, stride);
		if (w < 1 || h < 1) {
			throw layer.problem("the " + windowWidth + " x " + windowHeight + " window is larger than its " + in.width() +
				" x " + in.height() + " input with padding " + padding.key() + ": use a larger input image");
		}
		return Shape.spatial(w, h, channels);
	}

	static String window(final int windowWidth, final int windowHeight, final int stride, final PaddingMode padding) {
		return windowWidth + "x" + windowHeight + " /" + stride + " " + padding.key();
	}
}
