package org.convnetij.nn;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the engine's own class loader costs, in a fresh JVM per run (docs/engine-isolation.md): the time from JVM
 * start to System Check's TensorFlow lines (natives loaded, a one-op session run) and the resident memory then, with
 * the engine from the class path or through {@link EngineLoader}; and the memory a second engine loader adds (what a
 * plugin reload would cost). Run after {@code mvn package}, from the repository root:
 *
 * <pre>
 * java -cp "plugins/jars/*:plugins/jars/convnet-tensorflow/*:target/test-classes" org.convnetij.nn.EngineLoaderBenchmark classpath
 * java -cp "plugins/jars/*:target/test-classes" org.convnetij.nn.EngineLoaderBenchmark engine
 * java -cp "plugins/jars/*:target/test-classes" org.convnetij.nn.EngineLoaderBenchmark two-engines
 * </pre>
 */
public final class EngineLoaderBenchmark {

	private EngineLoaderBenchmark() {}

	public static void main(final String[] args) throws Exception {
		final String mode = args.length == 0 ? "engine" : args[0];
		final long start = ManagementFactory.getRuntimeMXBean().getStartTime();
		final ClassLoader first = mode.equals("classpath") ? EngineLoader.class.getClassLoader() : EngineLoader
			.tensorflow();
		if (!mode.equals("classpath") && EngineLoader.folder() == null) throw new IllegalStateException(
			"no engine folder: run after mvn package, without the engine folder on the class path");
		final Object lines = check(first);
		final long ready = System.currentTimeMillis() - start;
		final long rss = rssMb();
		String extra = "";
		if (mode.equals("two-engines")) {
			check(EngineLoader.childFirst(EngineLoader.folder(), EngineLoader.class.getClassLoader()));
			extra = String.format(Locale.ROOT, ", after a second engine loader %d MB", rssMb());
		}
		System.out.printf(Locale.ROOT, "%s: System Check's TensorFlow lines %d ms after JVM start, resident %d MB%s%n",
			mode, ready, rss, extra);
		System.out.println(lines.toString().split(",")[0]);
	}

	/** org.convnetij.tf.TensorFlowCheck.lines() through {@code loader}: natives, a session on a one-op graph. */
	private static Object check(final ClassLoader loader) throws Exception {
		return Class.forName("org.convnetij.tf.TensorFlowCheck", true, loader).getMethod("lines").invoke(null);
	}

	private static long rssMb() throws Exception {
		for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
		}
		return -1;
	}
}
