package org.convnetij.testutil;

import java.io.File;

import ij.IJ;
import ij.ImagePlus;

/** Real images for tests: the bundled sample images (with their sources in sample-images/PROVENANCE.md). */
public final class TestImages {

	private TestImages() {}

	/** The repository root (tests run there under Maven). */
	public static File root() {
		return new File(System.getProperty("user.dir"));
	}

	public static File sample(final String name) {
		final File f = new File(root(), "sample-images/" + name);
		if (!f.isFile()) throw new IllegalStateException("missing sample image " + f);
		return f;
	}

	public static ImagePlus open(final String name) {
		final ImagePlus imp = IJ.openImage(sample(name).getPath());
		if (imp == null) throw new IllegalStateException("ImageJ cannot open " + name);
		return imp;
	}
}
