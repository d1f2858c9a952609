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
 * fix), and with a Fiji's TensorFlow 1.15 and protobuf 4.28.2 first on the class path (each named as a problem,
 * with the fix, and the check still completes).
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
	void aFijiWithTensorFlow1AndProtobuf4IsDiagnosed() throws Exception {
		final File[] clash = new File(Processes.ROOT, "target/fiji-tensorflow1").listFiles((d, n) -> n.endsWith(
			".jar"));
		assertEquals(2, clash.length, "libtensorflow 1.15.0 and protobuf-java 4.28.2 copied by the build");
		final List<String> first = new ArrayList<>();
		for (final File f : clash) first.add(f.getPath());
		final Processes.Result r = java(first, true);
		assertEquals(3, r.exitCode, r::toString);
		assertTrue(r.out.contains("TensorFlow: a TensorFlow 1 jar (libtensorflow) comes first on the class path: "),
			r.out);
		assertTrue(r.out.contains("libtensorflow-1.15.0.jar"), r.out);
		assertTrue(r.out.contains("[problem] -> ConvNet-IJ's CNN commands cannot share this Fiji with TensorFlow 1 yet"),
			r.out);
		assertTrue(r.out.contains("protobuf: protobuf-java 4.28.2 from "), r.out);
		assertTrue(r.out.contains("2 problem(s)"), r.out);
		assertFalse(r.err.contains("Exception"), r.err);
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
