package org.convnetij.tf;

import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

import org.convnetij.util.CheckLine;

/**
 * System Check's lines about TensorFlow: which TensorFlow the CNN commands get and where it was loaded from, the
 * natives (CPU or GPU build), the protobuf it sees, and whether TensorFlow sees a GPU. Every probe catches what a
 * broken installation throws, so the check itself never fails. The class-path clashes it names are those of Fiji
 * installations with the CSBDeep, StarDist or TensorFlow update sites: libtensorflow 1.15 defines the same class
 * names (org.tensorflow.Tensor is a class there, an interface in TensorFlow Java 1.1), and protobuf-java 4, which
 * Fiji ships since 2025, lacks methods TensorFlow Java 1.1 (built against 3.21) calls.
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
			final Class<?> tensor = Class.forName("org.tensorflow.Tensor", false, TensorFlowCheck.class
				.getClassLoader());
			final String from = location(tensor);
			if (!tensor.isInterface()) {
				return CheckLine.problem(TOPIC, "a TensorFlow 1 jar (libtensorflow) comes first on the class path: " +
					from + "; the CNN commands fail with IncompatibleClassChangeError", "ConvNet-IJ's CNN commands cannot " +
						"share this Fiji with TensorFlow 1 yet: run them with ConvNet-IJ's launcher (./convnet), or in a " +
						"Fiji without the CSBDeep, StarDist and TensorFlow update sites (removing their jars breaks those " +
						"tools)");
			}
			return CheckLine.ok(TOPIC, "TensorFlow Java " + implementationVersion(tensor) + " (native TensorFlow " +
				org.tensorflow.TensorFlow.version() + ") from " + from);
		}
		catch (final ClassNotFoundException e) {
			return CheckLine.problem(TOPIC, "not on the class path", "install the tensorflow-core-api, " +
				"tensorflow-core-native and tensorflow-framework jars with the plugin (README, Install)");
		}
		catch (final LinkageError | RuntimeException e) {
			return CheckLine.problem(TOPIC, "does not load: " + e, "install the tensorflow-core-native jar of this " +
				"platform (Maven classifier linux-x86_64, macosx-arm64, windows-x86_64)");
		}
	}

	/** The protobuf on the class path: TensorFlow Java 1.1 needs 3.x (it was built against 3.21.9). */
	static CheckLine protobuf() {
		try {
			final Class<?> message = Class.forName("com.google.protobuf.Message", false, TensorFlowCheck.class
				.getClassLoader());
			final String version = protobufVersion(message);
			final String finding = "protobuf-java " + version + " from " + location(message);
			if (version.startsWith("3.")) return CheckLine.ok("protobuf", finding);
			return CheckLine.problem("protobuf", finding + "; TensorFlow Java 1.1 is built against 3.21 and fails " +
				"with NoSuchMethodError on " + version, "run the CNN commands with ConvNet-IJ's launcher (./convnet), " +
					"whose class path has protobuf-java-3.21.9 (Fiji's other plugins need Fiji's protobuf)");
		}
		catch (final ClassNotFoundException e) {
			return CheckLine.problem("protobuf", "not on the class path", "install protobuf-java-3.21.9.jar with the " +
				"plugin");
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
