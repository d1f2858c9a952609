package org.convnetij.workflow;

import java.io.IOException;

import org.convnetij.nn.PackageExport;
import org.convnetij.util.Progress;
import org.convnetij.nn.Networks;
import org.convnetij.nn.ImportSettings;

/**
 * Models in from other tools and out to them: Import Model (TF.js, Keras HDF5, SavedModel, bioimage.io, Keras
 * Applications weights) and the bioimage.io package export, done by the network engine.
 */
public final class ModelExchange {

	private ModelExchange() {}

	/**
	 * Imports as {@code settings} say, for example
	 * {@code ModelExchange.importModel(ImportSettings.of(source, folder).size(96), Progress.NONE)}.
	 */
	public static ImportSettings.Result importModel(final ImportSettings settings, final Progress progress)
		throws IOException
	{
		return Networks.engine().importModel(settings, progress);
	}

	/** Writes a model folder as a bioimage.io package. */
	public static PackageExport.Result exportPackage(final PackageExport export) throws IOException {
		return Networks.engine().exportPackage(export);
	}
}
