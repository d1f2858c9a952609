package org.convnetij.transfer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.convnetij.nn.Architecture;
import org.convnetij.util.UserInputException;

/**
 * The ImageNet weight files that Keras Applications publishes, by architecture, with and without the classifier
 * ("notop"): their file names, download addresses and the folder where Keras keeps them
 * ({@code ~/.keras/models}). Where a machine has no internet access, {@link #locate} tells the user which file to
 * fetch and where to put it, instead of downloading.
 */
public final class KerasApplicationsWeights {

	/** Where Keras Applications' files are downloaded from. */
	public static final String BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/";

	private KerasApplicationsWeights() {}

	/** The file name, such as {@code vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5}. */
	public static String fileName(final Architecture architecture, final boolean includeTop) {
		switch (architecture) {
			case MOBILENETV2:
				return "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224" + (includeTop ? "" : "_no_top") + ".h5";
			case VGG16:
			case VGG19:
			case RESNET50:
			case INCEPTIONV3:
			case INCEPTIONRESNETV2:
			case DENSENET121:
			case DENSENET169:
			case DENSENET201:
				return stem(architecture) + "_weights_tf_dim_ordering_tf_kernels" + (includeTop ? "" : "_notop") + ".h5";
			default:
				throw new UserInputException("Keras Applications has no pretrained weights for '" + architecture.key() +
					"': those exist for vgg16, vgg19, resnet50, inceptionv3, inceptionresnetv2, densenet121, " +
					"densenet169, densenet201 and mobilenetv2");
		}
	}

	/** The download address of the file. */
	public static String url(final Architecture architecture, final boolean includeTop) {
		return BASE_URL + folder(architecture) + "/" + fileName(architecture, includeTop);
	}

	/** Keras's own cache folder, {@code ~/.keras/models}. */
	public static Path kerasFolder() {
		return Path.of(System.getProperty("user.home"), ".keras", "models");
	}

	/**
	 * The weight file to read: {@code given} when it is set (a file), else the Keras Applications file in
	 * {@link #kerasFolder()}; when that is missing too, a message with the address to fetch and where to put it.
	 */
	public static Path locate(final Architecture architecture, final boolean includeTop, final Path given) {
		if (given != null && !given.toString().isEmpty()) {
			if (Files.exists(given)) return given;
			throw new UserInputException("the weight file '" + given + "' does not exist" + hint(architecture,
				includeTop, given.getParent()));
		}
		final Path cached = kerasFolder().resolve(fileName(architecture, includeTop));
		if (Files.isRegularFile(cached)) return cached;
		throw new UserInputException("no weight file given and none at '" + cached + "'" + hint(architecture,
			includeTop, kerasFolder()));
	}

	private static String hint(final Architecture a, final boolean includeTop, final Path folder) {
		if (a == null || !hasFile(a)) return "";
		return ": fetch " + url(a, includeTop) + " (the file " + fileName(a, includeTop) + ") on a machine with " +
			"internet access and put it into " + (folder == null ? kerasFolder() : folder) +
			" (or anywhere, and give its path as source)";
	}

	/** True where Keras Applications publishes ImageNet weights for the architecture. */
	public static boolean hasFile(final Architecture a) {
		switch (a) {
			case MOBILENETV2:
			case VGG16:
			case VGG19:
			case RESNET50:
			case INCEPTIONV3:
			case INCEPTIONRESNETV2:
			case DENSENET121:
			case DENSENET169:
			case DENSENET201:
				return true;
			default:
				return false;
		}
	}

	private static String stem(final Architecture a) {
		switch (a) {
			case INCEPTIONV3:
				return "inception_v3";
			case INCEPTIONRESNETV2:
				return "inception_resnet_v2";
			default:
				return a.key().toLowerCase(Locale.ROOT);
		}
	}

	private static String folder(final Architecture a) {
		switch (a) {
			case MOBILENETV2:
				return "mobilenet_v2";
			case RESNET50:
				return "resnet";
			case DENSENET121:
			case DENSENET169:
			case DENSENET201:
				return "densenet";
			default:
				return stem(a);
		}
	}
}
