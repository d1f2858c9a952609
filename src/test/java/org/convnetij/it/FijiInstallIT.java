package org.convnetij.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fiji-shaped folder that {@code mvn package} makes (target/fiji-install) laid over a tree shaped like Fiji's
 * whose jars/ holds Fiji's versions of scijava-common, imglib2, ImageJ 1, JOCL, gson and JNA, protobuf-java 4.28.2
 * and the TensorFlow update site's libtensorflow 1.15.0 (target/fiji-base, copied by the build). A JVM started with
 * the class path Fiji's launcher builds ({@code jars/*.jar}, {@code jars/*}{@code /*.jar}, {@code plugins/*.jar},
 * {@code plugins/*}{@code /*.jar}) creates the SciJava context and ImageJ 1 as Fiji does and runs a filter command,
 * two CNN commands and System Check; the engine comes from lib/convnet-tensorflow, and nothing of TensorFlow Java or
 * protobuf 3 is on that class path.
 */
class FijiInstallIT {

	@TempDir
	Path tmp;

	@Test
	void theInstallFolderOverAFijiRunsAFilterACnnAndSystemCheck() throws Exception {
		final Path fiji = tmp.resolve("Fiji.app");
		copyTree(Processes.ROOT.toPath().resolve("target/fiji-base"), fiji);
		Files.createDirectories(fiji.resolve("plugins"));
		Files.createDirectories(fiji.resolve("macros"));
		Files.createDirectories(fiji.resolve("lib/linux64"));
		final Path install = Processes.ROOT.toPath().resolve("target/fiji-install");
		assertTrue(Files.isRegularFile(install.resolve("jars/convnet-ij.jar")), "mvn package makes " + install);
		copyTree(install, fiji);

		final List<String> classPath = fijiClassPath(fiji);
		assertTrue(classPath.stream().noneMatch(p -> p.contains("tensorflow-core") || p.contains("protobuf-java-3")),
			"TensorFlow Java and protobuf 3 stay off Fiji's class path: " + classPath);
		assertTrue(classPath.stream().anyMatch(p -> p.endsWith("libtensorflow-1.15.0.jar")));
		assertTrue(classPath.stream().anyMatch(p -> p.endsWith("protobuf-java-4.28.2.jar")));
		classPath.add(starter().toString());

		final Path out = Files.createDirectories(tmp.resolve("out"));
		final List<String> cmd = new ArrayList<>();
		if (System.getenv("DISPLAY") == null) cmd.addAll(List.of("xvfb-run", "-a"));
		cmd.addAll(List.of("java", "-Dij.dir=" + fiji, "-Dimagej.dir=" + fiji, "-Dfiji.dir=" + fiji,
			"-Dplugins.dir=" + fiji, "-Dscijava.log.level=error", "-cp", String.join(File.pathSeparator, classPath),
			FijiStart.class.getName(), new File(Processes.ROOT, "sample-images").getPath(), out.toString()));
		final Processes.Result r = Processes.run(cmd, false, 600, true, fiji.toFile());
		assertEquals(0, r.exitCode, r::toString);

		assertTrue(r.out.contains("convolve: [275, 330] same as the core: true"), r::toString);
		assertTrue(r.out.contains("train: true"), r::toString);
		assertTrue(Files.isRegularFile(out.resolve("classes.csv")), r::toString);
		assertTrue(r.out.matches("(?s).*classify: \\d{2,} lines.*"), r::toString);
		final String engine = fiji.resolve("lib/convnet-tensorflow").toString();
		assertTrue(r.out.contains("TensorFlow: TensorFlow Java 1.1.0 (native TensorFlow 2."), r::toString);
		assertTrue(r.out.contains("from " + engine + "/tensorflow-core-api-1.1.0.jar (engine folder " + engine +
			", its own class loader) [ok]"), r::toString);
		assertTrue(r.out.contains("protobuf: protobuf-java 3.21.9 in the engine, from " + engine +
			"/protobuf-java-3.21.9.jar; protobuf-java 4.28.2 on the class path (" + fiji.resolve(
				"jars/protobuf-java-4.28.2.jar") + "), which the engine does not see [ok]"), r::toString);
		assertTrue(r.out.contains("TensorFlow natives: CPU build"), r::toString);
		assertTrue(r.out.contains("filter engine: "), r::toString);
		assertFalse((r.out + r.err).contains("Exception"), r::toString);
	}

	/** As Fiji's launcher (config/jaunch/fiji.toml): jars/*.jar, jars/*{@literal /}*.jar, plugins likewise. */
	private static List<String> fijiClassPath(final Path fiji) throws IOException {
		final List<String> path = new ArrayList<>();
		for (final String folder : List.of("jars", "plugins")) {
			path.addAll(jars(fiji.resolve(folder)));
			try (Stream<Path> sub = Files.list(fiji.resolve(folder))) {
				for (final Path dir : sub.filter(Files::isDirectory).sorted().toList()) path.addAll(jars(dir));
			}
		}
		return path;
	}

	private static List<String> jars(final Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			return new ArrayList<>(s.filter(p -> p.toString().endsWith(".jar")).sorted().map(Path::toString).toList());
		}
	}

	/** FijiStart's classes alone (not the test classes' SciJava index). */
	private Path starter() throws IOException {
		final Path dir = Files.createDirectories(tmp.resolve("starter/org/convnetij/it"));
		final Path classes = Processes.ROOT.toPath().resolve("target/test-classes/org/convnetij/it");
		try (Stream<Path> s = Files.list(classes)) {
			for (final Path c : s.filter(p -> p.getFileName().toString().startsWith("FijiStart")).toList()) {
				Files.copy(c, dir.resolve(c.getFileName()));
			}
		}
		return tmp.resolve("starter");
	}

	private static void copyTree(final Path from, final Path to) throws IOException {
		try (Stream<Path> s = Files.walk(from)) {
			for (final Path p : s.toList()) {
				final Path target = to.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(target);
				else Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}
}
