package org.convnetij.nn;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;

import org.convnetij.util.UserInputException;

/**
 * The class loader of the TensorFlow engine. The engine (package {@code org.convnetij.tf}) and its libraries
 * (TensorFlow Java 1.1, protobuf 3.21, javacpp, ndarray and the natives) live in a folder of their own, beside the
 * plugin jar: {@code plugins/jars/convnet-tensorflow/} in the repository's ImageJ home, {@code lib/convnet-tensorflow/}
 * in a Fiji installation (Fiji's launcher puts {@code jars/} and its subfolders on the class path, so the engine stays
 * out of {@code jars/}). They are loaded <em>child-first</em>: classes and resources of {@code org.tensorflow.},
 * {@code com.google.protobuf.}, {@code org.bytedeco.} and {@code org.convnetij.tf.} come from that folder even when
 * Fiji's class path has TensorFlow 1.15 ({@code org.tensorflow.Tensor} a class there) or protobuf 4 ahead of them;
 * everything else comes from the plugin's own class loader, so that {@code Network} and the other core types are one
 * class on both sides.
 * <p>
 * Without an engine folder (Maven's tests, an IDE: TensorFlow on the class path) it is the plugin's own class loader.
 * The system property {@value #FOLDER_PROPERTY} names another folder.
 * <p>
 * One loader per JVM: a second one would load a second copy of TensorFlow's native libraries (about 40 MB each
 * time, never freed).
 */
public final class EngineLoader {

	/** System property: the engine folder, instead of the one found beside the plugin jar. */
	public static final String FOLDER_PROPERTY = "convnet.engine.dir";

	/** The engine folder's name. */
	public static final String FOLDER = "convnet-tensorflow";

	/** Package prefixes loaded from the engine folder first; everything else from the parent first. */
	static final List<String> CHILD_FIRST = List.of("org.tensorflow.", "com.google.protobuf.", "org.bytedeco.",
		"org.convnetij.tf.");

	private static ClassLoader tensorflow;
	private static Path folder;

	private EngineLoader() {}

	/**
	 * The class loader to find the TensorFlow engine with ({@code ServiceLoader.load(NetworkEngine.class,
	 * EngineLoader.tensorflow())}): the same one for the life of the JVM.
	 *
	 * @throws UserInputException when {@value #FOLDER_PROPERTY} names no folder with jars
	 */
	public static synchronized ClassLoader tensorflow() {
		if (tensorflow == null) {
			final ClassLoader own = EngineLoader.class.getClassLoader();
			final Path found = folder(System.getProperty(FOLDER_PROPERTY), codeSource(EngineLoader.class));
			tensorflow = found == null ? own : childFirst(found, own);
			folder = found;
		}
		return tensorflow;
	}

	/** The engine folder in use; null when the engine comes from the plugin's own class path. */
	public static synchronized Path folder() {
		tensorflow();
		return folder;
	}

	/**
	 * The engine folder: {@code property} when given, else {@code convnet-tensorflow/} beside the jar {@code
	 * codeSource} (the ImageJ home: plugins/jars/) or {@code ../lib/convnet-tensorflow/} (Fiji: jars/ and lib/);
	 * null when none holds jars or the code comes from a folder of classes.
	 */
	static Path folder(final String property, final Path codeSource) {
		if (property != null && !property.isBlank()) {
			final Path dir = Path.of(property.trim()).toAbsolutePath().normalize();
			if (jars(dir).isEmpty()) {
				throw new UserInputException(FOLDER_PROPERTY + " names no folder with jars: " + dir + " (leave it " +
					"unset, or name the " + FOLDER + " folder)");
			}
			return dir;
		}
		if (codeSource == null || !Files.isRegularFile(codeSource)) return null;
		final Path dir = codeSource.toAbsolutePath().normalize().getParent();
		if (dir == null) return null;
		final List<Path> candidates = new ArrayList<>(List.of(dir.resolve(FOLDER)));
		if (dir.getParent() != null) candidates.add(dir.getParent().resolve("lib").resolve(FOLDER));
		for (final Path candidate : candidates) {
			if (!jars(candidate).isEmpty()) return candidate;
		}
		return null;
	}

	/** A child-first class loader over the jars of {@code folder}, in name order. */
	static ClassLoader childFirst(final Path folder, final ClassLoader parent) {
		final List<Path> jars = jars(folder);
		final URL[] urls = new URL[jars.size()];
		try {
			for (int i = 0; i < urls.length; i++) urls[i] = jars.get(i).toUri().toURL();
		}
		catch (final MalformedURLException e) {
			throw new IllegalStateException(e);
		}
		return new ChildFirst(urls, parent);
	}

	/** The jar (or folder of classes) that holds {@code c}; null when unknown. */
	static Path codeSource(final Class<?> c) {
		final CodeSource source = c.getProtectionDomain().getCodeSource();
		if (source == null || source.getLocation() == null) return null;
		try {
			return Path.of(source.getLocation().toURI());
		}
		catch (final URISyntaxException | IllegalArgumentException e) {
			return null;
		}
	}

	static List<Path> jars(final Path folder) {
		if (!Files.isDirectory(folder)) return List.of();
		try (Stream<Path> s = Files.list(folder)) {
			return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted()
				.toList();
		}
		catch (final IOException e) {
			return List.of();
		}
	}

	static boolean childFirst(final String className) {
		for (final String prefix : CHILD_FIRST) {
			if (className.startsWith(prefix)) return true;
		}
		return false;
	}

	static boolean childFirstResource(final String name) {
		final String path = name.startsWith("/") ? name.substring(1) : name;
		return childFirst(path.replace('/', '.'));
	}

	/** Child-first for {@link #CHILD_FIRST} (classes and resources), parent-first for everything else. */
	private static final class ChildFirst extends URLClassLoader {

		static {
			ClassLoader.registerAsParallelCapable();
		}

		ChildFirst(final URL[] urls, final ClassLoader parent) {
			super("convnet-tensorflow", urls, parent);
		}

		@Override
		protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException {
			if (!childFirst(name)) return super.loadClass(name, resolve);
			synchronized (getClassLoadingLock(name)) {
				Class<?> c = findLoadedClass(name);
				if (c == null) {
					try {
						c = findClass(name);
					}
					catch (final ClassNotFoundException e) {
						c = super.loadClass(name, false); // not in the engine folder: the parent's
					}
				}
				if (resolve) resolveClass(c);
				return c;
			}
		}

		@Override
		public URL getResource(final String name) {
			if (!childFirstResource(name)) return super.getResource(name);
			final URL own = findResource(name);
			return own != null ? own : super.getResource(name);
		}

		@Override
		public Enumeration<URL> getResources(final String name) throws IOException {
			if (!childFirstResource(name)) return super.getResources(name);
			final List<URL> urls = new ArrayList<>(Collections.list(findResources(name)));
			final ClassLoader parent = getParent();
			if (parent != null) {
				for (final URL url : Collections.list(parent.getResources(name))) {
					if (!urls.contains(url)) urls.add(url);
				}
			}
			return Collections.enumeration(urls);
		}

		@Override
		public String toString() {
			final URL[] urls = getURLs();
			return "convnet-tensorflow class loader (" + urls.length + " jars in " + (urls.length == 0 ? "?" :
				new File(urls[0].getPath()).getParent()) + ")";
		}
	}
}
