package org.convnetij.data;

import java.nio.file.Path;
import java.util.Locale;

import org.convnetij.data.FashionMnist.Part;
import org.convnetij.util.Progress;

/**
 * Rough speeds of the data layer on this machine (not a test: timings never go into assertions). Run from the
 * repository root after {@code mvn -o -q test-compile}:
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) org.convnetij.data.DataBenchmark
 * </pre>
 * where {@code target/cp.txt} comes from {@code mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt}.
 */
public final class DataBenchmark {

	private DataBenchmark() {}

	public static void main(final String[] args) {
		// warm-up and measure: reading the sample set (80 PNG tiles) at 32x32x3 and resized to 96x96x3
		for (int round = 0; round < 3; round++) {
			long t = System.nanoTime();
			final LoadedDataset a = LabelledFolder.scan(Path.of("sample-images/labelled")).load(InputShape.of(32, 32,
				3), Normalization.range(), Progress.NONE);
			final double load = seconds(t);
			t = System.nanoTime();
			final LoadedDataset b = LabelledFolder.scan(Path.of("sample-images/labelled")).load(InputShape.of(96, 96,
				3), Normalization.range(), Progress.NONE);
			final double loadResized = seconds(t);
			if (round == 2) {
				print("read sample-images/labelled, %d images at 32x32x3: %.3f s (%.0f images/s)", a.images().size(),
					load, a.images().size() / load);
				print("read sample-images/labelled, %d images resized to 96x96x3: %.3f s (%.0f images/s)", b.images()
					.size(), loadResized, b.images().size() / loadResized);
			}
		}
		long t = System.nanoTime();
		final LabelledImages train = FashionMnist.load(TestData.FASHION_MNIST, Part.TRAIN);
		print("Fashion-MNIST train, all %d images: %.2f s", train.size(), seconds(t));
		t = System.nanoTime();
		final LabelledImages subset = FashionMnist.load(TestData.FASHION_MNIST, Part.TRAIN, new int[] { 0, 1, 2, 3,
			4 }, 100, 1);
		print("Fashion-MNIST train, classes 0-4 x 100: %.2f s", seconds(t));

		final LabelledImages rgb = subset.reshaped(InputShape.of(96, 96, 3));
		final Augmentation all = Augmentation.builder().crop(0.8).flipHorizontal(true).flipVertical(true).rotate90(
			true).rotate(20).translate(4).colorShift(0.05).brightness(0.1).contrast(0.2).grayscale(0.1).seed(1)
			.build();
		for (final Augmentation aug : new Augmentation[] { Augmentation.none(), all }) {
			final BatchOptions options = BatchOptions.training(32, 1, aug);
			double best = Double.MAX_VALUE;
			for (int epoch = 0; epoch < 4; epoch++) {
				t = System.nanoTime();
				int n = 0;
				try (BatchIterator it = BatchIterator.open(rgb, options, epoch)) {
					while (it.hasNext()) n += it.next().size();
				}
				best = Math.min(best, seconds(t) / n);
			}
			print("batches of 32 at 96x96x3, augmentation %s: %.0f images/s (best of 4 epochs of 500)", aug
				.isActive() ? "all on" : "none", 1 / best);
		}
	}

	private static double seconds(final long start) {
		return (System.nanoTime() - start) / 1e9;
	}

	private static void print(final String format, final Object... args) {
		System.out.println(String.format(Locale.ROOT, format, args));
	}
}
