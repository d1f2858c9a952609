package org.convnetij.transfer;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.convnetij.nn.Architecture;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;

/**
 * The ImageNet weight files that Keras Applications publishes, by architecture, with and without the classifier
 * ("notop"): their file names, download addresses, hashes and the folder where Keras keeps them
 * ({@code ~/.keras/models}). With no file given, {@link #locate} takes the file from that folder, else downloads it
 * there (checked by hash, see {@link WeightDownload}); where that fails (no internet access), the message says which
 * file to fetch and where to put it.
 */
public final class KerasApplicationsWeights {

	/** Where Keras Applications' files are downloaded from. */
	public static final String BASE_URL = "https://storage.googleapis.com/tensorflow/keras-applications/";

	/** System property that replaces {@link #BASE_URL} (a mirror, or a local server in tests). */
	public static final String BASE_URL_PROPERTY = "convnet.keras.weights.url";

	/**
	 * System property naming the folder of the weight files (the cache); without it {@code $KERAS_HOME/models} where
	 * the environment variable KERAS_HOME is set (as Keras does), else {@code ~/.keras/models}.
	 */
	public static final String CACHE_PROPERTY = "convnet.keras.cache";

	/**
	 * The hashes Keras checks its downloads with ({@code file_hash} in keras/src/applications/vgg16.py, vgg19.py,
	 * resnet.py, inception_v3.py, inception_resnet_v2.py, densenet.py of Keras 3), by file name; 32 hex digits are
	 * MD5. Keras gives none for MobileNetV2 (mobilenet_v2.py calls get_file without a hash): those files are not
	 * downloaded, only taken from the folder.
	 */
	private static final Map<String, String> HASHES = Map.ofEntries(
		Map.entry("vgg16_weights_tf_dim_ordering_tf_kernels.h5", "64373286793e3c8b2b4e3219cbf3544b"),
		Map.entry("vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5", "6d6bbae143d832006294945121d1f1fc"),
		Map.entry("vgg19_weights_tf_dim_ordering_tf_kernels.h5", "cbe5617147190e668d6c5d5026f83318"),
		Map.entry("vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5", "253f8cb515780f3b799900260a226db6"),
		Map.entry("resnet50_weights_tf_dim_ordering_tf_kernels.h5", "2cb95161c43110f7111970584f804107"),
		Map.entry("resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5", "4d473c1dd8becc155b73f8504c6f6626"),
		Map.entry("inception_v3_weights_tf_dim_ordering_tf_kernels.h5", "9a0d58056eeedaa3f26cb7ebd46da564"),
		Map.entry("inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5", "bcbd6486424b2319ff4ef7d526e38f63"),
		Map.entry("inception_resnet_v2_weights_tf_dim_ordering_tf_kernels.h5", "e693bd0210a403b3192acc6073ad2e96"),
		Map.entry("inception_resnet_v2_weights_tf_dim_ordering_tf_kernels_notop.h5",
			"d19885ff4a710c122648d3b5c3b684e4"),
		Map.entry("densenet121_weights_tf_dim_ordering_tf_kernels.h5", "9d60b8095a5708f2dcce2bca79d332c7"),
		Map.entry("densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5", "30ee3e1110167f948a6b9946edeeb738"),
		Map.entry("densenet169_weights_tf_dim_ordering_tf_kernels.h5", "d699b8f76981ab1b30698df4c175e90b"),
		Map.entry("densenet169_weights_tf_dim_ordering_tf_kernels_notop.h5", "b8c4d4c20dd625c148057b9ff1c1176b"),
		Map.entry("densenet201_weights_tf_dim_ordering_tf_kernels.h5", "1ceb130c1ea1b78c3bf6114dbdfd8807"),
		Map.entry("densenet201_weights_tf_dim_ordering_tf_kernels_notop.h5", "c13680b51ded0fb44dff2d8f86ac8bb1"));

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

	/** The download address of the file (under {@link #baseUrl()}). */
	public static String url(final Architecture architecture, final boolean includeTop) {
		return url(baseUrl(), architecture, includeTop);
	}

	private static String url(final String base, final Architecture architecture, final boolean includeTop) {
		return base + folder(architecture) + "/" + fileName(architecture, includeTop);
	}

