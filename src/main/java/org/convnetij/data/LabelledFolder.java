package org.convnetij.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;

/**
 * A labelled image folder on disk: one subfolder per class (the Keras {@code image_dataset_from_directory}
 * convention), class names = subfolder names sorted, images as TIFF, PNG or JPEG files (.tif, .tiff, .png, .jpg,
 * .jpeg, any case). {@link #scan} lists it and refuses folders that cannot be a classification set;
 * {@link #load} reads the images into a {@link LabelledImages} of one input shape.
 * <p>
 * Hidden files (names starting with '.') and non-image files next to the class folders (a README) are ignored.
 * Images directly in the folder (not in a class subfolder), files in class folders that are not images, folders
 * inside class folders, and images that cannot be read are skipped and listed in the {@link DatasetSummary}.
 */
public final class LabelledFolder {

	private static final List<String> EXTENSIONS = List.of(".tif", ".tiff", ".png", ".jpg", ".jpeg");

	private final Path root;
	private final List<String> classNames;
	private final List<List<Path>> files;
	private final List<DatasetSummary.Skipped> skipped;

	private LabelledFolder(final Path root, final List<String> classNames, final List<List<Path>> files,
		final List<DatasetSummary.Skipped> skipped)
	{
		this.root = root;
		this.classNames = List.copyOf(classNames);
		this.files = files.stream().map(List::copyOf).toList();
		this.skipped = List.copyOf(skipped);
	}

	/** Lists the class subfolders and their image files. Fails with a message on folders that cannot be used. */
	public static LabelledFolder scan(final Path folder) {
		if (folder == null) throw new UserInputException("no data folder given");
		final Path root = folder.toAbsolutePath().normalize();
		if (!Files.exists(root)) throw new UserInputException("data folder does not exist: " + root);
		if (!Files.isDirectory(root)) throw new UserInputException("data must be a folder with one subfolder per " +
			"class, not a file: " + root);
		final List<Path> classDirs = new ArrayList<>();
		final List<DatasetSummary.Skipped> skipped = new ArrayList<>();
		int looseImages = 0;
		for (final Path p : sortedChildren(root)) {
			if (Files.isDirectory(p)) classDirs.add(p);
			else if (isImageName(p)) {
				looseImages++;
				skipped.add(new DatasetSummary.Skipped(p, "an image not in a class subfolder"));
			}
			// other files next to the class folders (README, PROVENANCE.md) are not part of the data
		}
		if (classDirs.isEmpty()) {
			throw new UserInputException("data folder " + root + " has no class subfolders" +
				(looseImages > 0 ? " (" + looseImages + " images lie directly in it)" : "") +
				"; put the images of each class in its own subfolder, e.g. " + root.resolve("cells") + " and " +
				root.resolve("background"));
		}
		if (classDirs.size() == 1) {
			throw new UserInputException("data folder " + root + " has only one class subfolder ('" +
				classDirs.get(0).getFileName() + "'); a classifier needs at least two classes, one subfolder each");
		}
		final List<String> names = new ArrayList<>();
		final List<List<Path>> files = new ArrayList<>();
		for (final Path dir : classDirs) {
			final List<Path> images = new ArrayList<>();
			for (final Path p : sortedChildren(dir)) {
				if (Files.isDirectory(p)) skipped.add(new DatasetSummary.Skipped(p, "a folder inside a class folder " +
					"(not searched)"));
				else if (isImageName(p)) images.add(p);
				else skipped.add(new DatasetSummary.Skipped(p, "not a TIFF, PNG or JPEG file name"));
			}
			if (images.isEmpty()) {
				throw new UserInputException("class folder '" + dir.getFileName() + "' in " + root +
					" has no TIFF, PNG or JPEG images; remove it or add images");
			}
			names.add(dir.getFileName().toString());
			files.add(images);
		}
		return new LabelledFolder(root, names, files, skipped);
	}

	public Path root() {
		return root;
	}

	/** Subfolder names, sorted: the class names in label order. */
	public List<String> classNames() {
		return classNames;
	}

	/** The image files of one class, sorted by name. */
	public List<Path> files(final int classIndex) {
		return files.get(classIndex);
	}

	public int fileCount() {
		return files.stream().mapToInt(List::size).sum();
	}

