package org.convnetij.command;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Reports what ConvNet-IJ runs on (Java, OpenCL, TensorFlow), each line with a verdict and a fix. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>System Check", label = "System Check", headless = true,
	description = "Java, OpenCL and TensorFlow as ConvNet-IJ finds them, with what to fix")
public class SystemCheckCommand extends ContextCommand {

	@Parameter(type = ItemIO.OUTPUT, label = "System Check")
	private String report;

	@Override
	public void run() {
		report = SystemCheck.report(SystemCheck.lines());
	}
}
