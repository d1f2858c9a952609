package org.convnetij.tf;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.bytedeco.javacpp.Loader;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;

/**
 * Keeps TensorFlow's native log lines off stderr unless asked for. TensorFlow 2.18 (TensorFlow Java 1.1) logs
 * through three channels:
 * <ol>
 * <li>its own logging (TSL: "2026-... I tensorflow/core/util/port.cc:153] oneDNN custom operations are on"), which
 * reads the environment variable {@code TF_CPP_MIN_LOG_LEVEL} when it first logs: set here (before the natives
 * load) where the process has not set it, so that Fiji is as quiet as the launcher;</li>
 * <li>Abseil's {@code LOG} in libtensorflow_framework, which reads no environment variable: its minimum level is set
 * through the library's exported {@code absl::SetMinLogLevel}, so those messages are never made;</li>
 * <li>a private copy of Abseil inside libtensorflow_cc, with nothing exported to configure it. It writes one
 * message at the first session run of a process, before {@code absl::InitializeLog()}: "WARNING: All log messages
 * before absl::InitializeLog() is called are written to STDERR" and "I0000 ... mlir_graph_optimization_pass.cc:401]
 * MLIR V1 optimization pass is not enabled" ({@code LOG_FIRST_N}, once per process; no session option avoids the
 * pass). A one-op session is run here first with native stderr caught in a file; whatever else was written
 * meanwhile (by Java) is written out afterwards.</li>
 * </ol>
 * The level is {@code TF_CPP_MIN_LOG_LEVEL} (0 info, 1 warning, 2 error, 3 fatal only; 3 when unset) or the system
 * property {@code convnet.tf.loglevel}, which the launcher's {@code --verbose} sets to 0 (then nothing is hidden).
 * Without JNA or on another TensorFlow build, the lines stay as TensorFlow writes them.
 */
public final class NativeLogs {

	/** absl::lts_20230802::SetMinLogLevel(absl::LogSeverityAtLeast), exported by libtensorflow_framework. */
	static final String SET_MIN_LOG_LEVEL = "_ZN4absl12lts_2023080214SetMinLogLevelENS0_18LogSeverityAtLeastE";

	/** A native log line: Abseil's before initialisation, Abseil's, or TensorFlow's own (TSL). */
	static final Pattern NATIVE_LINE = Pattern.compile("WARNING: All log messages before absl::InitializeLog\\(\\).*" +
		"|[IW]\\d{4} \\d\\d:\\d\\d:[\\d.]+ +\\d+ [\\w.\\-/]+:\\d+\\].*" +
		"|\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:[\\d.]+: [IW] [\\w.\\-/]+:\\d+\\].*");

	private static final int STDERR = 2;

	/** dlopen flags (Linux): resolve lazily, only an already loaded library, symbols not made global. */
	private static final int RTLD_LAZY = 1, RTLD_NOLOAD = 4;

	private static boolean done;

	private NativeLogs() {}

	/** Once per process, before the first graph: sets the levels and runs the first session quietly. */
	public static synchronized void apply() {
		if (done) return;
		done = true;
		final int level = level();
		if (level == 0) return;
		try {
			if (System.getenv("TF_CPP_MIN_LOG_LEVEL") == null) {
				Function.getFunction("c", "setenv").invokeInt(new Object[] { "TF_CPP_MIN_LOG_LEVEL", String.valueOf(
					level), 0 });
			}
			TensorFlow.version(); // loads the native libraries
			final String framework = libraryPath("tensorflow_framework");
			if (framework != null) {
				// the handle of the library already loaded, kept local: RTLD_GLOBAL (JNA's default) would put
				// TensorFlow's own LLVM before the system's for PoCL's OpenCL compiler, which then crashes
				NativeLibrary.getInstance(framework, Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_NOLOAD))
					.getFunction(SET_MIN_LOG_LEVEL).invokeVoid(new Object[] { level });
			}
			firstRunQuietly();
		}
		catch (final UnsatisfiedLinkError | NoClassDefFoundError | IOException | RuntimeException e) {
			// no JNA, another platform or another TensorFlow build: TensorFlow's lines stay as they are
		}
	}

	/** Abseil's severity: 0 info, 1 warning, 2 error, 3 fatal. */
	static int level() {
		String text = System.getProperty("convnet.tf.loglevel");
		if (text == null) text = System.getenv("TF_CPP_MIN_LOG_LEVEL");
		try {
			return text == null ? 3 : Math.max(0, Math.min(3, Integer.parseInt(text.trim())));
		}
		catch (final NumberFormatException e) {
			return 3;
		}
	}

	/** Runs a one-op session with native stderr (fd 2) in a temporary file, then writes out what was not TensorFlow's. */
	private static void firstRunQuietly() throws IOException {
		final Path caught = Files.createTempFile("convnet-tf", ".log");
		try {
			final Function dup = Function.getFunction("c", "dup");
			final Function dup2 = Function.getFunction("c", "dup2");
			final Function open = Function.getFunction("c", "open");
			final Function close = Function.getFunction("c", "close");
			final int file = open.invokeInt(new Object[] { caught.toString(), 1 /* O_WRONLY */ });
			if (file < 0) return;
			System.err.flush();
			final int saved = dup.invokeInt(new Object[] { STDERR });
			if (saved < 0 || dup2.invokeInt(new Object[] { file, STDERR }) < 0) {
				close.invokeInt(new Object[] { file });
				if (saved >= 0) close.invokeInt(new Object[] { saved });
				return;
			}
			boolean ran = false;
			try (Graph g = new Graph(); Session s = new Session(g)) {
				final Ops tf = Ops.create(g);
				tf.withName("quiet").identity(tf.constant(0f));
				try (TFloat32 t = (TFloat32) s.runner().fetch("quiet").run().get(0)) {
					t.getFloat();
				}
				ran = true;
			}
			finally {
				System.err.flush();
				dup2.invokeInt(new Object[] { saved, STDERR });
				close.invokeInt(new Object[] { saved });
				close.invokeInt(new Object[] { file });
				// what was written meanwhile goes out; all of it when the run failed (TensorFlow's lines may say why)
				final String text = Files.readString(caught, StandardCharsets.UTF_8);
				if (ran) replay(text, System.err);
				else {
					System.err.print(text);
					System.err.flush();
				}
			}
		}
		finally {
			Files.deleteIfExists(caught);
		}
	}

	/** Writes {@code text} without TensorFlow's log lines (keeping '\r' progress updates and errors). */
	static void replay(final String text, final PrintStream err) {
		final StringBuilder kept = new StringBuilder();
		int start = 0;
		for (int i = 0; i <= text.length(); i++) {
			if (i == text.length() || text.charAt(i) == '\n') {
				final String line = text.substring(start, i);
				if (!NATIVE_LINE.matcher(line).matches()) kept.append(line).append(i < text.length() ? "\n" : "");
				start = i + 1;
			}
		}
		if (kept.length() > 0) {
			err.print(kept);
			err.flush();
		}
	}

	private static String libraryPath(final String name) {
		for (final Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
			final String path = e.getValue();
			if (path != null && path.toLowerCase(Locale.ROOT).contains("lib" + name + ".so")) return path;
		}
		return null;
	}
}
