package org.convnetij.opencl;

import java.util.ArrayList;
import java.util.List;

import org.convnetij.util.CheckLine;

/** System Check's lines about OpenCL: signal chaining, and each device with whether the filters may use it. */
public final class OpenClCheck {

	private OpenClCheck() {}

	public static List<CheckLine> lines() {
		final List<CheckLine> lines = new ArrayList<>();
		final List<ClDevice> devices;
		try {
			devices = OpenCl.devices();
		}
		catch (final LinkageError e) { // JOCL missing from the class path
			lines.add(CheckLine.warning("OpenCL", "JOCL is not on the class path (" + e + "); filters run in Java",
				"install jocl-2.0.6.jar with the plugin"));
			return lines;
		}
		final boolean unsafeDevice = devices.stream().anyMatch(SignalChaining::installsSignalHandlers);
		if (SignalChaining.isActive()) {
			lines.add(CheckLine.ok("signal chaining", "on (" + SignalChaining.library() + " is loaded)"));
		}
		else if (unsafeDevice) {
			lines.add(CheckLine.warning("signal chaining", "off: OpenCL devices whose compiler can crash Java are not " +
				"used", SignalChaining.howToTurnOn()));
		}
		else lines.add(CheckLine.ok("signal chaining", "off (not needed by the OpenCL devices found)"));
		if (devices.isEmpty()) {
			lines.add(CheckLine.warning("OpenCL devices", "none (" + OpenCl.problem() + ")", "install the OpenCL " +
				"driver of your GPU, or a CPU device (Debian/Ubuntu: apt-get install pocl-opencl-icd)"));
		}
		for (final ClDevice d : devices) {
			final String unsafe = SignalChaining.unsafeReason(d);
			final String finding = d.index() + ": " + d.name() + " (" + d.platformName() + ", " + d.type() + ", " + d
				.version() + ", " + d.globalMemory() / (1024 * 1024) + " MB)";
			lines.add(unsafe == null ? CheckLine.ok("OpenCL device", finding) : CheckLine.warning("OpenCL device",
				finding + ": not used, " + unsafe, SignalChaining.howToTurnOn()));
		}
		return lines;
	}
}
