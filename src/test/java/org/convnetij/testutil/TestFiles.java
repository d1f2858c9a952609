package org.convnetij.testutil;

import java.nio.file.Files;
import java.nio.file.Path;

import org.convnetij.data.FashionMnist;

/**
 * The data the tests read, all inside the repository or installed by {@code .ci/run}: the bundled sample images
 * and pretrained MobileNetV2 ({@code sample-images/}), and Fashion-MNIST where {@link FashionMnist#locate} finds
 * it (Debian's {@code dataset-fashion-mnist} package, or {@code CONVNET_DATA}).
 */
public final class TestFiles {

	private TestFiles() {}

	/** A file or folder of {@code sample-images/} (tests run in the repository root under Maven). */
	public static Path sample(final String name) {
		final Path p = Path.of("sample-images", name);
		if (!Files.exists(p)) throw new IllegalStateException("missing sample " + p.toAbsolutePath());
		return p;
	}

	/** The pretrained MobileNetV2 in TensorFlow.js layers format (model.json and one weight shard). */
	public static Path mobileNetV2() {
		return sample("mobilenet_v2_tfjs");
	}

	/** The folder of the four Fashion-MNIST files. */
	public static Path fashionMnist() {
		return FashionMnist.locate(null);
	}
}
