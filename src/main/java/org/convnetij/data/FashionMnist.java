package org.convnetij.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import org.convnetij.util.UserInputException;

/**
 * Fashion-MNIST (28x28 8-bit gray, 10 classes) from its IDX files, gzipped or not, as {@link LabelledImages}
 * normalised with {@link Normalization#range()} (value / 255). IDX: big-endian int magic (2051 images, 2049
 * labels), count, then rows and columns for images, then one unsigned byte per pixel or label.
 */
public final class FashionMnist {

	/** Class names in label order (from the dataset's documentation). */
	public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
		"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

	public static final int IMAGES_MAGIC = 2051, LABELS_MAGIC = 2049;

	/** The two parts of the dataset, named like their files ({@code train-*}, {@code t10k-*}). */
	public enum Part {
		TRAIN("train"), TEST("t10k");

		private final String prefix;

		Part(final String prefix) {
			this.prefix = prefix;
		}
	}

	/** Environment variable naming the Fashion-MNIST folder (or a folder holding {@code fashion-mnist/}). */
	public static final String ENVIRONMENT = "CONVNET_DATA";

	/** Where Debian's and Ubuntu's {@code dataset-fashion-mnist} package installs the files. */
	public static final Path DEBIAN_FOLDER = Path.of("/usr/share/datasets/fashion-mnist");

	private FashionMnist() {}

	/**
	 * The folder holding the Fashion-MNIST files, looked for in this order: {@code given} (a key or argument; may be
	 * null or empty), the folder named by {@value #ENVIRONMENT}, then {@link #DEBIAN_FOLDER}. Each may be the folder
	 * of the files or a folder holding {@code fashion-mnist/}. A folder that is named but holds no Fashion-MNIST is
	 * an error, never skipped silently; when nothing names one and the package is missing, the message says how to
	 * get the data.
	 */
	public static Path locate(final String given) {
		return locate(given, System.getenv(ENVIRONMENT), DEBIAN_FOLDER);
	}

	/** {@link #locate(String)} with the environment variable's value and the package's folder given. */
	static Path locate(final String given, final String environment, final Path installed) {
		if (given != null && !given.isBlank()) return named(Path.of(given), "the given folder");
		if (environment != null && !environment.isBlank()) return named(Path.of(environment), ENVIRONMENT);
		if (holdsData(installed)) return installed;
		throw new UserInputException("Fashion-MNIST not found: install it with 'sudo apt-get install " +
			"dataset-fashion-mnist' (Debian, Ubuntu), or download the four *-idx?-ubyte.gz files of " +
			"github.com/zalandoresearch/fashion-mnist into a folder and name it (argument, or " + ENVIRONMENT + "=folder)");
	}

	private static Path named(final Path folder, final String how) {
		if (holdsData(folder)) return folder;
		if (holdsData(folder.resolve("fashion-mnist"))) return folder.resolve("fashion-mnist");
		throw new UserInputException("no Fashion-MNIST in '" + folder + "' (" + how + "): the folder must hold " +
			"train-images-idx3-ubyte.gz and the other three files (or a fashion-mnist/ folder with them)");
	}

	private static boolean holdsData(final Path folder) {
		return Files.isRegularFile(folder.resolve("train-images-idx3-ubyte.gz")) || Files.isRegularFile(folder
			.resolve("train-images-idx3-ubyte"));
	}

	/** All images of one part from a folder holding {@code train-images-idx3-ubyte.gz} etc. */
	public static LabelledImages load(final Path folder, final Part part) {
		final byte[][] pixels = readImages(file(folder, part.prefix + "-images-idx3-ubyte"));
		final byte[] labels = readLabels(file(folder, part.prefix + "-labels-idx1-ubyte"));
		final int[] all = new int[pixels.length];
		for (int i = 0; i < all.length; i++) all[i] = i;
		return build(folder, part, pixels, labels, all, CLASS_NAMES, identity());
	}

	/**
	 * A subset: only the given classes (relabelled 0, 1, ... in that order), {@code perClass} images of each drawn
	 * at random with the seed (same seed, same images; kept in file order). Only the chosen images are converted to
	 * floats, so a small subset of the 60,000 training images costs little memory.
	 */
	public static LabelledImages load(final Path folder, final Part part, final int[] classes, final int perClass,
		final long seed)
	{
		if (perClass < 1) throw new UserInputException("images per class must be at least 1, not " + perClass);
		final byte[][] pixels = readImages(file(folder, part.prefix + "-images-idx3-ubyte"));
		final byte[] labels = readLabels(file(folder, part.prefix + "-labels-idx1-ubyte"));
		final int[] newLabel = new int[CLASS_NAMES.size()];
		Arrays.fill(newLabel, -1);
		final List<String> names = new ArrayList<>();
		for (final int c : classes) {
			if (c < 0 || c >= CLASS_NAMES.size()) throw new UserInputException("Fashion-MNIST class " + c +
				" does not exist; classes are 0-9: " + CLASS_NAMES);
			if (newLabel[c] >= 0) throw new UserInputException("class " + c + " is selected twice: " +
				Arrays.toString(classes));
			newLabel[c] = names.size();
			names.add(CLASS_NAMES.get(c));
		}
		final Random random = new Random(seed);
		final List<Integer> chosen = new ArrayList<>();
		for (final int c : classes) {
			final List<Integer> members = new ArrayList<>();
			for (int i = 0; i < labels.length; i++) if ((labels[i] & 0xff) == c) members.add(i);
			if (members.size() < perClass) throw new UserInputException("Fashion-MNIST " + part + " class " + c +
				" has " + members.size() + " images, fewer than the " + perClass + " asked for");
			Collections.shuffle(members, random);
			chosen.addAll(members.subList(0, perClass));
		}
		Collections.sort(chosen);
		return build(folder, part, pixels, labels, chosen.stream().mapToInt(Integer::intValue).toArray(), names,
			newLabel);
	}

