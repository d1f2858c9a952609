package org.convnetij.command.filter;

import org.convnetij.command.StridedOutput;
import org.convnetij.filter.Filters;
import org.convnetij.filter.Padding;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import net.imglib2.type.numeric.RealType;

/** The 4-neighbour Laplacian (0 1 0; 1 -4 1; 0 1 0) of each plane. */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet>Filters>Laplacian", label = "Laplacian", headless = true,
	description = "Laplacian (4-neighbour) of each plane")
public class LaplacianCommand<T extends RealType<T>> extends FilterCommand<T> implements StridedOutput {

	@Parameter(label = "padding", choices = { "none", "zero", "mirror", "clamp" })
	private String padding = "clamp";

	@Parameter(label = "stride", min = "1")
	private int stride = 1;

	@Override
	protected void execute() {
		output = Filters.laplacian(input, Padding.parse(padding), stride);
	}

	@Override
	public int outputStride() {
		return stride;
	}
}
