package org.convnetij.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the launcher and ImageJ 1 as subprocesses, always with a timeout. */
final class Processes {

	static final File ROOT = new File(System.getProperty("user.dir"));

	static final class Result {
		final int exitCode;
		final String out;
		final String err;

		Result(final int exitCode, final String out, final String err) {
			this.exitCode = exitCode;
			this.out = out;
			this.err = err;
		}

		@Override
		public String toString() {
			return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
		}
	}

	private Processes() {}

	/** {@code ./convnet args...} without a display. */
	static Result launcher(final String... args) throws IOException, InterruptedException {
		final List<String> cmd = new ArrayList<>();
		cmd.add(new File(ROOT, "convnet").getPath());
		cmd.addAll(Arrays.asList(args));
		return run(cmd, true, 300, true);
	}

	/** Real ImageJ 1 from the ImageJ home at the repository root: {@code ij.jar -ijpath . -batch macro arg}. */
	static Result imagej(final File macro, final String argument) throws IOException, InterruptedException {
		return imagej(macro, argument, true);
	}

	/**
	 * As {@link #imagej(File, String)}; without {@code signalChaining} the JDK's libjsig is not preloaded (the
	 * test JVM has it in LD_PRELOAD, see pom.xml), as when a user starts ImageJ with {@code java -jar}.
	 */
	static Result imagej(final File macro, final String argument, final boolean signalChaining)
		throws IOException, InterruptedException
	{
		final List<String> cmd = new ArrayList<>();
		if (System.getenv("DISPLAY") == null) cmd.addAll(List.of("xvfb-run", "-a"));
		cmd.addAll(List.of("java", "-jar", ijJar().getPath(), "-ijpath", ROOT.getPath(), "-batch", macro
			.getPath()));
		if (argument != null) cmd.add(argument);
		return run(cmd, false, 180, signalChaining);
	}

	static File ijJar() {
		final File[] jars = new File(ROOT, "plugins/jars").listFiles((d, n) -> n.matches("ij-.*\\.jar"));
		if (jars == null || jars.length != 1) throw new IllegalStateException("expected one ij jar in plugins/jars");
		return jars[0];
	}

	static Result run(final List<String> cmd, final boolean headless, final int seconds,
		final boolean signalChaining) throws IOException, InterruptedException
	{
		return run(cmd, headless, seconds, signalChaining, ROOT);
	}

	/** Runs in {@code folder}; without {@code signalChaining} LD_PRELOAD is removed from the environment. */
	static Result run(final List<String> cmd, final boolean headless, final int seconds,
		final boolean signalChaining, final File folder) throws IOException, InterruptedException
	{
		final ProcessBuilder pb = new ProcessBuilder(cmd).directory(folder);
		final Map<String, String> env = pb.environment();
		if (headless) env.remove("DISPLAY");
		if (!signalChaining) env.remove("LD_PRELOAD");
		final File out = File.createTempFile("proc", ".out"), err = File.createTempFile("proc", ".err");
		pb.redirectOutput(out).redirectError(err);
		final Process p = pb.start();
		if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
			throw new AssertionError("timed out after " + seconds + " s: " + cmd + "\n" + read(out) + read(err));
		}
		final Result r = new Result(p.exitValue(), read(out), read(err));
		out.delete();
		err.delete();
		return r;
	}

	private static String read(final File f) throws IOException {
		return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
	}
}
