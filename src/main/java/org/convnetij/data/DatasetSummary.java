package org.convnetij.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What loading a labelled folder did: images per class, files skipped and why, and the conversions applied
 * (said once for the whole set, not per image). {@link #toString()} is the text shown to the user.
 */
public final class DatasetSummary {

	/** A file that was not used, with the reason. */
	public record Skipped(Path file, String reason) {
		@Override
		public String toString() {
			return file + ": " + reason;
		}
	}

	private final Path folder;
	private final InputShape shape;
	private final Normalization normalization;
	private final List<String> classNames;
	private final int[] counts;
	private final List<Skipped> skipped;
	private final int grayToRgb, rgbToGray, resized;
	private final Map<String, Integer> otherSizes;
	private final Map<Integer, Integer> bitDepths;

	DatasetSummary(final Path folder, final InputShape shape, final Normalization normalization,
		final List<String> classNames, final int[] counts, final List<Skipped> skipped, final int grayToRgb,
		final int rgbToGray, final int resized, final Map<String, Integer> otherSizes,
		final Map<Integer, Integer> bitDepths)
	{
		this.folder = folder;
		this.shape = shape;
		this.normalization = normalization;
		this.classNames = List.copyOf(classNames);
		this.counts = counts.clone();
		this.skipped = skipped.stream().sorted((a, b) -> a.file().compareTo(b.file())).toList();
		this.grayToRgb = grayToRgb;
		this.rgbToGray = rgbToGray;
		this.resized = resized;
		this.otherSizes = new TreeMap<>(otherSizes);
		this.bitDepths = new TreeMap<>(bitDepths);
	}

	public Path folder() {
		return folder;
	}

	public List<String> classNames() {
		return classNames;
	}

	/** Images loaded per class, in class order. */
	public int[] countsPerClass() {
		return counts.clone();
	}

	public int imageCount() {
		int n = 0;
		for (final int c : counts) n += c;
		return n;
	}

	/** Files not used (unreadable, not an image, wrong kind of image), with reasons, sorted by path. */
	public List<Skipped> skipped() {
		return skipped;
	}

	/** Gray images whose value was copied into 3 channels. */
	public int grayToRgbCount() {
		return grayToRgb;
	}

	/** RGB images converted to gray by luminance. */
	public int rgbToGrayCount() {
		return rgbToGray;
	}

	/** Images whose size differed from the input size and were resized. */
	public int resizedCount() {
		return resized;
	}

	/** The sizes ("100x80") other than the input size, with how many images had each. */
	public Map<String, Integer> otherSizes() {
		return otherSizes;
	}

	/** Images per bit depth per channel (8, 16, 32). */
	public Map<Integer, Integer> bitDepths() {
		return bitDepths;
	}

	/** The conversions, one line each (empty if none). */
	public List<String> conversions() {
		final List<String> lines = new ArrayList<>();
		if (rgbToGray > 0) lines.add(rgbToGray + " RGB image(s) converted to gray by luminance (0.299 R + 0.587 G + " +
			"0.114 B)");
		if (grayToRgb > 0) lines.add(grayToRgb + " gray image(s) converted to RGB (value copied to R, G and B)");
		if (resized > 0) lines.add(resized + " image(s) resized bilinearly to " + shape.width() + "x" +
			shape.height() + " from " + otherSizes);
		if (bitDepths.getOrDefault(32, 0) > 0 && normalization.method() != Normalization.Method.NONE &&
			normalization.method() != Normalization.Method.MINMAX)
		{
			lines.add(bitDepths.get(32) + " 32-bit image(s) scaled per image by their min and max to [0, 1]");
		}
		return lines;
	}

	/** Several lines: classes and counts, skipped files with reasons, conversions, normalisation. */
	@Override
	public String toString() {
		final StringBuilder b = new StringBuilder();
		b.append(folder).append(": ").append(imageCount()).append(" images, ").append(classNames.size())
			.append(" classes (");
		for (int c = 0; c < counts.length; c++) {
			if (c > 0) b.append(", ");
			b.append(classNames.get(c)).append(": ").append(counts[c]);
		}
		b.append("), input ").append(shape).append(", normalisation ").append(normalization).append('\n');
		b.append("bit depths ").append(bitDepths).append('\n');
		if (!skipped.isEmpty()) {
			b.append(skipped.size()).append(" file(s) skipped:\n");
			for (final Skipped s : skipped) b.append("  ").append(folder.relativize(s.file())).append(": ")
				.append(s.reason()).append('\n');
		}
		for (final String line : conversions()) b.append(line).append('\n');
		return b.toString();
	}
}
