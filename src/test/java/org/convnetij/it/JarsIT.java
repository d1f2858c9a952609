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
 * plain-ImageJ bridge jar the bridge, the launcher and plugins.config; the TensorFlow engine a jar in a folder of its
 * own with its libraries (none of them on the launcher's class path), and the Fiji-shaped folder its three parts;
 * the Spark jobs only their own jar (target/convnet-spark.jar), with Spark's jars in target/spark-jars and none in
 * plugins/jars.
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
	void theEngineHasAJarAndAFolderOfItsOwn() throws Exception {
		final List<String> fiji = entries(new File(Processes.ROOT, "plugins/jars/convnet-ij.jar"));
		assertEquals(List.of(), fiji.stream().filter(e -> e.startsWith("org/convnetij/tf/") || e.startsWith(
			"org/tensorflow/") || e.equals("META-INF/services/org.convnetij.nn.NetworkEngine")).collect(Collectors
				.toList()), "the engine stays out of the Fiji jar");
		assertTrue(fiji.contains("org/convnetij/nn/EngineLoader.class"));

		final File folder = new File(Processes.ROOT, "plugins/jars/convnet-tensorflow");
		final List<String> engine = entries(new File(folder, "convnet-tensorflow.jar"));
		assertTrue(engine.contains("org/convnetij/tf/TensorFlowCheck.class"), engine.toString());
		assertTrue(engine.contains("META-INF/services/org.convnetij.nn.NetworkEngine"), engine.toString());
		assertEquals(List.of(), engine.stream().filter(e -> e.endsWith(".class") && !e.startsWith(
			"org/convnetij/tf/")).collect(Collectors.toList()), "nothing but the engine");
		assertEquals(List.of("convnet-tensorflow.jar", "javacpp-1.5.11.jar", "ndarray-1.0.0.jar",
			"protobuf-java-3.21.9.jar", "tensorflow-core-api-1.1.0.jar", "tensorflow-core-native-1.1.0-linux-x86_64.jar",
			"tensorflow-core-native-1.1.0.jar", "tensorflow-framework-1.1.0.jar"), names(folder));
		assertEquals(List.of(), names(new File(Processes.ROOT, "plugins/jars")).stream().filter(n -> n.startsWith(
			"tensorflow") || n.startsWith("protobuf") || n.startsWith("javacpp") || n.startsWith("ndarray")).collect(
				Collectors.toList()), "the launcher's class path (plugins/jars/*) has no TensorFlow");

		// the Fiji-shaped folder: the plugin jar and jhdf in jars/, the engine in lib/, the macros
		final File install = new File(Processes.ROOT, "target/fiji-install");
		assertEquals(List.of("compress-lzf-1.1.2.jar", "convnet-ij.jar", "jhdf-0.9.4.jar"), names(new File(install,
			"jars")));
		assertEquals(names(folder), names(new File(install, "lib/convnet-tensorflow")));
		assertEquals(names(new File(Processes.ROOT, "macros")), names(new File(install, "macros/ConvNet-IJ")));
	}

	private static List<String> names(final File folder) {
		final String[] names = folder.list((d, n) -> new File(d, n).isFile());
		assertTrue(names != null, folder + " exists");
		return java.util.Arrays.stream(names).sorted().collect(Collectors.toList());
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
