package org.convnetij.data;

import org.convnetij.util.UserInputException;

/** How {@link BatchIterator} cuts a dataset into batches. Immutable; made with {@link #builder()}. */
public final class BatchOptions {

	private final int batchSize;
	private final boolean shuffle, dropLast;
	private final long seed;
	private final Augmentation augmentation;
	private final int prefetch;

	private BatchOptions(final Builder b) {
		batchSize = b.batchSize;
		shuffle = b.shuffle;
		dropLast = b.dropLast;
		seed = b.seed;
		augmentation = b.augmentation;
		prefetch = b.prefetch;
	}

	/** Batches of 32, no shuffling, no augmentation, all images (the last batch may be smaller). */
	public static Builder builder() {
		return new Builder();
	}

	/** For training: shuffled every epoch with the seed, the given augmentation. */
	public static BatchOptions training(final int batchSize, final long seed, final Augmentation augmentation) {
		return builder().batchSize(batchSize).shuffle(true).seed(seed).augmentation(augmentation).build();
	}

	/** For validation, evaluation and prediction: dataset order, no augmentation. */
	public static BatchOptions inference(final int batchSize) {
		return builder().batchSize(batchSize).build();
	}

	public int batchSize() {
		return batchSize;
	}

	public boolean shuffle() {
		return shuffle;
	}

	public boolean dropLast() {
		return dropLast;
	}

	public long seed() {
		return seed;
	}

	public Augmentation augmentation() {
		return augmentation;
	}

	/** How many batches are prepared ahead in the background (the queue's capacity). */
	public int prefetch() {
		return prefetch;
	}

	/** Number of batches an epoch of {@code imageCount} images gives. */
	public int batchCount(final int imageCount) {
		return dropLast ? imageCount / batchSize : (imageCount + batchSize - 1) / batchSize;
	}

	public static final class Builder {

		private int batchSize = 32;
		private boolean shuffle, dropLast;
		private long seed;
		private Augmentation augmentation = Augmentation.none();
		private int prefetch = 2;

		private Builder() {}

		public Builder batchSize(final int size) {
			if (size < 1) throw new UserInputException("batch size must be at least 1, not " + size);
			batchSize = size;
			return this;
		}

		/** A new random order every epoch (from the seed and the epoch number). */
		public Builder shuffle(final boolean on) {
			shuffle = on;
			return this;
		}

		/** Leave out the last batch of an epoch if it is smaller than the batch size. */
		public Builder dropLast(final boolean on) {
			dropLast = on;
			return this;
		}

		/** Seed of the shuffling (augmentation has its own). */
		public Builder seed(final long seed) {
			this.seed = seed;
			return this;
		}

		public Builder augmentation(final Augmentation augmentation) {
			this.augmentation = augmentation == null ? Augmentation.none() : augmentation;
			return this;
		}

		/** Batches prepared ahead (at least 1; default 2). */
		public Builder prefetch(final int batches) {
			if (batches < 1) throw new UserInputException("prefetch must be at least 1 batch, not " + batches);
			prefetch = batches;
			return this;
		}

		public BatchOptions build() {
			return new BatchOptions(this);
		}
	}
}
