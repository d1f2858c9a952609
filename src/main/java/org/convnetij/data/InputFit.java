package org.convnetij.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.convnetij.util.UserInputException;

/**
 * Whether images fit what a model learnt from (its convnet.json: channels, bit depth, normalisation), before
 * Classify, Evaluate Model or Probability Map use them. An image that does not fit is refused with one line (what
 * the model expects, what the image is, what to do); the only conversions are lossless ones, each said once
 * ({@link #notes()}):
 * <ul>
 * <li>a gray image for an RGB model: the gray value repeated in R, G and B;</li>
 * <li>an 8- or 16-bit image for a model that learnt from 32-bit images: its values taken as 32-bit (exact).</li>
 * </ul>
 * An RGB image for a gray model is converted to gray by luminance, and said, when the model learnt from RGB images
 * converted that way ({@link #rgbAsGray}); otherwise it is refused (which weighting to use is the user's choice).
 * Refused too: a bit depth other than
 * the model's where the normalisation depends on it ({@code range}, {@code meanstd}: 8-bit divided by 255, 16-bit by
 * 65535, 32-bit by its own min and max; {@code none}: the raw values). {@code minmax} scales every image by its own
 * min and max, so any bit depth fits. A model that does not record its bit depth (folders written before it did,
 * SavedModels kept as they are) is not checked for it. Sizes are resized bilinearly, as the training images were.
 */
public final class InputFit {

	private final String model;
	private final InputShape shape;
	private final int bitDepth;
	private final Normalization normalization;
	private final Set<String> notes = new LinkedHashSet<>();
	private boolean rgbAsGray;

	private static final String RGB_AS_GRAY = "RGB image(s) converted to gray by luminance (0.299 R + 0.587 G + " +
		"0.114 B), as the model's training images were";

	/**
	 * @param model the model folder, as the messages name it
	 * @param bitDepth the bit depth of the model's training images, 0 when not known
	 */
	public InputFit(final String model, final InputShape shape, final int bitDepth, final Normalization normalization) {
		this.model = model;
		this.shape = shape;
		this.bitDepth = bitDepth;
		this.normalization = normalization;
	}

	/** RGB images are converted to gray by luminance (and said), as the model's training images were. */
	public InputFit rgbAsGray(final boolean converted) {
		rgbAsGray = converted;
		return this;
	}

	/** {@code raw} as the model takes it (the same image, or a lossless conversion), or a refusal naming {@code name}. */
	public RawImage fit(final RawImage raw, final String name) {
		if (raw.channels() == 3 && shape.channels() == 1 && rgbAsGray) notes.add(RGB_AS_GRAY);
		else if (raw.channels() == 3 && shape.channels() == 1) {
			throw new UserInputException(name + " is an RGB image but the model " + model + " takes gray images (1 " +
				"channel): convert it to gray first (Image > Type > 8-bit), or use a model trained on RGB images");
		}
		if (raw.channels() == 1 && shape.channels() == 3) {
			notes.add("gray image(s) given to an RGB model: the gray value is repeated in R, G and B (lossless)");
		}
		if (bitDepth == 0 || raw.bitDepth() == bitDepth || normalization.method() == Normalization.Method.MINMAX) {
			return raw;
		}
		if (bitDepth == 32) {
			notes.add(raw.bitDepth() + "-bit image(s) taken as 32-bit (lossless), as the model's training images were");
			return new RawImage(raw.width(), raw.height(), raw.channels(), 32, raw.pixels());
		}
		throw new UserInputException(name + " is a " + raw.bitDepth() + "-bit image but the model " + model +
			" learnt from " + bitDepth + "-bit images (normalisation " + normalization + "): convert it to " + bitDepth +
			"-bit first (Image > Type > " + bitDepth + "-bit), or use a model trained on " + raw.bitDepth() +
			"-bit images");
	}

	/**
	 * Refuses a loaded labelled folder whose images needed a conversion that is not lossless (RGB to gray) or had
	 * another bit depth than the model's (a folder is loaded with its own bit depths' scaling, so here even 8-bit
	 * images for a 32-bit model are refused).
	 */
	public void check(final DatasetSummary loaded) {
		if (loaded.rgbToGrayCount() > 0 && rgbAsGray) notes.add(RGB_AS_GRAY);
		else if (loaded.rgbToGrayCount() > 0) {
			throw new UserInputException(loaded.folder() + " has " + loaded.rgbToGrayCount() + " RGB image(s) but the " +
				"model " + model + " takes gray images (1 channel): convert them to gray first, or use a model trained " +
				"on RGB images");
		}
		if (loaded.grayToRgbCount() > 0) {
			notes.add("gray image(s) given to an RGB model: the gray value is repeated in R, G and B (lossless)");
		}
		if (bitDepth == 0 || normalization.method() == Normalization.Method.MINMAX) return;
		final List<String> other = new ArrayList<>();
		for (final Map.Entry<Integer, Integer> e : loaded.bitDepths().entrySet()) {
			if (e.getKey() != bitDepth && e.getValue() > 0) other.add(e.getValue() + " " + e.getKey() + "-bit");
		}
		if (other.isEmpty()) return;
		throw new UserInputException(loaded.folder() + " has " + String.join(" and ", other) + " image(s) but the model " +
			model + " learnt from " + bitDepth + "-bit images (normalisation " + normalization + "): convert them to " +
			bitDepth + "-bit first, or use a model trained on such images");
	}

	/** The lossless conversions made so far, each once. */
	public List<String> notes() {
		return List.copyOf(notes);
	}
}
