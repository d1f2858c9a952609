package org.convnetij.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switch between TensorFlow's CPU and GPU natives: the Maven profile gpu puts the linux-x86_64-gpu classifier
 * in place of linux-x86_64 (checked on the dependency tree, which needs no download of the 526 MB GPU jar).
 */
class GpuProfileIT {

	@TempDir
	Path tmp;

	@Test
	void theGpuProfileSwapsTheNativeClassifier() throws Exception {
		assertEquals(List.of("org.tensorflow:tensorflow-core-native:jar:linux-x86_64:1.1.0"), natives(false));
		assertEquals(List.of("org.tensorflow:tensorflow-core-native:jar:linux-x86_64-gpu:1.1.0"), natives(true));
	}

	private List<String> natives(final boolean gpu) throws Exception {
		final Path tree = tmp.resolve(gpu ? "gpu.txt" : "cpu.txt");
		final List<String> cmd = new ArrayList<>(List.of("mvn", "-o", "-B", "-q"));
		if (gpu) cmd.add("-Pgpu");
		cmd.addAll(List.of("dependency:tree", "-Dincludes=org.tensorflow:tensorflow-core-native", "-DoutputFile=" +
			tree));
		final Processes.Result r = Processes.run(cmd, true, 180, true);
		assertEquals(0, r.exitCode, r::toString);
		final List<String> classified = new ArrayList<>();
		for (final String line : Files.readAllLines(tree)) {
			final String coordinates = line.replaceAll("^[|+\\\\\\- ]+", "").replaceAll(":compile$", "");
			if (coordinates.matches("org\\.tensorflow:tensorflow-core-native:jar:[^:]+:.+")) classified.add(
				coordinates);
		}
		assertFalse(classified.isEmpty(), String.join("\n", Files.readAllLines(tree)));
		assertTrue(classified.stream().allMatch(c -> c.contains("linux-x86_64")));
		return classified;
	}
}
