package org.convnetij.workflow;

import java.util.List;

import org.convnetij.nn.EpochRecord;

/**
 * How a {@link Trainer#fit} ended: the history of every epoch (the model's whole history, earlier runs included),
 * why it stopped, the epoch whose weights the model now has, a message for the user, and what was trained (where
 * the engine decided it, {@link org.convnetij.nn.Network.TrainingSteps#describe()}; else empty).
 */
public record TrainingResult(List<EpochRecord> history, Stop stop, int bestEpoch, String message, String trained) {

	/** Why training ended. */
	public enum Stop {
		/** All epochs ran. */
		COMPLETED,
		/** The validation loss did not improve for {@code patience} epochs; the best weights were restored. */
		EARLY_STOPPED,
		/** {@code Progress.isCanceled()}; the weights of the last complete epoch were kept. */
		CANCELED,
		/** The loss became NaN or infinite; the weights of the last complete epoch were kept. */
		NAN_LOSS
	}

	public TrainingResult {
		history = List.copyOf(history);
	}

	/** The record of the last epoch, null when none completed. */
	public EpochRecord last() {
		return history.isEmpty() ? null : history.get(history.size() - 1);
	}
}
