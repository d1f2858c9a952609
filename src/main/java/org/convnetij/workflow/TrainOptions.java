package org.convnetij.workflow;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.convnetij.data.Augmentation;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.TrainingSetup;

/**
 * How {@link Trainer#fit} trains: epochs, batch size, optimizer (sgd with momentum, rmsprop, adam) and learning
 * rate, L2 on kernels, dropout before the classifier, early stopping patience, validation fraction (when no
 * validation set is given), augmentation, seed, layers to freeze, and the model folder written after every epoch.
 * Immutable; build with {@link #builder()}, change with {@link #toBuilder()}.
 */
public final class TrainOptions {

	/** Optimizer keys. */
	public static final Set<String> OPTIMIZERS = Set.of("sgd", "rmsprop", "adam");

	private final int epochs;
	private final int batchSize;
	private final String optimizer;
	private final double learningRate;
	private final double momentum;
	private final double l2;
	private final double dropout;
	private final int patience;
	private final double validationFraction;
	private final Augmentation augmentation;
	private final long seed;
	private final Set<String> frozen;
	private final String freezeUpTo;
	private final Path checkpoint;
	private final boolean overwrite;

	private TrainOptions(final Builder b) {
		epochs = b.epochs;
		batchSize = b.batchSize;
		optimizer = b.optimizer;
		learningRate = b.learningRate;
		momentum = b.momentum;
		l2 = b.l2;
		dropout = b.dropout;
		patience = b.patience;
		validationFraction = b.validationFraction;
		augmentation = b.augmentation;
		seed = b.seed;
		frozen = Set.copyOf(b.frozen);
		freezeUpTo = b.freezeUpTo;
		checkpoint = b.checkpoint;
		overwrite = b.overwrite;
	}

	/** Defaults: 10 epochs, batch 32, adam 0.001 (sgd momentum 0.9), no L2, no dropout, no early stopping, 0.2
	 * validation, no augmentation, seed 1, nothing frozen, no checkpoint folder. */
	public static Builder builder() {
		return new Builder();
	}

	public Builder toBuilder() {
		final Builder b = new Builder();
		b.epochs = epochs;
		b.batchSize = batchSize;
		b.optimizer = optimizer;
		b.learningRate = learningRate;
		b.momentum = momentum;
		b.l2 = l2;
		b.dropout = dropout;
		b.patience = patience;
		b.validationFraction = validationFraction;
		b.augmentation = augmentation;
		b.seed = seed;
		b.frozen = new TreeSet<>(frozen);
		b.freezeUpTo = freezeUpTo;
		b.checkpoint = checkpoint;
		b.overwrite = overwrite;
		return b;
	}

	public int epochs() {
		return epochs;
	}

	public int batchSize() {
		return batchSize;
	}

	/** "sgd", "rmsprop" or "adam". */
	public String optimizer() {
		return optimizer;
	}

	public double learningRate() {
		return learningRate;
	}

	/** Momentum of sgd (0 = plain gradient descent). */
	public double momentum() {
		return momentum;
	}

	/** L2 factor on conv, depthwise and dense kernels: loss + l2 * sum(w^2). */
	public double l2() {
		return l2;
	}

	/** Dropout rate applied during training to the input of the classifier layer; 0 = none. */
	public double dropout() {
		return dropout;
	}

	/** Epochs without a lower validation loss before stopping (the best weights are restored); 0 = never stop early. */
	public int patience() {
		return patience;
	}

	/** Fraction of each class held out for validation when no validation set is given; 0 = none. */
	public double validationFraction() {
		return validationFraction;
	}

	public Augmentation augmentation() {
		return augmentation;
	}

	public long seed() {
		return seed;
	}

	/** Layers whose weights stay as they are (batch normalisation among them stays in inference mode). */
	public Set<String> frozen() {
		return frozen;
	}

	/** The model folder written after every epoch (with history.csv and curves.png); null = none. */
	public Path checkpoint() {
		return checkpoint;
	}

	/** Whether an existing model folder at {@link #checkpoint()} may be replaced. */
	public boolean overwrite() {
		return overwrite;
	}

