package org.convnetij.cli;

import java.io.File;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.convnetij.filter.Filters;
import org.convnetij.filter.Kernel;
import org.convnetij.filter.Padding;
import org.convnetij.ij1.ImagePlusImages;
import org.convnetij.util.UserInputException;

import ij.ImagePlus;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The filter demo: every image of a folder through an edge kernel (Convolve) and a 5 x 5 mean at stride 2, results
 * saved as 32-bit TIFFs, with a table of sizes and times.
 */
final class FilterDemo {

	static final Kernel EDGES = Kernel.parse("-1 -1 -1; -1 8 -1; -1 -1 -1");

	private FilterDemo() {}

	static void run(final List<String> args, final PrintStream out) {
		final File in = args.size() > 0 ? new File(args.get(0)) : LauncherHome.folder().resolve("sample-images").toFile();
		final File outDir = new File(args.size() > 1 ? args.get(1) : "results/filters");
		if (!in.isDirectory()) throw new UserInputException("demo: no folder '" + in + "'");
		final File[] files = in.listFiles((dir, name) -> name.toLowerCase(Locale.ROOT).matches(
			".*\\.(png|jpe?g|tiff?)$"));
		if (files == null || files.length == 0) throw new UserInputException("demo: no images in '" + in + "'");
		Arrays.sort(files);
		if (!outDir.isDirectory() && !outDir.mkdirs()) {
			throw new UserInputException("demo: cannot create folder '" + outDir + "'");
		}
		out.println("ConvNet-IJ filter demo: " + files.length + " images from " + in + " -> " + outDir +
			" (engine: " + Filters.engine().name() + ")");
		out.println(String.format(Locale.ROOT, "| %-22s | %-16s | %-26s | %-14s | %8s |", "image", "size",
			"filter", "output", "ms"));
		out.println("|" + "-".repeat(24) + "|" + "-".repeat(18) + "|" + "-".repeat(28) + "|" + "-".repeat(16) + "|" +
			"-".repeat(10) + "|");
		for (final File f : files) {
			final ImagePlus imp = ImageFiles.open(f.getPath(), "image");
			final String base = f.getName().replaceFirst("\\.[^.]+$", "");
			filter(out, imp, base, outDir, "Convolve edges mirror", "edges", 1);
			filter(out, imp, base, outDir, "Mean r=2 clamp stride 2", "mean-s2", 2);
		}
	}

	private static void filter(final PrintStream out, final ImagePlus imp, final String base, final File outDir,
		final String name, final String suffix, final int stride)
	{
		final long t0 = System.nanoTime();
		final Img<FloatType> result = apply(suffix, imp);
		final double ms = (System.nanoTime() - t0) / 1e6;
		final ImagePlus res = ImagePlusImages.toImagePlus(result, base + "-" + suffix, imp, stride);
		ImageFiles.save(res, new File(outDir, base + "-" + suffix + ".tif").getPath());
		out.println(String.format(Locale.ROOT, "| %-22s | %-16s | %-26s | %-14s | %8.1f |", imp.getTitle(),
			imp.getWidth() + "x" + imp.getHeight() + (imp.getType() == ImagePlus.COLOR_RGB ? " RGB" : ""), name,
			res.getWidth() + "x" + res.getHeight() + "x" + res.getStackSize(), ms));
	}

	private static <T extends RealType<T>> Img<FloatType> apply(final String suffix, final ImagePlus imp) {
		final RandomAccessibleInterval<T> image = ImagePlusImages.wrapReal(imp);
		return suffix.equals("edges") ? Filters.convolve(image, EDGES, Padding.MIRROR, 1) : Filters.mean(image, 2,
			Padding.CLAMP, 2);
	}
}
