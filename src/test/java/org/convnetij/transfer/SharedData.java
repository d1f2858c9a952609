package org.convnetij.transfer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real data in shared/data next to the repository (or where -Dconvnetij.data points). */
public final class SharedData {

	private SharedData() {}

	public static Path folder() {
		final String property = System.getProperty("convnetij.data");
		final Path p = property != null ? Path.of(property) : Path.of("..", "shared", "data");
		assertTrue(Files.isDirectory(p), "shared data folder not found at " + p.toAbsolutePath() +
			" (set -Dconvnetij.data=...)");
		return p;
	}

	/** The MobileNetV2 in TensorFlow.js layers format. */
	public static Path mobileNetV2() {
		return folder().resolve("mobilenet_v2_tfjs");
	}
}
