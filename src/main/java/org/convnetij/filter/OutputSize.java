package org.convnetij.filter;

import org.convnetij.util.UserInputException;

/** The size arithmetic shared by every sliding-window filter: W2 = (W - F + 2P) / S + 1. */
public final class OutputSize {

	private OutputSize() {}

	public static void checkStride(final int stride) {
		if (stride < 1) throw new UserInputException("stride must be 1 or more, not " + stride);
	}

	/**
	 * The output size along one axis for input size {@code size}, window {@code window}, the padding's border
	 * and stride {@code stride}; explains what to change when the window does not fit.
	 */
	public static int of(final int size, final int window, final Padding padding, final int stride) {
		return of(size, window, padding, stride, "window");
	}

	/** As {@link #of(int, int, Padding, int)}, naming the window in the message ("kernel", "pool"). */
	public static int of(final int size, final int window, final Padding padding, final int stride,
		final String windowName)
	{
		checkStride(stride);
		final int border = padding.border(window);
		final int span = size - window + 2 * border;
		if (span < 0) {
			if (windowName.equals("pool")) { // pooling has no padding: only its window key can change
				throw new UserInputException("window " + window + " is larger than the image (" + size + " pixels): use " +
					"window=" + size + " or less");
			}
			throw new UserInputException("the " + windowName + " (" + window + " pixels) is larger than the image (" + size +
				" pixels) with padding " + padding.key() + ": use padding zero, mirror or clamp, or a smaller " + (windowName
					.equals("window") ? "radius" : windowName));
		}
		return span / stride + 1;
	}
}
