package org.convnetij.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;

import org.convnetij.util.UserInputException;

/**
 * The batches of one epoch, prepared by one background thread (augmentation included) while the consumer works
 * on the previous batch, through a bounded queue of {@link BatchOptions#prefetch()} batches. Use it in
 * try-with-resources: {@link #close()} stops the thread and waits for it to end, so no thread outlives the
 * iterator, also when the consumer stops early. An error in the background thread is thrown by
 * {@link #hasNext()}/{@link #next()}.
 *
 * <pre>
 * for (int epoch = 0; epoch &lt; epochs; epoch++) {
 * 	try (BatchIterator batches = BatchIterator.open(train, options, epoch)) {
 * 		while (batches.hasNext()) step(batches.next());
 * 	}
 * }
 * </pre>
 */
public final class BatchIterator implements Iterator<Batch>, AutoCloseable {

	private static final Object END = new Object();

	private record Failure(Throwable error) {}

	private final BlockingQueue<Object> queue;
	private final Thread producer;
	private final int batchCount;
	private volatile boolean closed;
	private Object pending;
	private boolean finished;

	private BatchIterator(final LabelledImages data, final BatchOptions options, final int epoch) {
		options.augmentation().check(data.shape());
		final int[] order = order(data.size(), options, epoch);
		batchCount = options.batchCount(data.size());
		queue = new ArrayBlockingQueue<>(options.prefetch());
		producer = new Thread(() -> produce(data, options, epoch, order), "convnet-batches-epoch-" + epoch);
		producer.setDaemon(true);
		producer.start();
	}

	/** Starts preparing the batches of {@code epoch} (which, with the seeds, decides order and augmentation). */
	public static BatchIterator open(final LabelledImages data, final BatchOptions options, final int epoch) {
		if (data.size() == 0) throw new UserInputException("no images to make batches of");
		return new BatchIterator(data, options, epoch);
	}

	/** Dataset indices in the order of this epoch: shuffled with (seed, epoch), or 0, 1, 2, ... */
	static int[] order(final int n, final BatchOptions options, final int epoch) {
		final List<Integer> order = new ArrayList<>(n);
		for (int i = 0; i < n; i++) order.add(i);
		if (options.shuffle()) Collections.shuffle(order, new Random(options.seed() * 1_000_003L + epoch));
		return order.stream().mapToInt(Integer::intValue).toArray();
	}

	/** Number of batches this epoch gives. */
	public int batchCount() {
		return batchCount;
	}

	@Override
	public boolean hasNext() {
		if (finished) return false;
		if (pending == null) {
			if (closed) throw new IllegalStateException("the batch iterator is closed");
			try {
				pending = queue.take();
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				close();
				throw new CancellationException("interrupted while waiting for a batch");
			}
		}
		if (pending == END) {
			finished = true;
			return false;
		}
		if (pending instanceof Failure f) {
			finished = true;
			close();
			if (f.error() instanceof RuntimeException e) throw e;
			if (f.error() instanceof Error e) throw e;
			throw new IllegalStateException("preparing a batch failed", f.error());
		}
		return true;
	}

	@Override
	public Batch next() {
		if (!hasNext()) throw new NoSuchElementException("no more batches in this epoch");
		final Batch batch = (Batch) pending;
		pending = null;
		return batch;
	}

	/** True while the background thread runs (false after {@link #close()} returns). */
	public boolean isProducing() {
		return producer.isAlive();
	}

	/** Stops the background thread and waits until it has ended. Safe to call more than once. */
	@Override
	public void close() {
		closed = true;
		producer.interrupt();
		boolean interrupted = false;
		while (producer.isAlive()) {
			queue.clear(); // frees a producer blocked on a full queue even if it missed the interrupt
			try {
				producer.join(100);
			}
			catch (final InterruptedException e) {
				interrupted = true;
			}
		}
		queue.clear();
		if (interrupted) Thread.currentThread().interrupt();
	}

	private void produce(final LabelledImages data, final BatchOptions options, final int epoch, final int[] order) {
		try {
			for (int b = 0; b < batchCount; b++) {
				if (closed) return;
				final int from = b * options.batchSize(), to = Math.min(order.length, from + options.batchSize());
				queue.put(make(data, options.augmentation(), epoch, order, from, to));
			}
			queue.put(END);
		}
		catch (final InterruptedException e) {
			// closed: end quietly
		}
		catch (final RuntimeException | Error e) {
			try {
				queue.put(new Failure(e));
			}
			catch (final InterruptedException ignored) {
				// closed while reporting: nobody is waiting any more
			}
		}
	}

	private static Batch make(final LabelledImages data, final Augmentation augmentation, final int epoch,
		final int[] order, final int from, final int to)
	{
		final InputShape shape = data.shape();
		final int n = to - from, length = shape.length(), classes = data.classCount();
		final float[] images = new float[n * length], oneHot = new float[n * classes];
		final int[] labels = new int[n], indices = new int[n];
		final boolean augment = augmentation.isActive();
		for (int k = 0; k < n; k++) {
			final int i = order[from + k];
			final float[] image = augment ? augmentation.apply(data.pixels(i), shape, epoch, i) : data.pixels(i);
			System.arraycopy(image, 0, images, k * length, length);
			labels[k] = data.label(i);
			indices[k] = i;
			oneHot[k * classes + labels[k]] = 1;
		}
		return new Batch(shape, classes, images, oneHot, labels, indices);
	}
}
