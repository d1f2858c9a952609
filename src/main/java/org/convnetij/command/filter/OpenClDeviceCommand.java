package org.convnetij.command.filter;

import org.convnetij.command.ConvNetCommand;
import org.convnetij.opencl.ClDevice;
import org.convnetij.opencl.OpenCl;
import org.convnetij.util.UserInputException;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Chooses the OpenCL device of the filters for the rest of the session (the system property convnet.opencl.device):
 * an index from OpenCL Info, part of a name, or empty for the default (first GPU, else first device). A device whose
 * compiler could crash this JVM (no signal chaining, see the core's SignalChaining) is refused with the way to turn
 * it on: choosing a device asks for OpenCL on it, so it is refused rather than silently downgraded.
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>OpenCL Device", label = "OpenCL Device",
	headless = true, description = "Choose the OpenCL device by index or name")
public class OpenClDeviceCommand extends ConvNetCommand {

	@Parameter(label = "device (index or part of the name; empty = default)", required = false)
	private String device = "";

	@Parameter(type = ItemIO.OUTPUT, label = "chosen device")
	private String output;

	@Override
	protected void execute() {
		try {
			if (!OpenCl.hasDevices()) throw new UserInputException(OpenCl.notice());
			final String spec = device == null ? "" : device.trim();
			final ClDevice chosen = OpenCl.choose(OpenCl.devices(), spec);
			final String unsafe = OpenCl.unsafeProblem(chosen);
			if (unsafe != null && !spec.isEmpty()) throw new UserInputException(unsafe + "; until then filters run in Java");
			if (spec.isEmpty()) System.clearProperty(OpenCl.DEVICE_PROPERTY);
			else System.setProperty(OpenCl.DEVICE_PROPERTY, String.valueOf(chosen.index()));
			output = chosen.describe() + (unsafe == null ? "" : "\n" + OpenCl.withFallback(unsafe));
		}
		catch (final LinkageError e) {
			throw new UserInputException("OpenCL not available: " + e + "; filters run in Java");
		}
	}
}
