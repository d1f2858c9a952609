package org.convnetij.data;

import java.io.IOException;
import java.nio.file.Path;

/** Decodes one image file. A file that cannot be read as a 2D gray or RGB image gives an IOException with the reason. */
public interface ImageReader {

	RawImage read(Path file) throws IOException;

	/** The reader used unless another is given: the JDK's {@code javax.imageio} readers ({@link ImageIoReader}). */
	static ImageReader standard() {
		return ImageIoReader.INSTANCE;
	}
}