	public TrainingSetup setup() {
		return new TrainingSetup(optimizer, learningRate, momentum, l2, dropout, frozen, seed, freezeUpTo);
	}

	@Override
	public String toString() {
		return "epochs " + epochs + ", batch " + batchSize + ", " + optimizer + " rate " + learningRate + (l2 > 0 ? ", l2 " +
			l2 : "") + (dropout > 0 ? ", dropout " + dropout : "") + (patience > 0 ? ", patience " + patience : "") +
			", validation " + validationFraction + ", augmentation " + augmentation + ", seed " + seed + (frozen.isEmpty()
				? "" : ", frozen " + new TreeSet<>(frozen));
	}

	/** Collects options; every setter checks its value and names it in the message. */
	public static final class Builder {

		private int epochs = 10;
		private int batchSize = 32;
		private String optimizer = "adam";
		private double learningRate = 1e-3;
		private double momentum = 0.9;
		private double l2 = 0;
		private double dropout = 0;
		private int patience = 0;
		private double validationFraction = 0.2;
		private Augmentation augmentation = Augmentation.none();
		private long seed = 1;
		private Set<String> frozen = new TreeSet<>();
		private String freezeUpTo = "";
		private Path checkpoint;
		private boolean overwrite;

		private Builder() {}

		public Builder epochs(final int n) {
			if (n < 1) throw new UserInputException("epochs must be 1 or more, not " + n);
			epochs = n;
			return this;
		}

		public Builder batchSize(final int n) {
			if (n < 1) throw new UserInputException("batch size must be 1 or more, not " + n);
			batchSize = n;
			return this;
		}

		public Builder optimizer(final String key) {
			final String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
			if (!OPTIMIZERS.contains(k)) {
				throw new UserInputException("optimizer must be sgd, rmsprop or adam, not '" + key + "'");
			}
			optimizer = k;
			return this;
		}

		public Builder learningRate(final double r) {
			if (!(r > 0) || !Double.isFinite(r)) throw new UserInputException("learning rate must be above 0, not " + r);
			learningRate = r;
			return this;
		}

		public Builder momentum(final double m) {
			if (!(m >= 0 && m < 1)) throw new UserInputException("momentum must be in [0, 1), not " + m);
			momentum = m;
			return this;
		}

		public Builder l2(final double f) {
			if (!(f >= 0) || !Double.isFinite(f)) throw new UserInputException("l2 must be 0 or more, not " + f);
			l2 = f;
			return this;
		}

		public Builder dropout(final double r) {
			if (!(r >= 0 && r < 1)) throw new UserInputException("dropout must be in [0, 1), not " + r);
			dropout = r;
			return this;
		}

		public Builder patience(final int epochs) {
			if (epochs < 0) throw new UserInputException("patience must be 0 (off) or more epochs, not " + epochs);
			patience = epochs;
			return this;
		}

		public Builder validationFraction(final double f) {
			if (!(f >= 0 && f < 1)) throw new UserInputException("validation fraction must be in [0, 1), not " + f);
			validationFraction = f;
			return this;
		}

		public Builder augmentation(final Augmentation a) {
			augmentation = a == null ? Augmentation.none() : a;
			return this;
		}

		public Builder seed(final long s) {
			seed = s;
			return this;
		}

		/** Layers to keep unchanged (transfer learning: the pretrained base). */
		public Builder freeze(final Set<String> layers) {
			frozen = new TreeSet<>(layers);
			return this;
		}

		/**
		 * For a SavedModel kept as it is: the layer (a name, or a count of its layers with weights) up to which it
		 * stays frozen; empty: the first two thirds.
		 */
		public Builder freezeUpTo(final String layer) {
			freezeUpTo = layer == null ? "" : layer;
			return this;
		}

		/** Writes the model folder there after every epoch. */
		public Builder checkpoint(final Path folder) {
			checkpoint = folder;
			return this;
		}

		public Builder overwrite(final boolean on) {
			overwrite = on;
			return this;
		}

		public TrainOptions build() {
			return new TrainOptions(this);
		}
	}
}
