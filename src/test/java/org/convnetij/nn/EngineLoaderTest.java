package org.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's class loader with the real jars of TensorFlow Java, protobuf, javacpp and ndarray copied from the test
 * class path into an engine folder: their classes and resources come from that folder even though the parent (the
 * test class path) has the same names, TensorFlow's natives load and run there, the core types stay one class; the
 * folder is found beside the plugin jar in the ImageJ home and in a Fiji installation, or named by a property.
 */
class EngineLoaderTest {

	private static final List<String> ENGINE_JARS = List.of("tensorflow-core-api-", "tensorflow-core-native-",
		"ndarray-", "javacpp-", "protobuf-java-");

	@TempDir
	Path tmp;

	@Test
	void enginePackagesComeFromTheFolderAndEverythingElseFromTheParent() throws Exception {
		final Path folder = engineFolder(tmp.resolve(EngineLoader.FOLDER));
		final ClassLoader parent = getClass().getClassLoader();
		final ClassLoader engine = EngineLoader.childFirst(folder, parent);

		for (final String name : List.of("org.tensorflow.Tensor", "com.google.protobuf.Message",
			"org.bytedeco.javacpp.Loader", "org.tensorflow.ndarray.Shape"))
		{
			final Class<?> inEngine = Class.forName(name, false, engine);
			final Class<?> onClassPath = Class.forName(name, false, parent);
			assertNotSame(onClassPath, inEngine, name + " is the engine's own");
			assertSame(engine, inEngine.getClassLoader(), name);
			assertTrue(location(inEngine).startsWith(folder.toString()), location(inEngine));
		}
		// the core: one class on both sides
		assertSame(EngineLoader.class, Class.forName(EngineLoader.class.getName(), false, engine));
		assertSame(Test.class, Class.forName(Test.class.getName(), false, engine));
		assertSame(String.class, Class.forName("java.lang.String", false, engine));
		// a class of an engine package that the folder lacks: the parent's
		assertSame(EngineLoaderTest.class, Class.forName(EngineLoaderTest.class.getName(), false, engine));

		// resources of the engine packages: the folder's first (the natives among them), then the parent's
		final String properties = "org/bytedeco/javacpp/properties/linux-x86_64.properties";
		final URL own = engine.getResource(properties);
		assertNotNull(own);
		assertTrue(own.getPath().contains(folder.toString()), own.toString());
		final List<URL> all = Collections.list(engine.getResources(properties));
		assertEquals(own, all.get(0));
		assertEquals(2, all.size(), all.toString());
		assertFalse(engine.getResource("META-INF/MANIFEST.MF").getPath().contains(folder.toString()),
			"other resources parent-first");
	}

