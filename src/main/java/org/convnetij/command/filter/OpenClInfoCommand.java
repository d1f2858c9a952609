package org.convnetij.command.filter;

import org.convnetij.opencl.OpenCl;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Lists the OpenCL devices with their memory and limits, marking the one the filters use. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>OpenCL Info", label = "OpenCL Info",
	headless = true, description = "List OpenCL devices, memory and limits")
public class OpenClInfoCommand extends ContextCommand {

	@Parameter(type = ItemIO.OUTPUT, label = "OpenCL devices")
	private String output;

	@Override
	public void run() {
		try {
			output = OpenCl.info();
		}
		catch (final LinkageError e) { // no JOCL on the class path at all
			output = "OpenCL not available: " + e + "; filters run in Java";
		}
	}
}
