package org.convnetij.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.convnetij.filter.FilterEngine;
import org.convnetij.filter.Filters;
import org.convnetij.opencl.OpenCl;
import org.convnetij.opencl.OpenClCheck;
import org.convnetij.util.CheckLine;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.Networks;

/**
 * What System Check reports, the same through the menu, macros and {@code ./convnet check}: Java and its memory,
 * signal chaining and the OpenCL devices, the filter engine and why, TensorFlow (version, where it was loaded from,
 * its natives, protobuf, a GPU). Each line ends with a verdict and, for a warning or a problem, the one thing to do.
 */
public final class SystemCheck {

	/** Below this maximum heap, CNN work on larger images or networks runs out of memory. */
	static final long ENOUGH_HEAP = 2L << 30;

	private SystemCheck() {}

	public static List<CheckLine> lines() {
		final List<CheckLine> lines = new ArrayList<>();
		lines.add(java());
		lines.addAll(OpenClCheck.lines());
		lines.add(filterEngine());
		lines.addAll(Networks.check());
		return lines;
	}

	/** The lines, then a count of each verdict. */
	public static String report(final List<CheckLine> lines) {
		final StringBuilder sb = new StringBuilder("ConvNet-IJ System Check\n");
		int warnings = 0, problems = 0;
		for (final CheckLine line : lines) {
			sb.append(line).append('\n');
			if (line.verdict() == CheckLine.Verdict.WARNING) warnings++;
			if (line.verdict() == CheckLine.Verdict.PROBLEM) problems++;
		}
		sb.append(String.format(Locale.ROOT, "%d ok, %d warning(s), %d problem(s)", lines.size() - warnings -
			problems, warnings, problems));
		return sb.toString();
	}

	static CheckLine java() {
		final Runtime r = Runtime.getRuntime();
		final long max = r.maxMemory();
		final String finding = "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") +
			"), maximum memory " + max / (1024 * 1024) + " MB, " + r.availableProcessors() + " processor(s)";
		if (max >= ENOUGH_HEAP) return CheckLine.ok("Java", finding);
		return CheckLine.warning("Java", finding + ": large networks and images need more", "give Java at least 2 GB " +
			"(Fiji: Edit > Options > Memory & Threads; launcher: CONVNET_JAVA_OPTS=-Xmx4g)");
	}

	/** The engine the filters use now, and why not OpenCL when they run in Java. */
	static CheckLine filterEngine() {
		final FilterEngine engine;
		try {
			engine = Filters.engine();
		}
		catch (final UserInputException e) { // OpenCL asked for where it cannot run
			return CheckLine.problem("filter engine", e.getMessage(), "ask for the Java engine, or see the OpenCL " +
				"lines above");
		}
		String why = null;
		try {
			why = OpenCl.notice();
		}
		catch (final LinkageError e) {
			why = "OpenCL not available: " + e;
		}
		if (why == null || !engine.name().toLowerCase(Locale.ROOT).contains("java")) {
			return CheckLine.ok("filter engine", engine.name());
		}
		return CheckLine.ok("filter engine", engine.name() + " (" + why + ")");
	}
}
