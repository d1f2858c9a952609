package org.convnetij.tf;

import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import org.convnetij.nn.EngineLoader;
import org.convnetij.util.CheckLine;

/**
 * System Check's lines about TensorFlow: which TensorFlow the CNN commands get and where it was loaded from, the
 * natives (CPU or GPU build), the protobuf it sees, and whether TensorFlow sees a GPU. Every probe catches what a
 * broken installation throws, so the check itself never fails. The class-path clashes it names are those of Fiji
 * installations with the CSBDeep, StarDist or TensorFlow update sites: libtensorflow 1.15 defines the same class
 * names (org.tensorflow.Tensor is a class there, an interface in TensorFlow Java 1.1), and protobuf-java 4, which
 * Fiji ships since 2025, lacks methods TensorFlow Java 1.1 (built against 3.21) calls. With the engine folder
 * ({@link EngineLoader}) neither reaches the engine, and the lines say where each came from.
 */
public final class TensorFlowCheck {

	static final String TOPIC = "TensorFlow";

	private TensorFlowCheck() {}

	public static List<CheckLine> lines() {
		final List<CheckLine> lines = new ArrayList<>();
		try {
			NativeLogs.apply(); // before the natives load: TensorFlow's log lines stay hidden as elsewhere
		}
		catch (final LinkageError e) {
			// another TensorFlow first on the class path, or no JNA: api() says what matters
		}
		final CheckLine api = api();
		lines.add(api);
		lines.add(protobuf());
		if (api.verdict() == CheckLine.Verdict.PROBLEM) return lines;
		final CheckLine natives = natives();
		lines.add(natives);
		lines.add(gpu(natives.finding().startsWith("GPU build")));
		return lines;
	}

	/** The TensorFlow classes the CNN commands get: TensorFlow Java 1.1's, or another TensorFlow's first. */
	static CheckLine api() {
		try {
			// not initialised: TensorFlow 1's Tensor loads its natives when initialised
			final Class<?> tensor = Class.forName("org.tensorflow.Tensor", false, engineLoader());
			final String from = location(tensor);
			if (!tensor.isInterface()) {
				return CheckLine.problem(TOPIC, "a TensorFlow 1 jar (libtensorflow) comes first on the class path: " +
					from + "; the CNN commands fail with IncompatibleClassChangeError", "install ConvNet-IJ's engine " +
						"folder (" + EngineLoader.FOLDER + ", README: Fiji), whose TensorFlow is loaded apart from " +
						"Fiji's");
			}
			final String finding = "TensorFlow Java " + implementationVersion(tensor) + " (native TensorFlow " +
				org.tensorflow.TensorFlow.version() + ") from " + from + loadedBy();
			final String leftover = classPathTensorFlowJava();
			if (leftover != null) {
				return CheckLine.warning(TOPIC, finding + "; TensorFlow Java is on the class path too (" + leftover +
					"), where Fiji's other plugins may pick it up", "remove tensorflow-core-api, tensorflow-core-native, " +
						"tensorflow-framework, ndarray, javacpp and protobuf-java 3 jars of an earlier install from " +
						"Fiji's jars/ (the engine has its own in " + EngineLoader.FOLDER + ")");
			}
			return CheckLine.ok(TOPIC, finding);
		}
		catch (final ClassNotFoundException e) {
			return CheckLine.problem(TOPIC, "not found: no engine folder " + EngineLoader.FOLDER + " beside the " +
				"plugin jar and nothing on the class path", "install ConvNet-IJ with its engine folder (README, " +
					"Install)");
		}
		catch (final LinkageError | RuntimeException e) {
			return CheckLine.problem(TOPIC, "does not load: " + e, "install the tensorflow-core-native jar of this " +
				"platform (Maven classifier linux-x86_64, macosx-arm64, windows-x86_64)");
		}
	}

	/** How the engine was loaded: through its own class loader from the engine folder, or from the class path. */
	static String loadedBy() {
		final Path folder = EngineLoader.folder();
		if (folder != null && TensorFlowCheck.class.getClassLoader() == EngineLoader.tensorflow()) {
			return " (engine folder " + folder + ", its own class loader)";
		}
		return " (the class path: no engine folder)";
	}

	/**
	 * The protobuf the engine uses (TensorFlow Java 1.1 needs 3.x: it was built against 3.21.9) and, when the
	 * engine has its own, the one on the class path (Fiji's 4.x since 2025), which the engine does not see.
	 */
	static CheckLine protobuf() {
		final ClassLoader engine = engineLoader();
		try {
			final Class<?> message = Class.forName("com.google.protobuf.Message", false, engine);
			final String version = protobufVersion(message);
			String finding = "protobuf-java " + version + " in the engine, from " + location(message);
			final Class<?> outside = classPathProtobuf(engine);
			if (outside != null && outside != message) {
				finding += "; protobuf-java " + protobufVersion(outside) + " on the class path (" + location(
					outside) + "), which the engine does not see";
			}
			if (version.startsWith("3.")) return CheckLine.ok("protobuf", finding);
			return CheckLine.problem("protobuf", finding + "; TensorFlow Java 1.1 is built against 3.21 and fails " +
				"with NoSuchMethodError on " + version, "install ConvNet-IJ's engine folder (" + EngineLoader.FOLDER +
					", README: Fiji), which brings protobuf-java-3.21.9 for the engine alone (Fiji's other plugins " +
					"keep Fiji's protobuf)");
		}
		catch (final ClassNotFoundException e) {
			return CheckLine.problem("protobuf", "not found", "install protobuf-java-3.21.9.jar in the engine folder " +
				EngineLoader.FOLDER);
		}
	}

