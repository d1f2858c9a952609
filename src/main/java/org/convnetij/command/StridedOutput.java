package org.convnetij.command;

/**
 * A command whose output pixels are {@link #outputStride()} input pixels apart, so that the integration layer can
 * scale the image calibration (pixel size) of the result.
 */
public interface StridedOutput {

	int outputStride();
}
