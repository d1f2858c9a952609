package org.convnetij.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.convnetij.filter.Filters;
import org.convnetij.filter.Kernel;
import org.convnetij.filter.OutputSize;
import org.convnetij.filter.Padding;
import org.convnetij.ij1.CommandCatalog;
import org.convnetij.ij1.ImagePlusImages;
import org.convnetij.image.Planes;
import org.convnetij.testutil.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

import ij.IJ;
import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Convolve and Mean on sample-images/cell.png through all three entry points: SciJava's CommandService (as Fiji
 * runs it), a macro in real ImageJ 1, and the launcher. Every padding and several strides; the numbers and sizes
 * must be the same everywhere and equal to the core's.
 */
class EntryPointsIT {

	private static final String KERNEL = "1 2 0 -1 1; 0 3 1 -2 0; 1 -1 4 0 2";
	private static final String[] PADDINGS = { "none", "zero", "mirror", "clamp" };
	private static final int[] STRIDES = { 1, 3 };

	@TempDir
	Path tmp;

	@Test
	void sameNumbersFromFijiCommandsMacrosAndTheLauncher() throws Exception {
		final String cell = TestImages.sample("cell.png").getAbsolutePath();
		final StringBuilder macro = new StringBuilder("setBatchMode(true);\nopen(\"" + cell + "\");\nid = getImageID();\n");
		for (final String padding : PADDINGS) {
			for (final int stride : STRIDES) {
				macro.append("selectImage(id);\nrun(\"Convolve\", \"kernel=[" + KERNEL + "] normalize padding=" +
					padding + " stride=" + stride + "\");\nsaveAs(\"Tiff\", \"" + file("ij-convolve", padding, stride) +
					"\");\nclose();\n");
				macro.append("selectImage(id);\nrun(\"Mean\", \"radius=2 padding=" + padding + " stride=" + stride +
					"\");\nsaveAs(\"Tiff\", \"" + file("ij-mean", padding, stride) + "\");\nclose();\n");
			}
		}
		final File macroFile = tmp.resolve("entry-points.ijm").toFile();
		Files.writeString(macroFile.toPath(), macro);
		final Processes.Result ij = Processes.imagej(macroFile, null);
		assertEquals(0, ij.exitCode, ij::toString);

		final RandomAccessibleInterval<UnsignedByteType> img = ImagePlusImages.wrapReal(TestImages.open("cell.png"));
		final Kernel kernel = Kernel.parse(KERNEL).normalized();
		for (final String padding : PADDINGS) {
			for (final int stride : STRIDES) {
				final Padding p = Padding.parse(padding);
				final Processes.Result conv = Processes.launcher("Convolve", "input=" + cell, "kernel=" + KERNEL,
					"normalize=true", "padding=" + padding, "stride=" + stride, "output=" + file("cli-convolve",
						padding, stride));
				assertEquals(0, conv.exitCode, conv::toString);
				final Processes.Result mean = Processes.launcher("Mean", "input=" + cell, "radius=2", "padding=" +
					padding, "stride=" + stride, "output=" + file("cli-mean", padding, stride));
				assertEquals(0, mean.exitCode, mean::toString);

				final Img<FloatType> coreConv = Filters.convolve(img, kernel, p, stride);
				final Img<FloatType> coreMean = Filters.mean(img, 2, p, stride);
				final String what = padding + " stride " + stride;
				// sizes by the formula W2 = (W - F + 2P) / S + 1
				assertEquals(OutputSize.of(550, 5, p, stride), coreConv.dimension(0), what);
				assertEquals(OutputSize.of(660, 3, p, stride), coreConv.dimension(1), what);
				assertEquals(OutputSize.of(550, 5, p, stride), coreMean.dimension(0), what);

				final Map<String, Object> in = new HashMap<>();
				in.put("input", img);
				in.put("kernel", KERNEL);
				in.put("normalize", true);
				in.put("padding", padding);
				in.put("stride", stride);
				assertSame(coreConv, fiji("Convolve", in), "Fiji Convolve " + what);
				in.remove("kernel");
				in.remove("normalize");
				in.put("radius", 2);
				assertSame(coreMean, fiji("Mean", in), "Fiji Mean " + what);
				assertSame(coreConv, read(file("ij-convolve", padding, stride)), "ImageJ macro Convolve " + what);
				assertSame(coreMean, read(file("ij-mean", padding, stride)), "ImageJ macro Mean " + what);
				assertSame(coreConv, read(file("cli-convolve", padding, stride)), "launcher Convolve " + what);
				assertSame(coreMean, read(file("cli-mean", padding, stride)), "launcher Mean " + what);
			}
		}
	}

	private String file(final String prefix, final String padding, final int stride) {
		return tmp.resolve(prefix + "-" + padding + "-" + stride + ".tif").toString();
	}

	private static Img<FloatType> fiji(final String label, final Map<String, Object> inputs) throws Exception {
		final CommandCatalog catalog = CommandCatalog.shared();
		final CommandModule module = catalog.commandService().run(catalog.find(label), true, inputs).get();
		assertTrue(!module.isCanceled(), module::getCancelReason);
		@SuppressWarnings("unchecked")
		final Img<FloatType> out = (Img<FloatType>) module.getOutput("output");
		return out;
	}

	private static RandomAccessibleInterval<FloatType> read(final String path) {
		final ImagePlus imp = IJ.openImage(path);
		assertTrue(imp != null, "missing " + path);
		assertEquals(32, imp.getBitDepth(), path);
		return ImagePlusImages.wrapReal(imp);
	}

	private static void assertSame(final Img<FloatType> expected, final RandomAccessibleInterval<FloatType> actual,
		final String what)
	{
		assertArrayEquals(expected.dimensionsAsLongArray(), actual.dimensionsAsLongArray(), what);
		assertArrayEquals(Planes.floatsOf(expected, 0), Planes.toFloats(actual, 0), what);
	}
}
