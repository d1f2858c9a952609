package org.convnetij.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;

/**
 * The named architectures, by key (as in convnet.json and the {@code architecture} command key), with the smallest
 * input each one accepts and its usual input.
 */
public enum Architecture {
	LENET5("lenet5", 32, 32, 1, 10),
	ALEXNET("alexnet", 67, 227, 3, 1000),
	ZFNET("zfnet", 53, 224, 3, 1000),
	VGG16("vgg16", 32, 224, 3, 1000),
	VGG19("vgg19", 32, 224, 3, 1000),
	GOOGLENET("googlenet", 32, 224, 3, 1000),
	INCEPTIONV3("inceptionv3", 75, 299, 3, 1000),
	INCEPTIONRESNETV2("inceptionresnetv2", 75, 299, 3, 1000),
	RESNET50("resnet50", 32, 224, 3, 1000),
	DENSENET121("densenet121", 32, 224, 3, 1000),
	DENSENET169("densenet169", 32, 224, 3, 1000),
	DENSENET201("densenet201", 32, 224, 3, 1000),
	MOBILENETV2("mobilenetv2", 32, 224, 3, 1000),
	/** The INPUT -> [[CONV -> RELU]*N -> POOL?]*M -> [FC -> RELU]*K -> FC pattern, see {@link ConvPattern}. */
	CUSTOM("custom", 1, 28, 1, 10);

	private final String key;
	private final int minimumSize;
	private final int usualSize;
	private final int usualChannels;
	private final int usualClasses;

	Architecture(final String key, final int minimumSize, final int usualSize, final int usualChannels,
		final int usualClasses)
	{
		this.key = key;
		this.minimumSize = minimumSize;
		this.usualSize = usualSize;
		this.usualChannels = usualChannels;
		this.usualClasses = usualClasses;
	}

	/** "vgg16", "resnet50", ... */
	public String key() {
		return key;
	}

	/**
	 * Smallest width and height the architecture accepts (Keras Applications' minimum where it has one). For custom
	 * it depends on the pattern: its layers say when an input is too small.
	 */
	public int minimumSize() {
		return minimumSize;
	}

	/** The input of the paper or of Keras's ImageNet weights, e.g. 224 x 224 x 3. */
	public InputShape usualInput() {
		return InputShape.of(usualSize, usualSize, usualChannels);
	}

	/** Classes of the paper's or Keras's classifier: 1000 (ImageNet), 10 for lenet5 and custom. */
	public int usualClasses() {
		return usualClasses;
	}

	/** The input of these sizes, where 0 takes the usual value ({@link #usualInput()}). */
	public InputShape input(final int width, final int height, final int channels) {
		final InputShape usual = usualInput();
		return InputShape.of(width == 0 ? usual.width() : width, height == 0 ? usual.height() : height, channels == 0
			? usual.channels() : channels);
	}

	public static Architecture parse(final String key) {
		final String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
		for (final Architecture a : values()) {
			if (a.key.equals(k)) return a;
		}
		throw new UserInputException("architecture must be one of " + String.join(", ", keys()) + ", not '" + key + "'");
	}

	public static List<String> keys() {
		final List<String> keys = new ArrayList<>();
		for (final Architecture a : values()) keys.add(a.key);
		return keys;
	}

	/** Throws a message naming the minimum when the input is smaller. */
	void checkInput(final InputShape input) {
		if (input.width() < minimumSize || input.height() < minimumSize) {
			throw new UserInputException(key + " needs an input of at least " + minimumSize + " x " + minimumSize +
				" pixels, not " + input.width() + " x " + input.height());
		}
	}
}
