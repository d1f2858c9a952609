package org.convnetij.command.cnn;

import org.convnetij.workflow.FeatureExport;
import org.scijava.plugin.Parameter;

/** The feature-layer group of Extract Features and Transfer Learning: a model folder, the layer and its grid. */
abstract class FeatureLayerCommand extends ModelCommand {

	@Parameter(label = "layer (a layer name, or a relative depth such as 0.5: halfway to the feature layer; empty = " +
		"the model's feature layer)", required = false)
	protected String layer = "";

	@Parameter(label = "grid (1 = the layer averaged over height and width; 2 = averages of a 2 x 2 grid, 4 x C values)",
		min = "1")
	protected int grid = 1;

	/** The layer and grid these inputs give. */
	protected FeatureExport.Layer featureLayer() {
		return new FeatureExport.Layer(layer, grid);
	}
}
