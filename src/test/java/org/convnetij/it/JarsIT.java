package org.convnetij.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * What each jar of the build carries: the Fiji jar the commands, the core, the engines and the SciJava index, and no
 * ImageJ 1 bridge, launcher or plugins.config (which would add every command to Fiji's menus a second time); the
 * plain-ImageJ bridge jar the bridge, the launcher and plugins.config; the Spark jobs only their own jar
 * (target/convnet-spark.jar), with Spark's jars in target/spark-jars and none in plugins/jars.
 */
class JarsIT {

	@Test
	void theFijiJarHasNoBridgeAndNoLauncher() throws Exception {
		final List<String> fiji = entries(new File(Processes.ROOT, "plugins/jars/convnet-ij.jar"));
		assertTrue(fiji.contains("org/convnetij/command/cnn/ClassifyCommand.class"), "the commands");
		assertTrue(fiji.contains("org/convnetij/filter/Filters.class"), "the core");
		assertTrue(fiji.contains("META-INF/json/org.scijava.plugin.Plugin"), "the SciJava index");
		assertFalse(fiji.contains("plugins.config"));
		assertEquals(List.of(), fiji.stream().filter(e -> e.startsWith("org/convnetij/ij1/") || e.startsWith(
			"org/convnetij/cli/")).collect(Collectors.toList()));

		final List<String> bridge = entries(new File(Processes.ROOT, "plugins/ConvNet_IJ.jar")).stream().filter(e -> !e
			.endsWith("/")).collect(Collectors.toList());
		assertTrue(bridge.contains("plugins.config"));
		assertTrue(bridge.contains("org/convnetij/ij1/CommandBridge.class"));
		assertTrue(bridge.contains("org/convnetij/cli/Main.class"), "the launcher runs from the bridge jar");
		assertEquals(List.of(), bridge.stream().filter(e -> e.startsWith("org/convnetij/") && !e.startsWith(
			"org/convnetij/ij1/") && !e.startsWith("org/convnetij/cli/")).collect(Collectors.toList()));
	}

	@Test
	void sparkStaysInItsOwnJar() throws Exception {
		final List<String> fiji = entries(new File(Processes.ROOT, "plugins/jars/convnet-ij.jar"));
		assertEquals(List.of(), fiji.stream().filter(e -> e.startsWith("org/convnetij/spark/")).collect(Collectors
			.toList()), "the Fiji jar has no Spark jobs");
		final String[] jars = new File(Processes.ROOT, "plugins/jars").list();
		assertEquals(List.of(), List.of(jars).stream().filter(n -> n.matches("(spark|scala|hadoop)-.*")).collect(
			Collectors.toList()), "plugins/jars carries no Spark");
		final List<String> spark = entries(new File(Processes.ROOT, "target/convnet-spark.jar")).stream().filter(e -> e
			.startsWith("org/")).collect(Collectors.toList());
		assertTrue(spark.contains("org/convnetij/spark/SparkJob.class"));
		assertEquals(List.of(), spark.stream().filter(e -> !e.startsWith("org/convnetij/spark/") && !e.endsWith("/"))
			.collect(Collectors.toList()), "the Spark jar holds the jobs only");
		final String[] sparkJars = new File(Processes.ROOT, "target/spark-jars").list();
		assertTrue(List.of(sparkJars).stream().anyMatch(n -> n.matches("spark-core_2\\.13-.*\\.jar")), "Spark's jars");
	}

	private static List<String> entries(final File jar) throws Exception {
		assertTrue(jar.isFile(), jar + " is built by mvn package");
		try (JarFile f = new JarFile(jar)) {
			return f.stream().map(java.util.zip.ZipEntry::getName).collect(Collectors.toList());
		}
	}
}
