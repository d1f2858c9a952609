package org.convnetij.tf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.convnetij.nn.Model;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.NetworkEngine;
import org.convnetij.nn.PackageExport;
import org.convnetij.nn.Shape;
import org.convnetij.util.CheckLine;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.TrainingSetup;
import org.convnetij.nn.TransferSettings;
import org.convnetij.nn.Network;
import org.convnetij.nn.ImportSettings;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The TensorFlow engine: graphs built from the project's layers ({@link TfModel}) and SavedModels kept as they
 * are ({@link KeptSavedModel}). Registered in {@code META-INF/services/org.convnetij.nn.NetworkEngine}.
 */
public final class TfEngine implements NetworkEngine {

	@Override
	public String name() {
		return "TensorFlow " + org.tensorflow.TensorFlow.version();
	}

	@Override
	public Network create(final Model model, final ModelSpec spec, final long seed) {
		return TfModel.create(model, spec, seed);
	}

	@Override
	public Network load(final Path folder) throws IOException {
		return TfModel.load(folder);
	}

	@Override
	public ImportSettings.Result importModel(final ImportSettings settings, final Progress progress)
		throws IOException
	{
		return ModelImport.run(settings, progress);
	}

	@Override
	public PackageExport.Result exportPackage(final PackageExport export) throws IOException {
		return ModelZooExport.run(export);
	}

	@Override
	public Network withNewHead(final Network network, final TransferSettings.Head head, final List<String> classes) {
		if (!(network instanceof KeptSavedModel kept)) {
			throw new UserInputException("a new head on a tensor goes on a SavedModel kept as it is");
		}
		return kept.withHead(head, classes);
	}

	@Override
	public List<CheckLine> check() {
		return TensorFlowCheck.lines();
	}

	@Override
	public double bareTrainingSpeed(final Network network, final TrainingSetup setup, final BareBatches batches,
		final int steps)
	{
		if (!(network instanceof TfModel model)) {
			throw new UserInputException("the bare training loop needs a network of ConvNet-IJ's layers");
		}
		model.prepareTraining(setup);
		final Shape in = org.convnetij.nn.Shape.of(model.model().inputShape());
		final int classes = model.model().outputShape().channels();
		final int batchSize = batches.batchSize();
		final List<TFloat32> x = new ArrayList<>();
		final List<TFloat32> y = new ArrayList<>();
		try {
			for (int i = 0; i < batches.images().size(); i++) {
				x.add(TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(batchSize, in.height(), in.width(), in.channels()),
					DataBuffers.of(batches.images().get(i), true, false)));
				y.add(TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(batchSize, classes), DataBuffers.of(batches
					.oneHots().get(i), true, false)));
			}
			return steps * (double) batchSize / model.trainingGraph().bareSteps(model.session(), x, y, steps);
		}
		finally {
			for (final TFloat32 t : x) t.close();
			for (final TFloat32 t : y) t.close();
		}
	}
}
