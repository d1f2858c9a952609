package org.convnetij.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.convnetij.util.UserInputException;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/**
 * Labelled images in memory, all of one {@link InputShape} and already normalised: the dataset that training,
 * evaluation and feature extraction read. Each image is a HWC float array; labels are class indices into
 * {@link #classNames()}. Immutable in structure; subsets share the pixel arrays with their source (no copy), so the
 * arrays from {@link #pixels(int)} must be treated as read-only.
 */
public final class LabelledImages {

	private final InputShape shape;
	private final List<String> classNames;
	private final Normalization normalization;
	private final List<float[]> pixels;
	private final int[] labels;
	private final List<String> sources;

	/**
	 * @param sources where each image came from (a file path, "train#123"), for reports of misclassified images
	 */
	public LabelledImages(final InputShape shape, final List<String> classNames, final Normalization normalization,
		final List<float[]> pixels, final int[] labels, final List<String> sources)
	{
		if (pixels.size() != labels.length || pixels.size() != sources.size()) {
			throw new IllegalArgumentException(pixels.size() + " images, " + labels.length + " labels, " +
				sources.size() + " sources");
		}
		if (classNames.isEmpty()) throw new IllegalArgumentException("no class names");
		for (int i = 0; i < labels.length; i++) {
			if (labels[i] < 0 || labels[i] >= classNames.size()) {
				throw new IllegalArgumentException("label " + labels[i] + " of image " + i + " is not a class index");
			}
			if (pixels.get(i).length != shape.length()) {
				throw new IllegalArgumentException("image " + i + " has " + pixels.get(i).length + " values, shape " +
					shape + " needs " + shape.length());
			}
		}
		this.shape = shape;
		this.classNames = List.copyOf(classNames);
		this.normalization = normalization;
		this.pixels = List.copyOf(pixels);
		this.labels = labels.clone();
		this.sources = List.copyOf(sources);
	}

	public InputShape shape() {
		return shape;
	}

	/** Class names in label order. */
	public List<String> classNames() {
		return classNames;
	}

	public int classCount() {
		return classNames.size();
	}

	/** How the pixel values were normalised (to be stored with a model trained on them). */
	public Normalization normalization() {
		return normalization;
	}

	public int size() {
		return labels.length;
	}

	public int label(final int index) {
		return labels[index];
	}

	/** The labels of all images (a copy). */
	public int[] labels() {
		return labels.clone();
	}

	/** Image {@code index} as a HWC array (shared, do not modify). */
	public float[] pixels(final int index) {
		return pixels.get(index);
	}

	/** Where image {@code index} came from. */
	public String source(final int index) {
		return sources.get(index);
	}

	/** Image {@code index} as an ImgLib2 view with axes X, Y, channel (no copy). */
	public RandomAccessibleInterval<FloatType> image(final int index) {
		final RandomAccessibleInterval<FloatType> cxy = ArrayImgs.floats(pixels.get(index), shape.channels(),
			shape.width(), shape.height());
		return Views.moveAxis(cxy, 0, 2);
	}

	/** Number of images of each class, in class order. */
	public int[] countsPerClass() {
		final int[] counts = new int[classNames.size()];
		for (final int l : labels) counts[l]++;
		return counts;
	}

	/** Indices of the images of one class, ascending. */
	public int[] indicesOf(final int classIndex) {
		return IntStream.range(0, labels.length).filter(i -> labels[i] == classIndex).toArray();
	}

	/** The images at the given indices, in that order (same classes; pixel arrays shared). */
	public LabelledImages subset(final int[] indices) {
		final List<float[]> p = new ArrayList<>(indices.length);
		final List<String> s = new ArrayList<>(indices.length);
		final int[] l = new int[indices.length];
		for (int k = 0; k < indices.length; k++) {
			p.add(pixels.get(indices[k]));
			s.add(sources.get(indices[k]));
			l[k] = labels[indices[k]];
		}
		return new LabelledImages(shape, classNames, normalization, p, l, s);
	}

