package org.convnetij.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.convnetij.data.InputFit;
import org.convnetij.data.Normalization;
import org.convnetij.data.RawImage;
import org.convnetij.nn.ModelSpec;
import org.convnetij.transfer.ProbabilityMaps;
import org.convnetij.transfer.WindowClassifier;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.data.InputShape;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Probability Map: a model folder's classifier slid over a large image ({@link ProbabilityMaps}), the result a
 * stack of one map per class (X, Y, class) at the image's size.
 */
public final class ProbabilityMap {

	private ProbabilityMap() {}

	/**
	 * The sliding window: {@code size} x {@code size} pixels (0 or less: the model's input width, at most the
	 * image's smaller side), moved by {@code stride} pixels.
	 */
	public record Window(int size, int stride) {}

	/**
	 * One map per class, each {@code width * height} values; {@code classes} receives the class names. An image that
	 * does not fit the model is refused ({@link InputFit}), lossless conversions are said in the status.
	 */
	public static float[][] compute(final Path modelFolder, final RawImage image, final Window window,
		final List<String> classes, final Progress progress) throws IOException
	{
		return compute(modelFolder, image, "the image", window, classes, progress);
	}

	private static float[][] compute(final Path modelFolder, RawImage image, final String name, final Window window,
		final List<String> classes, final Progress progress) throws IOException
	{
		final int size = window.size(), stride = window.stride();
		final ModelSpec spec = ModelSpec.read(modelFolder);
		spec.requireClassifier(modelFolder);
		final InputFit fit = Cnn.fit(modelFolder, spec);
		image = fit.fit(image, name);
		for (final String note : fit.notes()) progress.status(note);
		try (Network model = Networks.load(modelFolder)) {
			if (classes != null) classes.addAll(model.classes());
			final org.convnetij.data.InputShape in = model.spec().input();
			final InputShape shape = in;
			final Normalization normalization = model.spec().normalization();
			final int n = model.classes().size();
			return ProbabilityMaps.compute(image, size <= 0 ? Math.min(in.width(), Math.min(image.width(), image
				.height())) : size, stride, new WindowClassifier() {

					@Override
					public InputShape inputShape() {
						return shape;
					}

					@Override
					public Normalization normalization() {
						return normalization;
					}

					@Override
					public int classCount() {
						return n;
					}

					@Override
					public float[][] predict(final float[] nhwc, final int count) {
						return model.predict(nhwc, count);
					}
				}, progress);
		}
	}

	/** The maps of one image as a stack X, Y, class, and the class names in the order of its planes. */
	public record Maps(Img<FloatType> stack, List<String> classes) {}

	/**
	 * The maps of an ImgLib2 image, which must be one 2D image (gray or RGB, as {@link Cnn#images} reads it); a stack
	 * is refused with a message that says to duplicate the slice to map.
	 */
	public static <T extends RealType<T>> Maps map(final Path modelFolder, final RandomAccessibleInterval<T> input,
		final Window window, final Progress progress) throws IOException
	{
		final List<RawImage> images = Cnn.images(input, ModelSpec.read(modelFolder).input().channels());
		if (images.size() != 1) {
			throw new UserInputException("the map needs one 2D image (gray or RGB), not a stack of " + images.size() +
				": duplicate the slice to map (Image > Duplicate)");
		}
		final RawImage image = images.get(0);
		final List<String> names = new ArrayList<>();
		final float[][] maps = compute(modelFolder, image, window, names, progress);
		return new Maps(stack(maps, image.width(), image.height()), names);
	}

	/** The maps as one ImgLib2 stack X, Y, class (no copy of the maps). */
	public static Img<FloatType> stack(final float[][] maps, final int width, final int height) {
		final List<float[]> planes = new ArrayList<>(List.of(maps));
		return org.convnetij.image.Planes.wrap(planes, new long[] { width, height, maps.length });
	}
}
