package org.convnetij.nn;

/**
 * One epoch of training history: loss and accuracy on the training set and, when there was a validation set, on
 * it (null otherwise).
 */
public final class EpochRecord {

	private int epoch;
	private double loss;
	private double accuracy;
	private Double valLoss;
	private Double valAccuracy;
	private Double seconds;

	private EpochRecord() {}

	/** An epoch without validation. */
	public static EpochRecord of(final int epoch, final double loss, final double accuracy) {
		final EpochRecord r = new EpochRecord();
		r.epoch = epoch;
		r.loss = loss;
		r.accuracy = accuracy;
		return r;
	}

	/** An epoch with validation loss and accuracy. */
	public static EpochRecord of(final int epoch, final double loss, final double accuracy, final double valLoss,
		final double valAccuracy)
	{
		final EpochRecord r = of(epoch, loss, accuracy);
		r.valLoss = valLoss;
		r.valAccuracy = valAccuracy;
		return r;
	}

	/** This record with the epoch's duration in seconds. */
	public EpochRecord withSeconds(final double s) {
		final EpochRecord r = of(epoch, loss, accuracy);
		r.valLoss = valLoss;
		r.valAccuracy = valAccuracy;
		r.seconds = s;
		return r;
	}

	/** Seconds the epoch took (training and validation), NaN when not recorded. */
	public double seconds() {
		return seconds == null ? Double.NaN : seconds;
	}

	/** 1-based epoch number. */
	public int epoch() {
		return epoch;
	}

	public double loss() {
		return loss;
	}

	public double accuracy() {
		return accuracy;
	}

	public boolean hasValidation() {
		return valLoss != null && valAccuracy != null;
	}

	/** Validation loss, NaN without validation. */
	public double valLoss() {
		return valLoss == null ? Double.NaN : valLoss;
	}

	/** Validation accuracy, NaN without validation. */
	public double valAccuracy() {
		return valAccuracy == null ? Double.NaN : valAccuracy;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof EpochRecord)) return false;
		final EpochRecord r = (EpochRecord) o;
		return epoch == r.epoch && loss == r.loss && accuracy == r.accuracy && java.util.Objects.equals(valLoss,
			r.valLoss) && java.util.Objects.equals(valAccuracy, r.valAccuracy) && java.util.Objects.equals(seconds, r.seconds);
	}

	@Override
	public int hashCode() {
		return epoch * 31 + Double.hashCode(loss);
	}

	@Override
	public String toString() {
		return "epoch " + epoch + ": loss " + loss + " accuracy " + accuracy + (hasValidation() ? ", validation loss " +
			valLoss + " accuracy " + valAccuracy : "");
	}
}