	/**
	 * Only the images of the given classes, relabelled 0, 1, ... in the order given (e.g. classes 0-4 of
	 * Fashion-MNIST for a transfer-learning demo).
	 */
	public LabelledImages selectClasses(final int... classIndices) {
		if (classIndices.length < 1) throw new UserInputException("select at least one class");
		final int[] newLabel = new int[classNames.size()];
		Arrays.fill(newLabel, -1);
		final List<String> names = new ArrayList<>();
		for (final int c : classIndices) {
			if (c < 0 || c >= classNames.size()) {
				throw new UserInputException("class index " + c + " does not exist; classes are 0 to " +
					(classNames.size() - 1) + ": " + classNames);
			}
			if (newLabel[c] >= 0) throw new UserInputException("class " + c + " is selected twice: " +
				Arrays.toString(classIndices));
			newLabel[c] = names.size();
			names.add(classNames.get(c));
		}
		final List<float[]> p = new ArrayList<>();
		final List<String> s = new ArrayList<>();
		final List<Integer> l = new ArrayList<>();
		for (int i = 0; i < labels.length; i++) {
			if (newLabel[labels[i]] < 0) continue;
			p.add(pixels.get(i));
			s.add(sources.get(i));
			l.add(newLabel[labels[i]]);
		}
		return new LabelledImages(shape, names, normalization, p, l.stream().mapToInt(Integer::intValue).toArray(),
			s);
	}

	/**
	 * {@code perClass} images of every class, drawn at random with the seed (same seed, same images); within each
	 * class the drawn images keep their original order. Fails if a class has fewer images.
	 */
	public LabelledImages samplePerClass(final int perClass, final long seed) {
		if (perClass < 1) throw new UserInputException("images per class must be at least 1, not " + perClass);
		final Random random = new Random(seed);
		final List<Integer> chosen = new ArrayList<>();
		for (int c = 0; c < classNames.size(); c++) {
			final List<Integer> members = new ArrayList<>();
			for (final int i : indicesOf(c)) members.add(i);
			if (members.size() < perClass) {
				throw new UserInputException("class '" + classNames.get(c) + "' has " + members.size() +
					" images, fewer than the " + perClass + " per class asked for");
			}
			Collections.shuffle(members, random);
			final List<Integer> take = new ArrayList<>(members.subList(0, perClass));
			Collections.sort(take);
			chosen.addAll(take);
		}
		return subset(chosen.stream().mapToInt(Integer::intValue).toArray());
	}

	/**
	 * The same images in another shape: channels converted (gray to RGB by copying, RGB to gray by luminance) and
	 * resized bilinearly; normalisation unchanged (both steps are linear, so {@code range} and {@code minmax} values
	 * stay in [0, 1]). New arrays.
	 */
	public LabelledImages reshaped(final InputShape target) {
		if (target.equals(shape)) return this;
		normalization.check(target);
		final List<float[]> p = new ArrayList<>(pixels.size());
		for (final float[] image : pixels) {
			final float[] c = ImageConversion.convertChannels(image, shape.channels(), target.channels());
			final float[] r = ImageConversion.resize(c, shape.width(), shape.height(), target.channels(),
				target.width(), target.height());
			p.add(r == image ? image.clone() : r);
		}
		return new LabelledImages(target, classNames, normalization, p, labels, sources);
	}

	/** "90 images 64x64x1, 3 classes (a: 30, b: 30, c: 30), normalisation range". */
	@Override
	public String toString() {
		return size() + " images " + shape + ", " + classNames.size() + " classes (" + countsText() +
			"), normalisation " + normalization;
	}

	String countsText() {
		final int[] counts = countsPerClass();
		final StringBuilder b = new StringBuilder();
		for (int c = 0; c < counts.length; c++) {
			if (c > 0) b.append(", ");
			b.append(classNames.get(c)).append(": ").append(counts[c]);
		}
		return b.toString();
	}
}
