package org.convnetij.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.convnetij.data.Batch;
import org.convnetij.data.BatchIterator;
import org.convnetij.data.BatchOptions;
import org.convnetij.data.FashionMnist;
import org.convnetij.data.LabelledImages;
import org.convnetij.nn.Architecture;
import org.convnetij.nn.ConvPattern;
import org.convnetij.nn.EpochRecord;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.NetworkEngine;
import org.convnetij.util.Progress;
import org.convnetij.workflow.Trainer;
import org.convnetij.workflow.TrainOptions;
import org.convnetij.workflow.TrainingResult;
import org.convnetij.workflow.Evaluation;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.data.InputShape;

/**
 * Trains the custom pattern N=2, M=2, K=1 (filters 16,32, 128 units) on all 60,000 Fashion-MNIST training images
 * and reports per epoch the training speed of {@link Trainer#fit} and the test accuracy on the 10,000 test images,
 * then the speed of a bare TensorFlow loop feeding ready-made tensors to the same training graph, and the peak
 * resident memory (VmHWM). Arguments: [fashion-mnist folder] [minutes of training, default 10] [max epochs, 15].
 * <pre>
 * java -cp target/classes:$(cat target/cp.txt) org.convnetij.cli.TrainingBenchmark /usr/share/datasets/fashion-mnist 10
 * </pre>
 */
public final class TrainingBenchmark {

	private TrainingBenchmark() {}

	public static void main(final String[] args) throws IOException {
		final Path folder = FashionMnist.locate(args.length > 0 ? args[0] : null);
		final double minutes = args.length > 1 ? Double.parseDouble(args[1]) : 10;
		final int maxEpochs = args.length > 2 ? Integer.parseInt(args[2]) : 15;
		final int batch = 64;
		final LabelledImages train = FashionMnist.load(folder, FashionMnist.Part.TRAIN);
		final LabelledImages test = FashionMnist.load(folder, FashionMnist.Part.TEST);
		final ModelSpec spec = ModelSpec.of(Architecture.CUSTOM, InputShape.of(28, 28, 1)).pattern(ConvPattern.defaults()
			.convs(2).blocks(2).dense(1).filters(16, 32).units(128)).classes(train.classNames()).normalization(train
				.normalization());
		final TrainOptions options = TrainOptions.builder().epochs(1).batchSize(batch).optimizer("adam").learningRate(
			0.001).validationFraction(0).seed(42).build();
		System.out.printf(Locale.ROOT, "Fashion-MNIST %d training, %d test images; %s; %d cores; %s%n", train.size(),
			test.size(), spec.pattern(), Runtime.getRuntime().availableProcessors(), options);
		System.out.println("epoch | train images/s (Trainer.fit) | train loss | train accuracy | test accuracy | " +
			"elapsed training s | RSS MB | Java heap used MB");
		double trained = 0;
		try (Network model = Networks.create(spec, 42)) {
			// the bare loop: the same training graph, 40 ready-made batches fed in turn (400 steps)
			final List<float[]> images = new ArrayList<>();
			final List<float[]> labels = new ArrayList<>();
			try (BatchIterator it = BatchIterator.open(train, BatchOptions.builder().batchSize(batch).dropLast(true)
				.build(), 0))
			{
				while (it.hasNext() && images.size() < 40) {
					final Batch b = it.next();
					images.add(b.images());
					labels.add(b.oneHot());
				}
			}
			final NetworkEngine.BareBatches bareBatches = new NetworkEngine.BareBatches(images, labels, batch);
			final List<Double> rates = new ArrayList<>();
			double bareEarly = 0;
			for (int epoch = 1; epoch <= maxEpochs && trained < minutes * 60; epoch++) {
				final TrainingResult r = Trainer.fit(model, train, null, options, Progress.NONE);
				final EpochRecord e = r.last();
				trained += e.seconds();
				final Evaluation ev = Trainer.evaluate(model, test, Progress.NONE);
				rates.add(train.size() / e.seconds());
				final Runtime rt = Runtime.getRuntime();
				System.out.printf(Locale.ROOT, "%d | %.0f | %.4f | %.4f | %.4f | %.0f | %s | %d%n", epoch, train.size() / e
					.seconds(), e.loss(), e.accuracy(), ev.accuracy(), trained, memory("VmRSS:"), (rt.totalMemory() - rt
						.freeMemory()) >> 20);
				if (epoch == 1) bareEarly = Networks.engine().bareTrainingSpeed(model, options
					.setup(), bareBatches, 400);
			}
			final double bareLate = Networks.engine().bareTrainingSpeed(model, options
					.setup(), bareBatches, 400);
			final double bare = (bareEarly + bareLate) / 2;
			System.out.printf(Locale.ROOT, "bare loop after epoch 1: %.0f images/s, after the last epoch: %.0f images/s%n",
				bareEarly, bareLate);
			final double ours = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray()[rates.size() / 2];
			System.out.printf(Locale.ROOT, "bare TensorFlow loop: %.0f images/s; Trainer.fit (median epoch): %.0f " +
				"images/s; ratio %.2f%n", bare, ours, ours / bare);
		}
		System.out.println("peak memory (VmHWM): " + memory("VmHWM:") + " MB; Java max heap " + (Runtime.getRuntime()
			.maxMemory() >> 20) + " MB");
	}

	/** A /proc/self/status entry in MB. */
	private static String memory(final String key) throws IOException {
		for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith(key)) {
				return Long.toString(Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]) >> 10);
			}
		}
		return "unknown";
	}
}
