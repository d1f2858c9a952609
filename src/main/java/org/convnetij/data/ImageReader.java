package org.convnetij.data;

import java.io.IOException;
import java.nio.file.Path;

/** Decodes one image file. A file that cannot be read as a 2D gray or RGB image gives an IOException with the reason. */
public interface ImageReader {

	RawImage read(Path file) throws IOException;

	/**
	 * Every 2D image of a file, as ImageJ 1 would classify its slices: one image for a 2D file, each slice (gray, or
	 * RGB for a stack of 3 channels) for a TIFF stack. This reader: {@link #read} alone.
	 */
	default java.util.List<RawImage> readPlanes(final Path file) throws IOException {
		return java.util.List.of(read(file));
	}

	/** The reader used unless another is given: the JDK's {@code javax.imageio} readers ({@link ImageIoReader}). */
	static ImageReader standard() {
		return ImageIoReader.INSTANCE;
	}
}
