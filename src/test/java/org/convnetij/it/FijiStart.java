package org.convnetij.it;

import java.io.File;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.convnetij.filter.Filters;
import org.convnetij.filter.Kernel;
import org.convnetij.filter.Padding;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * FijiInstallIT's JVM, started on a Fiji tree's class path as Fiji's launcher builds it: the SciJava context first
 * (as Fiji's main class does), then ImageJ 1; then a filter command (Convolve, compared with the core's result), two
 * CNN commands (Train Classifier, Classify) and System Check through SciJava's CommandService, which is where Fiji's
 * menus and macros lead. Arguments: the sample-images folder and an output folder. Prints one line per step.
 */
public final class FijiStart {

	private FijiStart() {}

	public static void main(final String[] args) throws Exception {
		final File samples = new File(args[0]), out = new File(args[1]);
		final Context context = new Context();
		new ImageJ(ImageJ.NO_SHOW);
		final CommandService commands = context.service(CommandService.class);

		final ImagePlus cell = IJ.openImage(new File(samples, "cell.png").getPath());
		final float[] pixels = (float[]) cell.getProcessor().convertToFloat().getPixels();
		final Img<FloatType> image = ArrayImgs.floats(pixels, cell.getWidth(), cell.getHeight());
		final CommandModule convolve = run(commands, "org.convnetij.command.filter.ConvolveCommand", "input", image,
			"kernel", "1 2 1; 2 4 2; 1 2 1", "normalize", true, "padding", "mirror", "stride", 2);
		@SuppressWarnings("unchecked")
		final Img<FloatType> filtered = (Img<FloatType>) convolve.getOutput("output");
		final Img<FloatType> expected = Filters.convolve(image, Kernel.parse("1 2 1; 2 4 2; 1 2 1").normalized(),
			Padding.MIRROR, 2);
		System.out.println("convolve: " + Arrays.toString(filtered.dimensionsAsLongArray()) + " same as the core: " +
			same(expected, filtered));

		final File model = new File(out, "model");
		final CommandModule train = run(commands, "org.convnetij.command.cnn.TrainClassifierCommand", "data",
			new File(samples, "labelled"), "architecture", "custom", "width", 32, "height", 32, "channels", 3, "pattern",
			"filters=4 units=8", "epochs", 1, "seed", 3L, "output", model, "overwrite", true);
		System.out.println("train: " + new File(model, "convnet.json").isFile() + " " + firstLine(train.getOutput(
			"report")));
		final CommandModule classify = run(commands, "org.convnetij.command.cnn.ClassifyCommand", "model", model,
			"input", new File(samples, "labelled").getPath(), "output", new File(out, "classes.csv"));
		System.out.println("classify: " + ((String) classify.getOutput("table")).split("\n").length + " lines");

		final CommandModule check = run(commands, "org.convnetij.command.SystemCheckCommand");
		System.out.println(check.getOutput("report"));
		System.out.flush();
		context.dispose();
		System.exit(0);
	}

	private static CommandModule run(final CommandService commands, final String className, final Object... inputs)
		throws Exception
	{
		final Map<String, Object> map = new HashMap<>();
		for (int i = 0; i < inputs.length; i += 2) map.put((String) inputs[i], inputs[i + 1]);
		final CommandModule module = commands.run(commands.getCommand(className), true, map).get();
		if (module.isCanceled()) throw new IllegalStateException(className + " cancelled: " + module
			.getCancelReason());
		return module;
	}

	private static boolean same(final Img<FloatType> a, final Img<FloatType> b) {
		if (!Arrays.equals(a.dimensionsAsLongArray(), b.dimensionsAsLongArray())) return false;
		final var ca = Views.flatIterable(a).cursor();
		final var cb = Views.flatIterable(b).cursor();
		while (ca.hasNext()) {
			if (ca.next().get() != cb.next().get()) return false;
		}
		return true;
	}

	private static String firstLine(final Object text) {
		return text == null ? "(no report)" : text.toString().split("\n")[0];
	}
}
