package org.convnetij.data;

/**
 * Implemented by images that know what their third axis is (ImageJ 1 images wrapped by the plain-ImageJ bridge): an
 * RGB image or a multi-channel image has a channel axis, a stack of gray slices has none. Without it, an image
 * X, Y, 3 is ambiguous (one RGB image, or three gray slices).
 */
public interface ImageAxes {

	/** The index of the channel axis (2 where there is one), or -1 when the image has none. */
	int channelAxis();
}
