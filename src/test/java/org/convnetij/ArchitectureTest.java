package org.convnetij;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layers hold, read from the sources' imports and qualified names: no cycle between the project's packages;
 * each native library only in its engine package (TensorFlow, javacpp and JNA in tf, JOCL in opencl); ImageJ 1
 * only in the bridge and the launcher; Spark, Hadoop and Scala only in the Spark jobs; no class outside the TensorFlow engine names one of its classes (it is
 * reached through {@code nn.Network} and {@code nn.NetworkEngine} only, so that it can load through a class loader
 * of its own); and no class much over 600 lines.
 */
class ArchitectureTest {

	private static final Path SOURCES = Path.of("src/main/java/org/convnetij");

	/** Library package prefixes and the project packages allowed to use them. */
	private static final Map<String, Set<String>> LIBRARIES = Map.of(
		"org.tensorflow.", Set.of("tf"),
		"org.bytedeco.", Set.of("tf"),
		"com.sun.jna.", Set.of("tf"),
		"org.jocl.", Set.of("opencl"),
		"ij.", Set.of("ij1", "cli"),
		"org.apache.spark.", Set.of("spark"),
		"org.apache.hadoop.", Set.of("spark"),
		"scala.", Set.of("spark"));

	private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+);", Pattern.MULTILINE);
	private static final Pattern QUALIFIED = Pattern.compile("\\b(org\\.convnetij(?:\\.[a-z]\\w*)+)\\.[A-Z]");

	@Test
	void noPackageCycles() throws IOException {
		final Map<String, Set<String>> uses = projectUses();
		final List<String> cycles = new ArrayList<>();
		for (final String from : uses.keySet()) {
			for (final String to : uses.get(from)) {
				if (reaches(uses, to, from, new TreeSet<>())) cycles.add(from + " -> " + to);
			}
		}
		assertEquals(List.of(), cycles, "edges on a package cycle");
	}

	@Test
	void librariesStayInTheirPackages() throws IOException {
		final List<String> wrong = new ArrayList<>();
		for (final Path file : sources()) {
			final String pkg = packageOf(file);
			final Matcher m = IMPORT.matcher(Files.readString(file));
			while (m.find()) {
				for (final Map.Entry<String, Set<String>> lib : LIBRARIES.entrySet()) {
					if (m.group(1).startsWith(lib.getKey()) && !lib.getValue().contains(pkg)) {
						wrong.add(SOURCES.relativize(file) + " imports " + m.group(1));
					}
				}
			}
		}
		assertEquals(List.of(), wrong);
	}

	@Test
	void onlyTheEngineNamesTheEngine() throws IOException {
		final Pattern engine = Pattern.compile("\\borg\\.convnetij\\.tf\\.[A-Z]\\w*|\\bimport\\s+(?:static\\s+)?" +
			"org\\.convnetij\\.tf\\.|\\borg\\.tensorflow\\.|\\borg\\.bytedeco\\.|\\bcom\\.sun\\.jna\\.");
		final List<String> wrong = new ArrayList<>();
		for (final Path file : sources()) {
			if (packageOf(file).equals("tf")) continue;
			// the engine's class loader lists the engine's package prefixes (loaded child-first), as text only
			if (SOURCES.relativize(file).toString().equals("nn/EngineLoader.java")) continue;
			final Matcher m = engine.matcher(Files.readString(file));
			while (m.find()) wrong.add(SOURCES.relativize(file) + " names " + m.group());
		}
		assertEquals(List.of(), wrong);
	}

	@Test
	void classesStayNavigable() throws IOException {
		final List<String> long_ = new ArrayList<>();
		for (final Path file : sources()) {
			final long lines = Files.readAllLines(file).size();
			if (lines > 620) long_.add(SOURCES.relativize(file) + ": " + lines + " lines");
		}
		assertEquals(List.of(), long_);
	}

	/** Package (relative to org.convnetij) -> the project packages it names. */
	private static Map<String, Set<String>> projectUses() throws IOException {
		final Map<String, Set<String>> uses = new TreeMap<>();
		for (final Path file : sources()) {
			final String pkg = packageOf(file);
			final Set<String> to = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
			final String text = Files.readString(file);
			final Matcher m = QUALIFIED.matcher(text);
			while (m.find()) {
				final String named = m.group(1).substring("org.convnetij.".length());
				if (!named.equals(pkg)) to.add(named);
			}
		}
		return uses;
	}

	private static boolean reaches(final Map<String, Set<String>> uses, final String from, final String target,
		final Set<String> seen)
	{
		if (from.equals(target)) return true;
		if (!seen.add(from)) return false;
		for (final String next : uses.getOrDefault(from, Set.of())) {
			if (reaches(uses, next, target, seen)) return true;
		}
		return false;
	}

	private static String packageOf(final Path file) {
		return SOURCES.relativize(file.getParent()).toString().replace('/', '.');
	}

	private static List<Path> sources() throws IOException {
		try (Stream<Path> s = Files.walk(SOURCES)) {
			return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
		}
	}
}
