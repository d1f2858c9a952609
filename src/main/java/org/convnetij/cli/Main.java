package org.convnetij.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.convnetij.util.UserInputException;

/**
 * The headless launcher behind {@code ./convnet}. It runs without a display and always exits explicitly (ImageJ
 * and SciJava leave non-daemon threads behind): 0 on success, 2 on bad input (one line on stderr), 1 on an
 * unexpected failure.
 */
public final class Main {

	static final String USAGE = String.join("\n",
		"usage: convnet [--debug] [--verbose] <Command> key=value ...   run a command, e.g.",
		"         convnet Convolve input=cell.png kernel=\"1 1 1; 1 1 1; 1 1 1\" normalize=true output=out.tif",
		"       convnet --list                             labels and keys of every command",
		"       convnet --macro file.ijm [argument]        run an ImageJ macro headless",
		"       convnet check                              System Check: Java, OpenCL, TensorFlow (exit 3 on a problem)",
		"       convnet demo [fashion-mnist] [mobilenet]   transfer-learning demo on Fashion-MNIST (CONVNET_DATA or",
		"                                                  Debian's dataset-fashion-mnist when no folder is given)",
		"       convnet demo filters [images] [out-folder] filter demo on sample-images, results in results/filters",
		"       convnet benchmark training [fashion-mnist-folder] [minutes] [max-epochs]",
		"       convnet benchmark filters [rounds] [image] [filter]  speed against ImageJ 1 (its commands, macros)",
		"       convnet benchmark transfer                 scratch vs transfer (auto, features, finetune) on textures",
		"                                                  and Fashion-MNIST, 10 and 50 images per class (~15 min)",
		"       convnet spark classify|features|probability-map model=<folder> input=<folder, glob or listing>",
		"                     output=<folder> [format=parquet|csv] [master=local[N]] [overwrite]   on Apache Spark",
		"options: --device <index or name> picks the OpenCL device; --engine java|opencl forces a filter engine;",
		"booleans are key=true|false; image keys take file paths; --debug shows stack traces;",
		"--verbose shows TensorFlow's native log lines (hidden otherwise)");

	/** The exit code of {@code convnet check} when it reports a problem. */
	static final int CHECK_PROBLEM = 3;

	/** The exit code of a command ended by Ctrl-C (128 + SIGINT), as the shell reports it. */
	static final int INTERRUPTED = 130;

	private Main() {}

	public static void main(final String[] args) {
		final int code = run(args, System.out, System.err);
		System.out.flush();
		System.exit(code);
	}

	/** Moves "--name value" into a system property (read by the core when it first needs it). */
	private static void takeOption(final List<String> args, final String name, final String property) {
		final int i = args.indexOf(name);
		if (i < 0) return;
		if (i + 1 >= args.size()) throw new UserInputException(name + " needs a value");
		System.setProperty(property, args.get(i + 1));
		args.remove(i + 1);
		args.remove(i);
	}

	static int run(final String[] arguments, final PrintStream out, final PrintStream err) {
		final List<String> args = new ArrayList<>(Arrays.asList(arguments));
		final boolean debug = args.remove("--debug");
		// TensorFlow's native log lines (Abseil and TSL) only when asked for; see tf.NativeLogs
		if (args.remove("--verbose")) System.setProperty("convnet.tf.loglevel", "0");
		try {
			takeOption(args, "--device", "convnet.opencl.device");
			takeOption(args, "--engine", "convnet.engine");
		}
		catch (final UserInputException e) {
			err.println("convnet: " + e.getMessage());
			return 2;
		}
		if (args.isEmpty()) {
			err.println("convnet: give a command: convnet --list shows them, convnet --help the usage");
			return 2;
		}
		if (args.get(0).equals("--help") || args.get(0).equals("-h")) {
			out.println(USAGE);
			return 0;
		}
		try {
			final String first = args.get(0);
			final List<String> rest = args.subList(1, args.size());
			switch (first) {
				case "--list":
					CommandLine.list(out);
					break;
				case "--macro":
					if (rest.isEmpty()) throw new UserInputException("--macro needs a macro file");
					MacroRunner.run(rest.get(0), String.join(" ", rest.subList(1, rest.size())));
					break;
				case "check": {
					final java.util.List<org.convnetij.util.CheckLine> lines = org.convnetij.command.SystemCheck.lines();
					out.println(org.convnetij.command.SystemCheck.report(lines));
					return lines.stream().anyMatch(l -> l.verdict() == org.convnetij.util.CheckLine.Verdict.PROBLEM) ?
						CHECK_PROBLEM : 0;
				}
				case "demo":
					if (!rest.isEmpty() && rest.get(0).equals("filters")) FilterDemo.run(rest.subList(1, rest.size()), out);
					else TransferDemo.run(rest, out);
					break;
				case "benchmark":
					Benchmarks.run(rest);
					break;
				default:
					if (first.startsWith("-")) {
						throw new UserInputException("unknown option '" + first + "': the options are --debug, --verbose, " +
							"--device <index or name>, --engine java|opencl (convnet --help shows the usage)");
					}
					CommandLine.run(first, rest, out);
			}
			return 0;
		}
		catch (final UserInputException e) {
			if (Interruption.happened()) return INTERRUPTED;
			ConsoleProgress.printOnItsOwnLine(err, "convnet: " + e.getMessage().replace('\n', ' '));
			if (debug) e.printStackTrace(err);
			return 2;
		}
		catch (final Throwable t) {
			if (Interruption.happened()) return INTERRUPTED;
			ConsoleProgress.printOnItsOwnLine(err, "convnet: unexpected error: " + t + (debug ? "" :
				" (--debug shows the stack trace)"));
			if (debug) t.printStackTrace(err);
			return 1;
		}
	}
}
