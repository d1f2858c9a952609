package org.convnetij.nn;

import org.convnetij.util.UserInputException;

/**
 * How a model was (or is to be) trained, kept in convnet.json: strategy ("scratch", "features": a frozen pretrained
 * base as feature extractor, "finetune": base layers trained too), the pretrained base it started from, optimizer,
 * learning rate, epochs, batch size, validation fraction, seed. Immutable; option methods return changed copies.
 */
public final class TrainingSettings implements Cloneable {

	private String strategy = "scratch";
	private String base = "";
	private String optimizer = "adam";
	private double learningRate = 1e-3;
	private int epochs = 10;
	private int batchSize = 32;
	private double validationFraction = 0.2;
	private long seed = 1;

	private TrainingSettings() {}

	public static TrainingSettings defaults() {
		return new TrainingSettings();
	}

	public TrainingSettings strategy(final String s) {
		final TrainingSettings t = copy();
		t.strategy = s;
		return t.validated();
	}

	/** The pretrained model folder or architecture the training started from; "" for none. */
	public TrainingSettings base(final String b) {
		final TrainingSettings t = copy();
		t.base = b == null ? "" : b;
		return t;
	}

	public TrainingSettings optimizer(final String o) {
		final TrainingSettings t = copy();
		t.optimizer = o;
		return t.validated();
	}

	public TrainingSettings learningRate(final double r) {
		final TrainingSettings t = copy();
		t.learningRate = r;
		return t.validated();
	}

	public TrainingSettings epochs(final int e) {
		final TrainingSettings t = copy();
		t.epochs = e;
		return t.validated();
	}

	public TrainingSettings batchSize(final int b) {
		final TrainingSettings t = copy();
		t.batchSize = b;
		return t.validated();
	}

	public TrainingSettings validationFraction(final double f) {
		final TrainingSettings t = copy();
		t.validationFraction = f;
		return t.validated();
	}

	public TrainingSettings seed(final long s) {
		final TrainingSettings t = copy();
		t.seed = s;
		return t;
	}

	public String strategy() {
		return strategy;
	}

	public String base() {
		return base;
	}

	public String optimizer() {
		return optimizer;
	}

	public double learningRate() {
		return learningRate;
	}

	public int epochs() {
		return epochs;
	}

	public int batchSize() {
		return batchSize;
	}

	public double validationFraction() {
		return validationFraction;
	}

	public long seed() {
		return seed;
	}

	/** Checks every value (also after reading JSON); a message names the bad one. */
	public TrainingSettings validated() {
		if (strategy == null || !(strategy.equals("scratch") || strategy.equals("features") || strategy.equals(
			"finetune")))
		{
			throw new UserInputException("training strategy must be scratch, features or finetune, not '" + strategy +
				"'");
		}
		if (optimizer == null || optimizer.isBlank()) throw new UserInputException("training optimizer is missing");
		if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
			throw new UserInputException("learning rate must be above 0, not " + learningRate);
		}
		if (epochs < 0) throw new UserInputException("epochs must be 0 or more, not " + epochs);
		if (batchSize < 1) throw new UserInputException("batch size must be 1 or more, not " + batchSize);
		if (!(validationFraction >= 0 && validationFraction < 1)) {
			throw new UserInputException("validation fraction must be in [0, 1), not " + validationFraction);
		}
		if (base == null) base = "";
		return this;
	}

	private TrainingSettings copy() {
		try {
			return (TrainingSettings) clone();
		}
		catch (final CloneNotSupportedException e) {
			throw new AssertionError(e);
		}
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof TrainingSettings)) return false;
		final TrainingSettings t = (TrainingSettings) o;
		return strategy.equals(t.strategy) && base.equals(t.base) && optimizer.equals(t.optimizer) &&
			learningRate == t.learningRate && epochs == t.epochs && batchSize == t.batchSize &&
			validationFraction == t.validationFraction && seed == t.seed;
	}

	@Override
	public int hashCode() {
		return strategy.hashCode() * 31 + optimizer.hashCode() + epochs * 7 + batchSize;
	}
}