	/** {@link #BASE_URL}, or the system property {@value #BASE_URL_PROPERTY} where it is set; ends with a slash. */
	public static String baseUrl() {
		final String given = System.getProperty(BASE_URL_PROPERTY, "").trim();
		final String base = given.isEmpty() ? BASE_URL : given;
		return base.endsWith("/") ? base : base + "/";
	}

	/**
	 * The hash Keras checks the file with (MD5, 32 hex digits), or null where Keras publishes none (MobileNetV2): such
	 * a file is never downloaded.
	 */
	public static String fileHash(final Architecture architecture, final boolean includeTop) {
		return HASHES.get(fileName(architecture, includeTop));
	}

	/**
	 * The folder of the weight files: the system property {@value #CACHE_PROPERTY}, else {@code $KERAS_HOME/models},
	 * else Keras's own cache folder {@code ~/.keras/models} (so files Keras downloaded are reused).
	 */
	public static Path kerasFolder() {
		final String given = System.getProperty(CACHE_PROPERTY, "").trim();
		if (!given.isEmpty()) return Path.of(given);
		final String kerasHome = System.getenv("KERAS_HOME");
		if (kerasHome != null && !kerasHome.isBlank()) return Path.of(kerasHome, "models");
		return Path.of(System.getProperty("user.home"), ".keras", "models");
	}

	/** As {@link #locate(Architecture, boolean, Path, Progress)}, without progress. */
	public static Path locate(final Architecture architecture, final boolean includeTop, final Path given) {
		return locate(architecture, includeTop, given, Progress.NONE);
	}

	/**
	 * The weight file to read: {@code given} when it is set (a file; a missing one gets a message, it is never
	 * downloaded), else the Keras Applications file in {@link #kerasFolder()}, downloaded there first from
	 * {@link #url} where it is missing (checked by Keras's hash; 15 s to connect, 60 s without data at most). Where
	 * that fails, or Keras publishes no hash for the file, a message with the address to fetch and where to put it.
	 */
	public static Path locate(final Architecture architecture, final boolean includeTop, final Path given,
		final Progress progress)
	{
		if (given != null && !given.toString().isEmpty()) {
			if (Files.exists(given)) return given;
			throw new UserInputException("the weight file '" + given + "' does not exist" + hint(architecture,
				includeTop, given.getParent()));
		}
		return cachedOrDownloaded(architecture, includeTop, baseUrl(), kerasFolder(), progress,
			WeightDownload.Timeouts.STANDARD);
	}

	/** The file in {@code folder}, else downloaded from {@code base} into it; else a message what to do by hand. */
	static Path cachedOrDownloaded(final Architecture a, final boolean includeTop, final String base,
		final Path folder, final Progress progress, final WeightDownload.Timeouts timeouts)
	{
		final String name = fileName(a, includeTop);
		final Path cached = folder.resolve(name);
		if (Files.isRegularFile(cached)) return cached;
		final String hash = fileHash(a, includeTop);
		if (hash == null) {
			throw new UserInputException("no weight file given and none at '" + cached + "' (not downloaded: Keras " +
				"publishes no hash to check " + name + " with)" + hint(base, a, includeTop, folder));
		}
		final String url = url(base, a, includeTop);
		try {
			return WeightDownload.download(URI.create(url), cached, hash, progress, timeouts);
		}
		catch (final IOException e) {
			throw new UserInputException("no weight file given and none at '" + cached + "' (could not download: " +
				WeightDownload.reason(e) + ")" + hint(base, a, includeTop, folder));
		}
		catch (final UserInputException e) {
			// a wrong hash or a cancel: say what to do by hand as well
			throw new UserInputException(e.getMessage() + hint(base, a, includeTop, folder));
		}
	}

	private static String hint(final Architecture a, final boolean includeTop, final Path folder) {
		return hint(baseUrl(), a, includeTop, folder);
	}

	private static String hint(final String base, final Architecture a, final boolean includeTop, final Path folder) {
		if (a == null || !hasFile(a)) return "";
		return ": fetch " + url(base, a, includeTop) + " (the file " + fileName(a, includeTop) + ") on a machine with " +
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
