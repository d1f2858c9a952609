package org.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import ij.IJ;
import ij.ImagePlus;

/**
 * The table of docs/bad-input.md, row by row: each misuse through its door (the launcher's Main in this JVM, a
 * headless macro, plain ImageJ 1 as a process, the launcher as a process stopped by a signal) gives the documented
 * exit code and exactly the documented line, and leaves nothing half-written in the fixture folder.
 */
class BadInputIT {

	static final Path ROOT = Path.of(System.getProperty("user.dir"));
	static final Path TABLE = ROOT.resolve("docs/bad-input.md");
	static final String D = "target/bad-input";
	static final Path FIXTURES = ROOT.resolve(D);

	/** One row: number, case, door, arguments, exit code (-1: not checked), message. */
	record Row(int number, String what, String door, String arguments, int exit, String message) {

		@Override
		public String toString() {
			return number + " " + what + " (" + door + ")";
		}
	}

	private static final Pattern ROW = Pattern.compile("^\\| (\\d+) \\| (.+?) \\| (launcher|macro|ImageJ 1|signal) \\| " +
		"`(.*?)` \\| (-|\\d+) \\| `(.*)` \\|$");

	static List<Row> rows() throws IOException {
		final List<Row> rows = new ArrayList<>();
		for (final String line : Files.readAllLines(TABLE, StandardCharsets.UTF_8)) {
			final Matcher m = ROW.matcher(line);
			if (m.matches()) rows.add(new Row(Integer.parseInt(m.group(1)), m.group(2), m.group(3), m.group(4), m.group(5)
				.equals("-") ? -1 : Integer.parseInt(m.group(5)), m.group(6)));
		}
		return rows;
	}

	@BeforeAll
	static void fixtures() throws Exception {
		System.setProperty("java.awt.headless", "true");
		assertTrue(rows().size() >= 40, "docs/bad-input.md lists at least 40 cases");
		deleteTree(FIXTURES);
		Files.createDirectories(FIXTURES);
		Files.write(FIXTURES.resolve("empty.png"), new byte[0]);
		final byte[] cell = Files.readAllBytes(ROOT.resolve("sample-images/cell.png"));
		final byte[] corrupt = new byte[4000];
		System.arraycopy(cell, 0, corrupt, 0, 8); // the PNG signature, then garbage
		for (int i = 8; i < corrupt.length; i++) corrupt[i] = (byte) (i * 31 + 7);
		Files.write(FIXTURES.resolve("corrupt.png"), corrupt);
		Files.write(FIXTURES.resolve("truncated.png"), java.util.Arrays.copyOf(cell, 300));
		Files.writeString(FIXTURES.resolve("notes.txt"), "not an image\n");
		Files.createDirectories(FIXTURES.resolve("exists"));
		Files.writeString(FIXTURES.resolve("exists/readme.txt"), "a folder that is not a model\n");
		final Path labelled = ROOT.resolve("sample-images/labelled");
		final List<Path> glands = list(labelled.resolve("gland"));
		final List<Path> stroma = list(labelled.resolve("stroma"));
		copy(glands.subList(0, 3), FIXTURES.resolve("one-class/gland"));
		copy(glands.subList(0, 3), FIXTURES.resolve("flat"));
		copy(glands.subList(0, 3), FIXTURES.resolve("other-classes/tumour"));
		copy(stroma.subList(0, 3), FIXTURES.resolve("other-classes/normal"));
		Files.createDirectories(FIXTURES.resolve("no-images/a"));
		Files.createDirectories(FIXTURES.resolve("no-images/b"));
		Files.createDirectories(FIXTURES.resolve("all-corrupt/a"));
		Files.createDirectories(FIXTURES.resolve("all-corrupt/b"));
		Files.write(FIXTURES.resolve("all-corrupt/a/x.png"), corrupt);
		Files.write(FIXTURES.resolve("all-corrupt/b/y.png"), corrupt);
		final ImagePlus big = IJ.createImage("big", "8-bit ramp", 1000, 1000, 1);
		IJ.saveAsTiff(big, FIXTURES.resolve("big.tif").toString());
		final Path many = Files.createDirectories(FIXTURES.resolve("many"));
		// gray images, as the fixture model takes (a folder run long enough to be stopped)
		for (int i = 0; i < 4000; i++) Files.createLink(many.resolve("cell-" + i + ".png"), ROOT.resolve(
			"sample-images/cell.png"));
		// images that do not fit that model (it learnt from 8-bit gray images)
		IJ.saveAsTiff(IJ.createImage("g16", "16-bit ramp", 32, 32, 1), FIXTURES.resolve("gray16.tif").toString());
		IJ.saveAsTiff(IJ.createImage("g32", "32-bit ramp", 32, 32, 1), FIXTURES.resolve("gray32.tif").toString());
		IJ.saveAsTiff(IJ.createImage("stack", "8-bit ramp", 64, 64, 3), FIXTURES.resolve("stack.tif").toString());
		IJ.saveAsTiff(IJ.createImage("four", "8-bit ramp", 32, 32, 4, 1, 1), FIXTURES.resolve("four.tif")
			.toString());
		// a gray model that learnt from gray images (8-bit copies of 10 tiles per class): RGB images are refused
		for (final String c : List.of("gland", "stroma")) {
			final Path to = Files.createDirectories(FIXTURES.resolve("gray-labelled/" + c));
			for (final Path tile : list(labelled.resolve(c)).subList(0, 10)) {
				final ImagePlus imp = IJ.openImage(tile.toString());
				new ij.process.ImageConverter(imp).convertToGray8();
				new ij.io.FileSaver(imp).saveAsPng(to.resolve(tile.getFileName()).toString());
			}
		}
		final Result gray = launcher("Train Classifier", "data=" + D + "/gray-labelled", "width=16", "height=16",
			"epochs=1", "output=" + D + "/gray-model");
		assertEquals(0, gray.exit, gray::toString);
		// a model without its head (features only)
		final Result features = launcher("Import Model", "source=sample-images/mobilenet_v2_tfjs", "inputsize=64",
			"notop=true", "output=" + D + "/features-model");
		assertEquals(0, features.exit, features::toString);
		// a small trained model, then copies of it spoilt in two ways
		final Result trained = launcher("Train Classifier", "data=sample-images/labelled", "width=16", "height=16",
			"channels=1", "epochs=1", "output=" + D + "/model");
		assertEquals(0, trained.exit, trained::toString);
		Files.createDirectories(FIXTURES.resolve("bad-json"));
		Files.writeString(FIXTURES.resolve("bad-json/convnet.json"), "{ \"format\": 1, \"architecture\": ");
		Files.createDirectories(FIXTURES.resolve("newer"));
		Files.writeString(FIXTURES.resolve("newer/convnet.json"), Files.readString(FIXTURES.resolve(
			"model/convnet.json")).replaceFirst("\"format\": 1", "\"format\": 99"));
	}

