package org.convnetij.cli;

import java.nio.file.Path;

/**
 * The repository (or unpacked release) the launcher runs from: the {@code convnet} script passes it as
 * {@code -Dconvnet.home}, so the bundled {@code sample-images/} are found from any working directory.
 */
final class LauncherHome {

	private LauncherHome() {}

	static Path folder() {
		return Path.of(System.getProperty("convnet.home", "."));
	}

	/** A file or folder of the bundled {@code sample-images/}. */
	static Path sample(final String name) {
		return folder().resolve("sample-images").resolve(name);
	}
}