	/**
	 * Where the class path outside the engine has TensorFlow Java (jars an earlier install copied into Fiji's
	 * jars/); null when it has none or the engine comes from the class path itself.
	 */
	private static String classPathTensorFlowJava() {
		final ClassLoader engine = engineLoader();
		if (EngineLoader.folder() == null || engine != EngineLoader.tensorflow() || engine.getParent() == null) {
			return null;
		}
		// the class file, not the class: defining it would need the rest of TensorFlow Java on that class path
		final java.net.URL outside = engine.getParent().getResource("org/tensorflow/types/family/TType.class");
		if (outside == null) return null;
		final String url = outside.toString();
		return url.startsWith("jar:file:") && url.contains("!/") ? url.substring("jar:file:".length(), url.indexOf(
			"!/")) : url;
	}

	/** The class loader the engine's classes come from (the engine folder's, or the plugin's). */
	private static ClassLoader engineLoader() {
		return TensorFlowCheck.class.getClassLoader();
	}

	/** protobuf's Message as the class path outside the engine has it; null when none. */
	private static Class<?> classPathProtobuf(final ClassLoader engine) {
		final ClassLoader parent = engine == EngineLoader.tensorflow() && EngineLoader.folder() != null ? engine
			.getParent() : engine;
		try {
			return parent == null ? null : Class.forName("com.google.protobuf.Message", false, parent);
		}
		catch (final ClassNotFoundException | LinkageError e) {
			return null;
		}
	}

	/** The native build: CPU, or GPU (a tensorflow-core-native jar with a -gpu classifier, Maven profile gpu). */
	static CheckLine natives() {
		String where = null;
		for (final String path : org.bytedeco.javacpp.Loader.getLoadedLibraries().values()) {
			if (path != null && path.contains("libtensorflow_framework")) where = path;
		}
		return CheckLine.ok("TensorFlow natives", describeNatives(where));
	}

	/** "CPU build" or "GPU build", from the path of the loaded native library (javacpp names its cache by jar). */
	static String describeNatives(final String libraryPath) {
		if (libraryPath == null) return "not loaded";
		final java.util.regex.Matcher jar = java.util.regex.Pattern.compile("(tensorflow-core-native-[^/]*\\.jar)")
			.matcher(libraryPath);
		final String from = jar.find() ? jar.group(1) : libraryPath;
		return (isGpuBuild(libraryPath) ? "GPU build" : "CPU build") + " (" + from + ")";
	}

	static boolean isGpuBuild(final String libraryPath) {
		return libraryPath != null && libraryPath.contains("-gpu");
	}

	/** Whether TensorFlow places an op on a GPU (CUDA devices it can use). */
	static CheckLine gpu(final boolean gpuBuild) {
		try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
			final org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g).withDevice(org.tensorflow.DeviceSpec
				.newBuilder().deviceType(org.tensorflow.DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
			tf.withName("gpu_probe").identity(tf.constant(1f));
			final org.tensorflow.proto.ConfigProto strict = org.tensorflow.proto.ConfigProto.newBuilder()
				.setAllowSoftPlacement(false).build();
			try (org.tensorflow.Session s = new org.tensorflow.Session(g, strict);
				org.tensorflow.Tensor t = s.runner().fetch("gpu_probe").run().get(0))
			{
				return CheckLine.ok("GPU", "TensorFlow runs on /device:GPU:0");
			}
		}
		catch (final RuntimeException | LinkageError e) {
			if (gpuBuild) {
				return CheckLine.warning("GPU", "the GPU build of TensorFlow sees no GPU: CNNs run on the CPU",
					"install the NVIDIA driver and CUDA 12 with cuDNN 9, and check that nvidia-smi lists the GPU");
			}
			return CheckLine.ok("GPU", "none visible to TensorFlow: CNNs run on the CPU (a GPU needs the " +
				"linux-x86_64-gpu natives, Maven profile gpu, and CUDA; README, Install)");
		}
	}

	static String location(final Class<?> c) {
		final CodeSource source = c.getProtectionDomain().getCodeSource();
		return source == null || source.getLocation() == null ? "(unknown)" : source.getLocation().getPath();
	}

	private static String implementationVersion(final Class<?> c) {
		final String v = c.getPackage().getImplementationVersion();
		if (v != null) return v;
		final String jar = location(c);
		final java.util.regex.Matcher m = java.util.regex.Pattern.compile("-(\\d+\\.\\d+\\.\\d+)").matcher(jar);
		return m.find() ? m.group(1) : "(version unknown)";
	}

	/** Bundle-Version of the protobuf jar (every release has it), else the version in the jar's name. */
	private static String protobufVersion(final Class<?> message) {
		final String jar = location(message);
		try (JarFile file = new JarFile(jar)) {
			final String v = file.getManifest().getMainAttributes().getValue("Bundle-Version");
			if (v != null) return v;
		}
		catch (final java.io.IOException | RuntimeException e) {
			// a folder of classes or an unreadable jar: the name may still say it
		}
		final java.util.regex.Matcher m = java.util.regex.Pattern.compile("-(\\d+\\.\\d+\\.\\d+)").matcher(jar);
		return m.find() ? m.group(1) : "(version unknown)";
	}
}