	private static List<Path> list(final Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			return s.sorted().collect(Collectors.toList());
		}
	}

	private static void copy(final List<Path> files, final Path to) throws IOException {
		Files.createDirectories(to);
		for (final Path f : files) Files.copy(f, to.resolve(f.getFileName()));
	}

	@ParameterizedTest
	@MethodSource("rows")
	void isRefusedWithOneLineAndLeavesNothingHalfWritten(final Row row) throws Exception {
		final Set<String> before = snapshot();
		final Result r;
		switch (row.door()) {
			case "launcher":
				r = launcher(arguments(row.arguments()));
				break;
			case "macro":
				launcher("--macro", closeAll().toString()); // no image left open by an earlier row of this JVM
				r = launcher("--macro", macro(row).toString());
				break;
			case "ImageJ 1":
				r = imagej(macro(row));
				break;
			default:
				r = signalled(arguments(row.arguments()));
		}
		final String expected = row.message().replace("{D}", FIXTURES.toString()).replace("{d}", D);
		final List<String> lines = messageLines(r.err);
		assertEquals(1, lines.size(), () -> "one line expected, got " + lines + "\n" + r);
		final String regex = Pattern.quote(expected).replace("{n}", "\\E\\d+\\Q");
		assertTrue(lines.get(0).matches(regex), () -> "row " + row.number() + ": expected\n" + expected + "\ngot\n" +
			lines.get(0) + "\n" + r);
		if (row.exit() >= 0) assertEquals(row.exit(), r.exit, r::toString);
		assertFalse(r.out.contains("not reached"), "the macro stops at the failing command");
		final Set<String> after = snapshot();
		after.removeAll(before);
		if (row.door().equals("signal")) after.removeIf(p -> p.startsWith("sig-model"));
		assertEquals(Set.of(), after, "nothing half-written (nothing new) in " + D);
	}

	/** Lines on stderr other than progress (lines that '\r' rewrites, and the bar itself). */
	static List<String> messageLines(final String err) {
		final List<String> lines = new ArrayList<>();
		for (final String line : err.split("\n")) {
			final String last = line.substring(line.lastIndexOf('\r') + 1).trim();
			if (last.isEmpty() || last.startsWith("[") && line.contains("\r")) continue;
			if (last.startsWith("[") && last.contains("] ") && last.contains("steps/s")) continue;
			lines.add(last);
		}
		return lines;
	}

	private static Set<String> snapshot() throws IOException {
		try (Stream<Path> s = Files.walk(FIXTURES)) {
			return s.map(p -> FIXTURES.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
		}
	}

	/** Arguments as a shell splits them: spaces separate, double quotes group. */
	static String[] arguments(final String text) {
		final List<String> args = new ArrayList<>();
		final StringBuilder current = new StringBuilder();
		boolean quoted = false, any = false;
		for (final char c : text.replace("{D}", FIXTURES.toString()).replace("{d}", D).toCharArray()) {
			if (c == '"') {
				quoted = !quoted;
				any = true;
			}
			else if (c == ' ' && !quoted) {
				if (any) args.add(current.toString());
				current.setLength(0);
				any = false;
			}
			else {
				current.append(c);
				any = true;
			}
		}
		if (any) args.add(current.toString());
		return args.toArray(new String[0]);
	}

	private static Path macro(final Row row) throws IOException {
		final Path file = ROOT.resolve("target/bad-input-row" + row.number() + ".ijm");
		Files.writeString(file, row.arguments().replace("{D}", FIXTURES.toString()).replace("{d}", D).replace("; ",
			";\n") + "\n");
		return file;
	}

	private static Path closeAll() throws IOException {
		final Path file = ROOT.resolve("target/bad-input-close.ijm");
		Files.writeString(file, "close(\"*\");\n");
		return file;
	}

	record Result(int exit, String out, String err) {

		@Override
		public String toString() {
			return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
		}
	}

	/** The launcher's Main in this JVM: what ./convnet runs, without starting a JVM per case. */
	static Result launcher(final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final PrintStream systemErr = System.err;
		final int code;
		try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err,
			true, StandardCharsets.UTF_8))
		{
			System.setErr(e); // progress and messages, as the process's stderr
			try {
				code = Main.run(args, o, e);
			}
			finally {
				System.setErr(systemErr);
			}
		}
		return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** Plain ImageJ 1 from the ImageJ home at the repository root, running the macro in batch mode. */
	private static Result imagej(final Path macro) throws Exception {
		final File[] jars = ROOT.resolve("plugins/jars").toFile().listFiles((d, n) -> n.matches("ij-.*\\.jar"));
		final List<String> cmd = new ArrayList<>();
		if (System.getenv("DISPLAY") == null) cmd.addAll(List.of("xvfb-run", "-a"));
		cmd.addAll(List.of("java", "-jar", jars[0].getPath(), "-ijpath", ROOT.toString(), "-batch", macro
			.toString()));
		return process(new ProcessBuilder(cmd), 120, null, false);
	}

	/** ./convnet as a process, stopped with SIGTERM once its progress shows (training: after an epoch ended). */
	private static Result signalled(final String... args) throws Exception {
		final List<String> cmd = new ArrayList<>();
		cmd.add(ROOT.resolve("convnet").toString());
		cmd.addAll(List.of(args));
		return process(new ProcessBuilder(cmd), 180, args[0].equals("Train Classifier") ? "epoch " : "steps/s",
			true);
	}

	private static Result process(final ProcessBuilder pb, final int seconds, final String signalWhen,
		final boolean headless) throws Exception
	{
		pb.directory(ROOT.toFile());
		if (headless) pb.environment().remove("DISPLAY");
		final File out = File.createTempFile("bad", ".out"), err = File.createTempFile("bad", ".err");
		pb.redirectOutput(out).redirectError(err);
		final Process p = pb.start();
		try {
			if (signalWhen != null) {
				final long end = System.currentTimeMillis() + seconds * 1000L;
				while (p.isAlive() && !Files.readString(err.toPath()).contains(signalWhen) && System
					.currentTimeMillis() < end) Thread.sleep(50);
				Thread.sleep(300);
				p.destroy(); // SIGTERM
			}
			if (!p.waitFor(seconds, TimeUnit.SECONDS)) throw new AssertionError("timed out: " + pb.command());
			return new Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
		}
		finally {
			if (p.isAlive()) p.destroyForcibly();
			out.delete();
			err.delete();
		}
	}

	private static void deleteTree(final Path root) throws IOException {
		if (!Files.exists(root)) return;
		try (Stream<Path> s = Files.walk(root)) {
			for (final Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
		}
	}
}