	private static int[] identity() {
		final int[] id = new int[CLASS_NAMES.size()];
		for (int i = 0; i < id.length; i++) id[i] = i;
		return id;
	}

	private static LabelledImages build(final Path folder, final Part part, final byte[][] pixels,
		final byte[] labels, final int[] indices, final List<String> names, final int[] newLabel)
	{
		if (pixels.length != labels.length) {
			throw new UserInputException("Fashion-MNIST " + part + " in " + folder + ": " + pixels.length +
				" images but " + labels.length + " labels");
		}
		final InputShape shape = InputShape.of(28, 28, 1);
		final List<float[]> floats = new ArrayList<>(indices.length);
		final List<String> sources = new ArrayList<>(indices.length);
		final int[] l = new int[indices.length];
		for (int k = 0; k < indices.length; k++) {
			final int i = indices[k];
			if (pixels[i].length != shape.length()) {
				throw new UserInputException("Fashion-MNIST " + part + " in " + folder + ": images are not 28 x 28");
			}
			final int label = labels[i] & 0xff;
			if (label >= CLASS_NAMES.size()) throw new UserInputException("Fashion-MNIST " + part + " in " + folder +
				": label " + label + " of image " + i + " is not a class (0-9)");
			final float[] f = new float[pixels[i].length];
			for (int p = 0; p < f.length; p++) f[p] = (pixels[i][p] & 0xff) / 255f;
			floats.add(f);
			sources.add(part.prefix + "#" + i);
			l[k] = newLabel[label];
		}
		return new LabelledImages(shape, names, Normalization.range(), floats, l, sources);
	}

	/** The images of an IDX3 file ({@code .gz} or plain), each row by row. */
	public static byte[][] readImages(final Path file) {
		try (DataInputStream in = open(file)) {
			final int magic = in.readInt();
			if (magic != IMAGES_MAGIC) {
				throw new UserInputException(file + " is not an IDX image file: magic number " + magic +
					", expected " + IMAGES_MAGIC + (magic == LABELS_MAGIC ? " (this is a label file)" : ""));
			}
			final int count = in.readInt(), rows = in.readInt(), cols = in.readInt();
			if (count < 0 || rows < 1 || cols < 1) throw new UserInputException(file + ": bad IDX header " + count +
				" images of " + rows + " x " + cols);
			final byte[][] images = new byte[count][rows * cols];
			for (final byte[] image : images) in.readFully(image);
			return images;
		}
		catch (final EOFException e) {
			throw new UserInputException(file + " ends before all images its header announces", e);
		}
		catch (final IOException e) {
			throw new UserInputException("cannot read " + file + ": " + e.getMessage(), e);
		}
	}

	/** The labels of an IDX1 file ({@code .gz} or plain). */
	public static byte[] readLabels(final Path file) {
		try (DataInputStream in = open(file)) {
			final int magic = in.readInt();
			if (magic != LABELS_MAGIC) {
				throw new UserInputException(file + " is not an IDX label file: magic number " + magic +
					", expected " + LABELS_MAGIC + (magic == IMAGES_MAGIC ? " (this is an image file)" : ""));
			}
			final int count = in.readInt();
			if (count < 0) throw new UserInputException(file + ": bad IDX header, " + count + " labels");
			final byte[] labels = new byte[count];
			in.readFully(labels);
			return labels;
		}
		catch (final EOFException e) {
			throw new UserInputException(file + " ends before all labels its header announces", e);
		}
		catch (final IOException e) {
			throw new UserInputException("cannot read " + file + ": " + e.getMessage(), e);
		}
	}

	private static Path file(final Path folder, final String name) {
		final Path gz = folder.resolve(name + ".gz");
		if (Files.isRegularFile(gz)) return gz;
		final Path plain = folder.resolve(name);
		if (Files.isRegularFile(plain)) return plain;
		throw new UserInputException("Fashion-MNIST file " + name + "(.gz) not found in " + folder);
	}

	private static DataInputStream open(final Path file) throws IOException {
		InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
		if (file.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
		return new DataInputStream(in);
	}
}