	/**
	 * In a JVM of its own: TensorFlow's natives loaded by a second class loader stay loaded for the JVM's life, and
	 * the other tests of this JVM use TensorFlow from the class path.
	 */
	@Test
	void tensorFlowRunsInsideTheEngineLoader() throws Exception {
		final Path folder = engineFolder(tmp.resolve(EngineLoader.FOLDER));
		final Process p = new ProcessBuilder("java", "-cp", System.getProperty("java.class.path"), Probe.class
			.getName(), folder.toString()).redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), out);
		assertEquals(0, p.exitValue(), out);
		assertTrue(out.matches("(?s).*TensorFlow 2\\.\\d+\\.\\d+ in the engine loader, natives loaded there: true, on " +
			"the class path: false\n.*"), out);
	}

	/** TensorFlow through the engine loader over the folder given; which javacpp loaded the natives. */
	static final class Probe {
		public static void main(final String[] args) throws Exception {
			final ClassLoader engine = EngineLoader.childFirst(Path.of(args[0]), Probe.class.getClassLoader());
			final String version = (String) Class.forName("org.tensorflow.TensorFlow", true, engine).getMethod(
				"version").invoke(null);
			System.out.println("TensorFlow " + version + " in the engine loader, natives loaded there: " + tensorFlowIn(
				engine) + ", on the class path: " + tensorFlowIn(Probe.class.getClassLoader()));
		}

		private static boolean tensorFlowIn(final ClassLoader loader) throws Exception {
			final Object loaded = Class.forName("org.bytedeco.javacpp.Loader", true, loader).getMethod(
				"getLoadedLibraries").invoke(null);
			return ((java.util.Map<?, ?>) loaded).keySet().stream().anyMatch(k -> k.toString().contains("tensorflow"));
		}
	}

	@Test
	void theFolderIsFoundBesideThePluginJar() throws Exception {
		// the repository's ImageJ home: plugins/jars/convnet-ij.jar and plugins/jars/convnet-tensorflow/
		final Path home = tmp.resolve("home/plugins/jars");
		final Path homeJar = Files.createDirectories(home).resolve("convnet-ij.jar");
		Files.write(homeJar, new byte[] { 0 });
		assertNull(EngineLoader.folder(null, homeJar), "no engine folder yet");
		Files.createDirectories(home.resolve(EngineLoader.FOLDER));
		assertNull(EngineLoader.folder(null, homeJar), "an empty folder is none");
		Files.write(home.resolve(EngineLoader.FOLDER).resolve("convnet-tensorflow.jar"), new byte[] { 0 });
		assertEquals(home.resolve(EngineLoader.FOLDER), EngineLoader.folder(null, homeJar));

		// Fiji: jars/convnet-ij.jar and lib/convnet-tensorflow/ (outside jars/, whose subfolders Fiji loads)
		final Path fiji = tmp.resolve("Fiji.app");
		final Path fijiJar = Files.createDirectories(fiji.resolve("jars")).resolve("convnet-ij.jar");
		Files.write(fijiJar, new byte[] { 0 });
		final Path lib = Files.createDirectories(fiji.resolve("lib").resolve(EngineLoader.FOLDER));
		Files.write(lib.resolve("protobuf-java-3.21.9.jar"), new byte[] { 0 });
		assertEquals(lib, EngineLoader.folder(null, fijiJar));

		// classes in a folder (Maven, an IDE): none
		assertNull(EngineLoader.folder(null, Files.createDirectories(tmp.resolve("classes"))));
		assertNull(EngineLoader.folder(null, null));

		// the property wins, and a wrong one is named
		assertEquals(home.resolve(EngineLoader.FOLDER), EngineLoader.folder(home.resolve(EngineLoader.FOLDER)
			.toString(), fijiJar));
		final UserInputException e = assertThrows(UserInputException.class, () -> EngineLoader.folder(tmp.resolve(
			"nowhere").toString(), fijiJar));
		assertTrue(e.getMessage().startsWith("convnet.engine.dir names no folder with jars: "), e.getMessage());
	}

	@Test
	void withoutAnEngineFolderItIsTheOwnClassLoaderOncePerJvm() {
		// Maven's tests: the classes come from target/classes, TensorFlow from the class path
		assertSame(EngineLoader.class.getClassLoader(), EngineLoader.tensorflow());
		assertSame(EngineLoader.tensorflow(), EngineLoader.tensorflow());
		assertNull(EngineLoader.folder());
	}

	@Test
	void childFirstPrefixes() {
		assertTrue(EngineLoader.childFirst("org.tensorflow.Tensor"));
		assertTrue(EngineLoader.childFirst("com.google.protobuf.Message"));
		assertTrue(EngineLoader.childFirst("org.bytedeco.javacpp.Loader"));
		assertTrue(EngineLoader.childFirst("org.convnetij.tf.TensorFlowEngine"));
		assertFalse(EngineLoader.childFirst("org.convnetij.nn.Network"));
		assertFalse(EngineLoader.childFirst("org.tensorflowx.Other"));
		assertTrue(EngineLoader.childFirstResource("org/tensorflow/internal/c_api/linux-x86_64/libtensorflow.so.2"));
		assertTrue(EngineLoader.childFirstResource("/com/google/protobuf/any.proto"));
		assertFalse(EngineLoader.childFirstResource("META-INF/services/org.convnetij.nn.NetworkEngine"));
	}

	/** The engine's jars from the test class path, copied into {@code folder}. */
	private static Path engineFolder(final Path folder) throws IOException {
		Files.createDirectories(folder);
		final List<String> copied = new ArrayList<>();
		for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			final String name = Path.of(entry).getFileName().toString();
			if (name.endsWith(".jar") && ENGINE_JARS.stream().anyMatch(name::startsWith)) {
				Files.copy(Path.of(entry), folder.resolve(name));
				copied.add(name);
			}
		}
		assertEquals(6, copied.size(), "api, native (2), ndarray, javacpp, protobuf: " + copied);
		return folder;
	}

	private static String location(final Class<?> c) throws Exception {
		return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
	}
}
