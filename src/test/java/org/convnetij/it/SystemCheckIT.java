package org.convnetij.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * System Check through its doors: the launcher ({@code ./convnet check}), a macro ({@code run("System Check")})
 * and plain ImageJ 1; then in the JVMs a user meets: without signal chaining (OpenCL on PoCL is off, said with the
 * fix), and with a Fiji's TensorFlow 1.15 and protobuf 4.28.2 first on the class path (the engine's own from its
 * folder, the class path's named beside, no problem).
 */
class SystemCheckIT {

	@TempDir
	Path tmp;

	private static final Pattern LINE = Pattern.compile("^([a-zA-Z ]+): .* \\[(ok|warning|problem)\\]( -> .+)?$");

	@Test
	void theThreeDoorsReportTheSameLines() throws Exception {
		final Processes.Result launcher = Processes.launcher("check");
		assertEquals(0, launcher.exitCode, launcher::toString);
		final List<String> topics = topics(launcher.out);
		assertEquals(List.of("Java", "signal chaining", "OpenCL device", "filter engine", "TensorFlow", "protobuf",
			"TensorFlow natives", "GPU"), topics, launcher.out);
		assertTrue(launcher.out.contains("TensorFlow Java 1.1.0"), launcher.out);
		assertTrue(launcher.out.contains("protobuf-java 3.21.9"), launcher.out);
		assertTrue(launcher.out.contains("filter engine: opencl"), launcher.out);
		assertEquals("", launcher.err, "no native log lines");

		final Path macro = tmp.resolve("check.ijm");
		Files.writeString(macro, "run(\"System Check\");\n");
		final Processes.Result viaMacro = Processes.launcher("--macro", macro.toString());
		assertEquals(0, viaMacro.exitCode, viaMacro::toString);
		assertEquals(topics, topics(viaMacro.out + viaMacro.err), viaMacro::toString);

		final Processes.Result imagej = Processes.imagej(macro.toFile(), null, true);
		assertEquals(topics, topics(imagej.out + imagej.err), imagej::toString);
	}

	@Test
	void withoutSignalChainingOpenClOnPoclIsOffAndTheFixIsNamed() throws Exception {
		final Processes.Result r = java(List.of(), false);
		assertEquals(0, r.exitCode, r::toString);
		assertTrue(r.out.contains("signal chaining: off: OpenCL devices whose compiler can crash Java are not used " +
			"[warning] -> start Java with LD_PRELOAD="), r.out);
		assertTrue(r.out.contains("filter engine: java ("), r.out);
	}

	@Test
	void aFijiWithTensorFlow1AndProtobuf4LeavesTheEngineAlone() throws Exception {
		final File[] clash = new File(Processes.ROOT, "target/fiji-tensorflow1").listFiles((d, n) -> n.endsWith(
			".jar"));
		assertEquals(2, clash.length, "libtensorflow 1.15.0 and protobuf-java 4.28.2 copied by the build");
		final List<String> first = new ArrayList<>();
		for (final File f : clash) first.add(f.getPath());
		final Processes.Result r = java(first, true);
		assertEquals(0, r.exitCode, r::toString);
		// the engine's TensorFlow and protobuf come from its folder, ahead of the class path's
		final String engine = new File(Processes.ROOT, "plugins/jars/convnet-tensorflow").getPath();
		assertTrue(r.out.contains("TensorFlow: TensorFlow Java 1.1.0 (native TensorFlow 2."), r.out);
		assertTrue(r.out.contains(engine + "/tensorflow-core-api-1.1.0.jar (engine folder " + engine +
			", its own class loader) [ok]"), r.out);
		assertTrue(r.out.contains("protobuf: protobuf-java 3.21.9 in the engine, from " + engine +
			"/protobuf-java-3.21.9.jar; protobuf-java 4.28.2 on the class path ("), r.out);
		assertTrue(r.out.contains("0 problem(s)"), r.out);
		assertFalse(r.err.contains("Exception"), r.err);
	}

	@Test
	void tensorFlowJavaLeftOnTheClassPathByAnEarlierInstallIsAWarning() throws Exception {
		final File leftover = new File(Processes.ROOT, "plugins/jars/convnet-tensorflow/tensorflow-core-api-1.1.0.jar");
		final Processes.Result r = java(List.of(leftover.getPath()), true);
		assertEquals(0, r.exitCode, r::toString);
		assertTrue(r.out.contains("; TensorFlow Java is on the class path too (" + leftover.getPath() + "), where " +
			"Fiji's other plugins may pick it up [warning] -> remove tensorflow-core-api, "), r.out);
		assertTrue(r.out.contains("its own class loader)"), "the engine still loads its own: " + r.out);
	}

	/** {@code convnet check} in a plain JVM, {@code first} ahead of the ImageJ home's jars on the class path. */
	private static Processes.Result java(final List<String> first, final boolean signalChaining) throws Exception {
		final List<String> path = new ArrayList<>(first);
		path.add(new File(Processes.ROOT, "plugins/jars/*").getPath());
		path.add(new File(Processes.ROOT, "plugins/ConvNet_IJ.jar").getPath());
		return Processes.run(List.of("java", "-Djava.awt.headless=true", "-cp", String.join(File.pathSeparator, path),
			"org.convnetij.cli.Main", "check"), true, 120, signalChaining);
	}

	private static List<String> topics(final String text) {
		final List<String> topics = new ArrayList<>();
		for (final String line : text.split("\n")) {
			final Matcher m = LINE.matcher(line.trim());
			if (m.matches() && !topics.contains(m.group(1))) topics.add(m.group(1));
		}
		return topics;
	}
}
