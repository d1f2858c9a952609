package org.convnetij.cli;

/**
 * ImageJ 1 commands that ImageJ adds to its command table in code, together with its menu bar (so not listed in
 * IJ_Props.txt), and that work without a display: type conversions, crop, scale, measurements. Copied from
 * ImageJ's Menus.addMenuBar (label and plugin with its argument).
 */
final class ImageJMenuCommands {

	private ImageJMenuCommands() {}

	static final String[][] COMMANDS = {
		{ "Close", "ij.plugin.Commands(\"close\")" },
		{ "Close All", "ij.plugin.Commands(\"close-all\")" },
		{ "Clear", "ij.plugin.filter.Filler(\"clear\")" },
		{ "Clear Outside", "ij.plugin.filter.Filler(\"outside\")" },
		{ "Fill", "ij.plugin.filter.Filler(\"fill\")" },
		{ "Draw", "ij.plugin.filter.Filler(\"draw\")" },
		{ "Invert", "ij.plugin.filter.Filters(\"invert\")" },
		{ "8-bit", "ij.plugin.Converter(\"8-bit\")" },
		{ "16-bit", "ij.plugin.Converter(\"16-bit\")" },
		{ "32-bit", "ij.plugin.Converter(\"32-bit\")" },
		{ "8-bit Color", "ij.plugin.Converter(\"8-bit Color\")" },
		{ "RGB Color", "ij.plugin.Converter(\"RGB Color\")" },
		{ "RGB Stack", "ij.plugin.Converter(\"RGB Stack\")" },
		{ "HSB Stack", "ij.plugin.Converter(\"HSB Stack\")" },
		{ "HSB (32-bit)", "ij.plugin.Converter(\"HSB (32-bit)\")" },
		{ "Lab Stack", "ij.plugin.Converter(\"Lab Stack\")" },
		{ "Properties...", "ij.plugin.filter.ImageProperties" },
		{ "Crop", "ij.plugin.Resizer(\"crop\")" },
		{ "Duplicate...", "ij.plugin.Duplicator" },
		{ "Rename...", "ij.plugin.SimpleCommands(\"rename\")" },
		{ "Scale...", "ij.plugin.Scaler" },
		{ "Smooth", "ij.plugin.filter.Filters(\"smooth\")" },
		{ "Sharpen", "ij.plugin.filter.Filters(\"sharpen\")" },
		{ "Find Edges", "ij.plugin.filter.Filters(\"edge\")" },
		{ "Find Maxima...", "ij.plugin.filter.MaximumFinder" },
		{ "Enhance Contrast...", "ij.plugin.ContrastEnhancer" },
		{ "Image Calculator...", "ij.plugin.ImageCalculator" },
		{ "Subtract Background...", "ij.plugin.filter.BackgroundSubtracter" },
		{ "Measure", "ij.plugin.filter.Analyzer" },
		{ "Analyze Particles...", "ij.plugin.filter.ParticleAnalyzer" },
		{ "Summarize", "ij.plugin.filter.Analyzer(\"sum\")" },
		{ "Clear Results", "ij.plugin.filter.Analyzer(\"clear\")" },
		{ "Set Measurements...", "ij.plugin.filter.Analyzer(\"set\")" },
		{ "Set Scale...", "ij.plugin.filter.ScaleDialog" }
	};
}
