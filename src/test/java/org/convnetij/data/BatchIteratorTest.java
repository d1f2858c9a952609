package org.convnetij.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

import org.convnetij.data.FashionMnist.Part;
import org.junit.jupiter.api.Test;

class BatchIteratorTest {

	private static final LabelledImages DATA = FashionMnist.load(TestData.FASHION_MNIST, Part.TEST,
		new int[] { 0, 1, 7 }, 10, 5);

	@Test
	void nhwcImagesOneHotAndLabels() {
		final BatchOptions options = BatchOptions.inference(8);
		final List<Batch> batches = all(DATA, options, 0);
		assertEquals(4, batches.size());
		assertEquals(options.batchCount(30), batches.size());
		assertArrayEquals(new long[] { 8, 28, 28, 1 }, batches.get(0).imagesShape());
		assertArrayEquals(new long[] { 6, 28, 28, 1 }, batches.get(3).imagesShape()); // 30 = 3 * 8 + 6
		assertArrayEquals(new long[] { 6, 3 }, batches.get(3).oneHotShape());
		int next = 0;
		for (final Batch b : batches) {
			for (int k = 0; k < b.size(); k++) {
				assertEquals(next++, b.indices()[k]); // dataset order without shuffling
				final int i = b.indices()[k];
				assertArrayEquals(DATA.pixels(i), Arrays.copyOfRange(b.images(), k * 784, (k + 1) * 784));
				assertEquals(DATA.label(i), b.labels()[k]);
				for (int c = 0; c < 3; c++) assertEquals(c == b.labels()[k] ? 1f : 0f, b.oneHot()[k * 3 + c]);
			}
		}
	}

	@Test
	void nhwcOrderForRgb() {
		final LabelledImages rgb = DATA.subset(new int[] { 3, 4 }).reshaped(InputShape.of(5, 4, 3));
		final Batch b = all(rgb, BatchOptions.inference(2), 0).get(0);
		// image 1, row y = 2, column x = 3, channel 1
		final int index = ((1 * 4 + 2) * 5 + 3) * 3 + 1;
		assertEquals(rgb.pixels(1)[(2 * 5 + 3) * 3 + 1], b.images()[index]);
		// the same value through the ImgLib2 view (axes X, Y, channel)
		final net.imglib2.RandomAccessibleInterval<net.imglib2.type.numeric.real.FloatType> view = rgb.image(1);
		assertArrayEquals(new long[] { 5, 4, 3 }, view.dimensionsAsLongArray());
		assertEquals(b.images()[index], view.getAt(3, 2, 1).get());
	}

	@Test
	void shuffledPerEpochWithTheSeed() {
		final BatchOptions options = BatchOptions.training(7, 99, Augmentation.none());
		final int[] epoch0 = order(all(DATA, options, 0));
		assertArrayEquals(epoch0, order(all(DATA, options, 0)));
		final int[] epoch1 = order(all(DATA, options, 1));
		assertFalse(Arrays.equals(epoch0, epoch1));
		assertFalse(Arrays.equals(epoch0, order(all(DATA, BatchOptions.training(7, 100, Augmentation.none()), 0))));
		final int[] sorted = epoch1.clone();
		Arrays.sort(sorted);
		for (int i = 0; i < 30; i++) assertEquals(i, sorted[i]); // every image once per epoch
	}

	@Test
	void augmentedBatchesAreReproducible() {
		final Augmentation aug = Augmentation.builder().flipHorizontal(true).rotate(15).translate(2).brightness(0.1).seed(4)
			.build();
		final BatchOptions options = BatchOptions.builder().batchSize(10).shuffle(true).seed(1).augmentation(aug)
			.dropLast(true).build();
		final List<Batch> a = all(DATA, options, 2), b = all(DATA, options, 2);
		assertEquals(3, a.size());
		for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).images(), b.get(i).images());
		final Batch first = a.get(0);
		assertNotEquals(0, Arrays.compare(DATA.pixels(first.indices()[0]), Arrays.copyOfRange(first.images(), 0,
			784)));
	}

	@Test
	void closeStopsTheThreadEvenWhenTheQueueIsFull() throws Exception {
		final BatchOptions options = BatchOptions.builder().batchSize(1).prefetch(1).build();
		final BatchIterator it = BatchIterator.open(DATA, options, 0);
		assertEquals(30, it.batchCount());
		it.next();
		Thread.sleep(50); // let the producer fill the queue and block
		assertTrue(it.isProducing());
		it.close();
		assertFalse(it.isProducing());
		it.close(); // twice is fine
		assertThrows(IllegalStateException.class, it::hasNext);
	}

	@Test
	void threadEndsAfterTheLastBatch() throws Exception {
		try (BatchIterator it = BatchIterator.open(DATA, BatchOptions.inference(16), 0)) {
			it.next();
			it.next();
			assertFalse(it.hasNext());
			assertThrows(NoSuchElementException.class, it::next);
			for (int i = 0; i < 100 && it.isProducing(); i++) Thread.sleep(10);
			assertFalse(it.isProducing());
		}
	}

	private static List<Batch> all(final LabelledImages data, final BatchOptions options, final int epoch) {
		final List<Batch> list = new ArrayList<>();
		try (BatchIterator it = BatchIterator.open(data, options, epoch)) {
			while (it.hasNext()) list.add(it.next());
			assertFalse(it.hasNext());
		}
		return list;
	}

	private static int[] order(final List<Batch> batches) {
		return batches.stream().flatMapToInt(b -> Arrays.stream(b.indices())).toArray();
	}
}