	/** Files found by the scan that are not images or not in a class folder. */
	public List<DatasetSummary.Skipped> skippedByScan() {
		return skipped;
	}

	/** Fails unless the other folder (e.g. a validation folder) has exactly the same class names. */
	public void requireSameClasses(final LabelledFolder other) {
		requireSameClasses(classNames, other.classNames, root, other.root);
	}

	static void requireSameClasses(final List<String> a, final List<String> b, final Object whereA,
		final Object whereB)
	{
		if (!a.equals(b)) {
			throw new UserInputException("the classes differ: " + whereA + " has " + a + ", " + whereB + " has " + b +
				"; both need the same class subfolders");
		}
	}

	/** {@link #load(InputShape, Normalization, ImageReader, Progress)} with {@link ImageReader#standard()}. */
	public LoadedDataset load(final InputShape shape, final Normalization normalization, final Progress progress) {
		return load(shape, normalization, ImageReader.standard(), progress);
	}

	/**
	 * Reads every image and converts it to the input shape (see {@link ImageConversion#toInput}). Unreadable files
	 * are skipped and listed; fails if a class ends up with no image. Cancelled through the progress (a
	 * {@link CancellationException}).
	 */
	public LoadedDataset load(final InputShape shape, final Normalization normalization, final ImageReader reader,
		final Progress progress)
	{
		shape.requireImageChannels();
		normalization.check(shape);
		final List<float[]> pixels = new ArrayList<>();
		final List<Integer> labels = new ArrayList<>();
		final List<String> sources = new ArrayList<>();
		final List<DatasetSummary.Skipped> skippedFiles = new ArrayList<>(skipped);
		final int[] counts = new int[classNames.size()];
		final Map<String, Integer> otherSizes = new HashMap<>();
		final Map<Integer, Integer> bitDepths = new HashMap<>();
		int grayToRgb = 0, rgbToGray = 0, resized = 0, done = 0;
		final int total = fileCount();
		progress.status("reading " + total + " images from " + root);
		for (int c = 0; c < classNames.size(); c++) {
			for (final Path file : files.get(c)) {
				if (progress.isCanceled()) throw new CancellationException("reading " + root + " was cancelled");
				progress.update(done++, total);
				final RawImage raw;
				try {
					raw = reader.read(file);
				}
				catch (final IOException e) {
					skippedFiles.add(new DatasetSummary.Skipped(file, e.getMessage()));
					continue;
				}
				pixels.add(ImageConversion.toInput(raw, shape, normalization));
				labels.add(c);
				sources.add(file.toString());
				counts[c]++;
				bitDepths.merge(raw.bitDepth(), 1, Integer::sum);
				if (raw.channels() == 1 && shape.channels() == 3) grayToRgb++;
				if (raw.channels() == 3 && shape.channels() == 1) rgbToGray++;
				if (raw.width() != shape.width() || raw.height() != shape.height()) {
					resized++;
					otherSizes.merge(raw.width() + "x" + raw.height(), 1, Integer::sum);
				}
			}
		}
		progress.update(total, total);
		final DatasetSummary summary = new DatasetSummary(root, shape, normalization, classNames, counts,
			skippedFiles, grayToRgb, rgbToGray, resized, otherSizes, bitDepths);
		for (int c = 0; c < counts.length; c++) {
			if (counts[c] == 0) {
				throw new UserInputException("no image of class '" + classNames.get(c) + "' in " + root +
					" could be read (" + skippedFiles.size() + " file(s) skipped, the first: " + (skippedFiles.isEmpty() ?
						"none" : skippedFiles.get(0)) + "); give TIFF, PNG or JPEG images that open");
			}
		}
		final LabelledImages images = new LabelledImages(shape, classNames, normalization, pixels,
			labels.stream().mapToInt(Integer::intValue).toArray(), sources);
		return new LoadedDataset(images, summary);
	}

	private static boolean isImageName(final Path p) {
		final String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
		return EXTENSIONS.stream().anyMatch(name::endsWith);
	}

	private static List<Path> sortedChildren(final Path dir) {
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted((a, b) -> a.getFileName()
				.toString().compareTo(b.getFileName().toString())).toList();
		}
		catch (final IOException e) {
			throw new UserInputException("cannot list folder " + dir + ": " + e.getMessage(), e);
		}
	}
}
