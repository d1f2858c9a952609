package org.convnetij.tf;

import java.util.ArrayList;
import java.util.List;

import org.convnetij.nn.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The training speed of a bare TensorFlow loop on a model's training graph, for comparing {@link Trainer#fit}'s
 * loop against it (the training benchmark): the given batches become tensors once, then the steps feed them in
 * turn, with nothing else in the loop.
 */
public final class BareTrainingLoop {

	private BareTrainingLoop() {}

	/** Images per second of {@code steps} steps on {@code model}'s training graph (prepared with {@code options}). */
	public static double imagesPerSecond(final TfModel model, final TrainOptions options, final List<float[]> images,
		final List<float[]> oneHots, final int batchSize, final int steps)
	{
		model.prepareTraining(options.setup());
		final Shape in = model.model().inputShape().toShape();
		final int classes = model.model().outputShape().channels();
		final List<TFloat32> x = new ArrayList<>();
		final List<TFloat32> y = new ArrayList<>();
		try {
			for (int i = 0; i < images.size(); i++) {
				x.add(TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(batchSize, in.height(), in.width(), in.channels()),
					DataBuffers.of(images.get(i), true, false)));
				y.add(TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(batchSize, classes), DataBuffers.of(oneHots.get(i),
					true, false)));
			}
			return steps * (double) batchSize / model.trainingGraph().bareSteps(model.session(), x, y, steps);
		}
		finally {
			for (final TFloat32 t : x) t.close();
			for (final TFloat32 t : y) t.close();
		}
	}
}
