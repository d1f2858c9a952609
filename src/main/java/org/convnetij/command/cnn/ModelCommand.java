package org.convnetij.command.cnn;

import java.io.File;
import java.nio.file.Path;

import org.scijava.plugin.Parameter;

/** A command that reads a model folder, the first item of its dialog. */
abstract class ModelCommand extends CnnCommand {

	@Parameter(label = "model (model folder)", style = "directory")
	protected File model;

	/** The model folder, or a message when none is given. */
	protected Path modelFolder() {
		return required(model, "model", "a model folder");
	}
}
