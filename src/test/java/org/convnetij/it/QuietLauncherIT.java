package org.convnetij.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No TensorFlow, MLIR or other native log line on the launcher's stdout or stderr, for a training, a classify and a
 * filter command, with TF_CPP_MIN_LOG_LEVEL unset (as a user's shell has it) and set to 3; {@code --verbose} shows
 * them (so the check can fail).
 */
class QuietLauncherIT {

	/** Abseil ("I0000 00:00:..." and its InitializeLog warning), TensorFlow's own ("2026-... I tensorflow/..."). */
	static final Pattern NATIVE = Pattern.compile("(?m)^(WARNING: All log messages before absl|[IWE]\\d{4} \\d\\d:" +
		"\\d\\d:|\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:[\\d.]+: [IWE] |.*mlir_graph_optimization_pass|.*oneDNN custom " +
		"operations|.*cpu_feature_guard)");

	@TempDir
	Path tmp;

	private static Processes.Result run(final String tfLevel, final String... args) throws Exception {
		final List<String> cmd = new ArrayList<>();
		cmd.add(new File(Processes.ROOT, "convnet").getPath());
		cmd.addAll(List.of(args));
		final ProcessBuilder pb = new ProcessBuilder(cmd).directory(Processes.ROOT);
		pb.environment().remove("DISPLAY");
		if (tfLevel == null) pb.environment().remove("TF_CPP_MIN_LOG_LEVEL");
		else pb.environment().put("TF_CPP_MIN_LOG_LEVEL", tfLevel);
		final File out = File.createTempFile("quiet", ".out"), err = File.createTempFile("quiet", ".err");
		pb.redirectOutput(out).redirectError(err);
		final Process p = pb.start();
		if (!p.waitFor(300, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError("timed out: " + cmd);
		}
		final Processes.Result r = new Processes.Result(p.exitValue(), Files.readString(out.toPath()), Files
			.readString(err.toPath()));
		out.delete();
		err.delete();
		return r;
	}

	private static void assertQuiet(final Processes.Result r) {
		assertEquals(0, r.exitCode, r::toString);
		assertFalse(NATIVE.matcher(r.out).find(), () -> "native log line on stdout:\n" + r);
		assertFalse(NATIVE.matcher(r.err).find(), () -> "native log line on stderr:\n" + r);
	}

	@Test
	void trainingClassifyAndAFilterPrintNoNativeLines() throws Exception {
		final Path model = tmp.resolve("model"), table = tmp.resolve("classes.csv");
		assertQuiet(run(null, "Train Classifier", "data=sample-images/labelled", "width=16", "height=16",
			"channels=1", "epochs=2", "output=" + model));
		assertQuiet(run("3", "Classify", "model=" + model, "input=sample-images/labelled/gland", "output=" + table));
		assertTrue(Files.readAllLines(table).get(0).startsWith("file,class"));
		assertQuiet(run(null, "Classify", "model=" + model, "input=sample-images/cell.png"));
		assertQuiet(run(null, "Mean", "input=sample-images/cell.png", "radius=2", "output=" + tmp.resolve(
			"mean.tif")));

		final Processes.Result verbose = run(null, "--verbose", "Classify", "model=" + model,
			"input=sample-images/cell.png");
		assertEquals(0, verbose.exitCode, verbose::toString);
		assertTrue(NATIVE.matcher(verbose.err).find(), () -> "--verbose shows TensorFlow's lines:\n" + verbose);
	}
}
