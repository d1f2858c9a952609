package org.convnetij.command.cnn;

import org.convnetij.data.Augmentation;
import org.scijava.plugin.Parameter;

/** The augmentation group of Train Classifier: random changes to each training image, all off by default. */
abstract class AugmentationCommand extends TrainingOptionsCommand {

	@Parameter(label = "crop (augmentation: smallest crop fraction; 1 = off)")
	private double crop = 1;

	@Parameter(label = "fliph (augmentation: mirror left-right)")
	private boolean fliph = false;

	@Parameter(label = "flipv (augmentation: mirror top-bottom)")
	private boolean flipv = false;

	@Parameter(label = "rotate90 (augmentation: quarter turns)")
	private boolean rotate90 = false;

	@Parameter(label = "rotate (augmentation: max degrees; 0 = off)", min = "0")
	private double rotate = 0;

	@Parameter(label = "translate (augmentation: max pixels; 0 = off)", min = "0")
	private int translate = 0;

	@Parameter(label = "colorshift (augmentation: max per channel; 0 = off)", min = "0")
	private double colorshift = 0;

	@Parameter(label = "brightness (augmentation: max; 0 = off)", min = "0")
	private double brightness = 0;

	@Parameter(label = "contrast (augmentation: max, below 1; 0 = off)", min = "0")
	private double contrast = 0;

	@Parameter(label = "grayscale (augmentation: probability; 0 = off)", min = "0")
	private double grayscale = 0;

	/** The augmentation these inputs ask for, drawn from {@code seed}. */
	protected Augmentation augmentation(final long seed) {
		return Augmentation.builder().crop(crop).flipHorizontal(fliph).flipVertical(flipv).rotate90(rotate90).rotate(
			rotate).translate(translate).colorShift(colorshift).brightness(brightness).contrast(contrast).grayscale(
				grayscale).seed(seed).build();
	}
}
