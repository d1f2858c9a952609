package org.convnetij.nn;

import java.util.Locale;

import org.convnetij.data.Augmentation;
import org.convnetij.util.UserInputException;

/**
 * How transfer learning runs: the strategy, {@code freeze} (a layer name: it and every layer before it stay frozen
 * in fine-tuning; or a count of first layers; empty for the first two thirds of the pretrained layers), the head's
 * {@code epochs} and {@code rate} (Adam); fine-tuning then runs {@code epochs} more epochs at a hundredth of the rate,
 * with {@code augmentation} of its batches and early stopping after {@code patience} epochs without a better
 * validation loss (training loss without validation images; 0 = never), keeping the best epoch's weights. The head
 * trains on the features of the images as they are (cached), never augmented.
 */
public record TransferSettings(Strategy strategy, String freeze, int epochs, double rate, long seed,
	Augmentation augmentation, int patience)
{

	/**
	 * Fine-tuning runs at the head's rate divided by this: Adam moves every weight by about the rate per step, and
	 * pretrained layers need small steps (Keras's recipe divides a head rate of 1e-4 by 10 with RMSprop).
	 */
	public static final double FINETUNE_RATE_DIVISOR = 100;

	/** The strategies, by command key. */
	public enum Strategy {
		FEATURES, FINETUNE, AUTO;

		public String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		public static Strategy parse(final String key) {
			for (final Strategy s : values()) {
				if (s.key().equals(key == null ? "" : key.trim().toLowerCase(Locale.ROOT))) return s;
			}
			throw new UserInputException("strategy must be features, finetune or auto, not '" + key + "'");
		}
	}

	public TransferSettings {
		if (epochs < 1) throw new UserInputException("epochs must be at least 1, not " + epochs);
		if (!(rate > 0)) throw new UserInputException("rate must be positive, not " + rate);
		if (patience < 0) throw new UserInputException("patience must be 0 (off) or more epochs, not " + patience);
		if (augmentation == null) augmentation = Augmentation.none();
	}

	/** Without augmentation and early stopping in fine-tuning. */
	public TransferSettings(final Strategy strategy, final String freeze, final int epochs, final double rate,
		final long seed)
	{
		this(strategy, freeze, epochs, rate, seed, Augmentation.none(), 0);
	}

	/** The same settings with another strategy (auto resolved). */
	public TransferSettings strategy(final Strategy s) {
		return new TransferSettings(s, freeze, epochs, rate, seed, augmentation, patience);
	}

	/** The rate of fine-tuning: the head's divided by {@link #FINETUNE_RATE_DIVISOR}. */
	public double fineTuningRate() {
		return rate / FINETUNE_RATE_DIVISOR;
	}

	/**
	 * A new classifier head on a tensor of a SavedModel kept as it is: the tensor, whether its 4-D values are averaged
	 * over height and width, and the Dense kernel [features, classes] (Keras layout) and bias.
	 */
	public record Head(String tensor, boolean pooled, float[] kernel, float[] bias) {}
}
