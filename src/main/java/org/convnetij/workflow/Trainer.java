package org.convnetij.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.convnetij.data.Batch;
import org.convnetij.data.BatchIterator;
import org.convnetij.data.BatchOptions;
import org.convnetij.data.LabelledImages;
import org.convnetij.data.Split;
import org.convnetij.nn.EpochRecord;
import org.convnetij.nn.TrainingSettings;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.ModelFolder;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.data.InputShape;

/**
 * Keras-like {@code fit}, {@code evaluate} and {@code predict} for a {@link Network} on labelled images of the data
 * package. Training: shuffled, optionally augmented batches each epoch; loss and accuracy per epoch on the training
 * batches and on the validation set; early stopping on the validation loss (the best weights restored); after
 * every epoch the model folder ({@link TrainOptions#checkpoint()}) with convnet.json (settings and history),
 * weights, history.csv and curves.png. Cancelling or a NaN loss stop training and keep the weights of the last
 * complete epoch.
 */
public final class Trainer {

	private Trainer() {}

	/**
	 * Trains on {@code data}, holding out {@link TrainOptions#validationFraction()} of each class (stratified, seeded)
	 * for validation unless that fraction is 0.
	 */
	public static TrainingResult fit(final Network model, final LabelledImages data, final TrainOptions options,
		final Progress progress) throws IOException
	{
		if (options.validationFraction() > 0) {
			final Split split = Split.stratified(data, options.validationFraction(), options.seed());
			return fit(model, split.training(), split.validation(), options, progress);
		}
		return fit(model, data, null, options, progress);
	}

	/** Trains on {@code training}, validating on {@code validation} (null: none; early stopping then watches the loss). */
	public static TrainingResult fit(final Network model, final LabelledImages training,
		final LabelledImages validation, final TrainOptions options, final Progress progress) throws IOException
	{
		requireFits(model, training, "training data");
		if (validation != null) requireFits(model, validation, "validation data");
		final Path folder = options.checkpoint();
		if (folder != null) ModelFolder.checkWritable(folder, options.overwrite());
		final Network.TrainingSteps steps = model.prepareTraining(options.setup());
		final List<EpochRecord> history = new ArrayList<>(model.spec().history());
		// epochs go on from the last one recorded (a transfer-learning head records its epochs as one row)
		final int first = (history.isEmpty() ? 0 : history.get(history.size() - 1).epoch()) + 1;
		final int last = first - 1 + options.epochs();
		final int before = history.size();
		model.setSpec(model.spec().training(settings(model.spec().training(), options, last, validation != null)));
		final BatchOptions batches = BatchOptions.training(options.batchSize(), options.seed(), options.augmentation());
		final long totalSteps = (long) options.epochs() * batches.batchCount(training.size());
		Map<String, float[]> lastGood = model.weights();
		Map<String, float[]> best = lastGood;
		double bestScore = Double.POSITIVE_INFINITY;
		int bestEpoch = first - 1;
		int waited = 0;
		long step = 0;
		boolean checkpointed = false;
		TrainingResult.Stop stop = TrainingResult.Stop.COMPLETED;
		String message = null;
		epochs:
		for (int epoch = first; epoch <= last; epoch++) {
			final long start = System.nanoTime();
			double lossSum = 0;
			long correct = 0;
			int seen = 0;
			try (BatchIterator it = BatchIterator.open(training, batches, epoch - 1)) {
				while (it.hasNext()) {
					if (progress.isCanceled()) {
						stop = TrainingResult.Stop.CANCELED;
						message = "training cancelled in epoch " + epoch;
						break epochs;
					}
					final Batch b = it.next();
					final double[] r = steps.step(b.images(), b.oneHot(), b.size());
					if (!Double.isFinite(r[0])) {
						stop = TrainingResult.Stop.NAN_LOSS;
						message = String.format(Locale.ROOT, "the loss became %s in epoch %d: the learning rate %s is too " +
							"high for this model and data; try %s", r[0], epoch, options.learningRate(), options.learningRate() /
								10);
						break epochs;
					}
					lossSum += r[0] * b.size();
					correct += (long) r[1];
					seen += b.size();
					progress.update(++step, totalSteps);
				}
			}
			final Map<String, float[]> now = model.weights();
			final String broken = firstNonFinite(now);
			if (broken != null) {
				stop = TrainingResult.Stop.NAN_LOSS;
				message = String.format(Locale.ROOT, "the weights became NaN or infinite in epoch %d (%s): the learning " +
					"rate %s is too high for this model and data; try %s", epoch, broken, options.learningRate(), options
						.learningRate() / 10);
				break;
			}
			EpochRecord record;
			double score = lossSum / seen;
			if (validation != null) {
				final Evaluation e = evaluate(model, validation, Progress.NONE);
				record = EpochRecord.of(epoch, lossSum / seen, (double) correct / seen, e.loss(), e.accuracy());
				score = e.loss();
			}
			else {
				record = EpochRecord.of(epoch, lossSum / seen, (double) correct / seen);
			}
			record = record.withSeconds((System.nanoTime() - start) / 1e9);
			history.add(record);
			lastGood = now;
			progress.status("epoch " + epoch + "/" + last + ": " + describe(record));
			if (score < bestScore) {
				bestScore = score;
				best = lastGood;
				bestEpoch = epoch;
				waited = 0;
			}
			else {
				waited++;
			}
			model.setSpec(model.spec().history(history));
			if (folder != null) {
				final Map<String, float[]> saved = options.patience() > 0 ? best : lastGood;
				writeFolder(model, folder, options.overwrite() || checkpointed, saved, history, false);
				checkpointed = true;
			}
			if (options.patience() > 0 && waited >= options.patience() && epoch < last) {
				stop = TrainingResult.Stop.EARLY_STOPPED;
				message = "stopped early after epoch " + epoch + ": the " + (validation != null ? "validation " : "") +
					"loss did not improve for " + options.patience() + " epochs; the model has the weights of epoch " +
					bestEpoch;
				break;
			}
		}
		final Map<String, float[]> keep = stop == TrainingResult.Stop.CANCELED || stop == TrainingResult.Stop.NAN_LOSS
			? options.patience() > 0 ? best : lastGood : options.patience() > 0 ? best : null;
		if (keep != null) model.setAllWeights(keep);
		// epoch numbers, not history rows (a transfer-learning head is one row for all its epochs)
		final int lastEpoch = history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
		final int kept = keep == best && options.patience() > 0 ? bestEpoch : lastEpoch;
		model.setSpec(model.spec().history(history));
		if (folder != null && !history.isEmpty()) {
			// the finished folder also carries the SavedModel for other tools (checkpoints leave it out: speed)
			writeFolder(model, folder, options.overwrite() || checkpointed, model.weights(), history, true);
		}
		if (stop == TrainingResult.Stop.CANCELED || stop == TrainingResult.Stop.NAN_LOSS) {
			message += kept == 0 ? "; no epoch was completed" : "; the model has the weights of epoch " + kept;
		}
		if (message == null) {
			final int ran = history.size() - before;
			message = "trained " + ran + " epoch(s)" + (before > 0 && ran > 0 ? " (epochs " + first + " to " + (first +
				ran - 1) + " of the model's history)" : "") + (history.isEmpty() ? "" : "; last: " + describe(history
					.get(history.size() - 1))) + (options.patience() > 0 ? "; the model has the weights of epoch " + kept : "");
		}
		if (steps.restoredOptimizerVariables() > 0) {
			message += "; " + options.optimizer() + " went on from the optimizer state saved with the model (" + steps
				.restoredOptimizerVariables() + " variables)";
		}
		progress.status(message);
		return new TrainingResult(history, stop, kept, message, steps.describe());
	}

	private static String firstNonFinite(final Map<String, float[]> weights) {
		for (final Map.Entry<String, float[]> e : weights.entrySet()) {
			for (final float v : e.getValue()) {
				if (!Float.isFinite(v)) return e.getKey();
			}
		}
		return null;
	}

	/** Accuracy, top-5, loss, per-class precision/recall/F1 and confusion matrix on labelled images. */
	public static Evaluation evaluate(final Network model, final LabelledImages data, final Progress progress) {
		requireFits(model, data, "data");
		final float[] probabilities = predictAll(model, data, progress);
		return Evaluation.of(model.classes(), probabilities, data.labels());
	}

	/** Class probabilities of every image of {@code data}, flat ({@code data.size()} rows of one value per class). */
	public static float[] predictAll(final Network model, final LabelledImages data, final Progress progress) {
		requireShape(model, data.shape(), "data");
		final int classes = model.classes().size();
		final float[] out = new float[data.size() * classes];
		final BatchOptions options = BatchOptions.inference(Networks.INFERENCE_BATCH);
		try (BatchIterator it = BatchIterator.open(data, options, 0)) {
			int done = 0;
			while (it.hasNext()) {
				final Batch b = it.next();
				final float[][] p = model.predict(b.images(), b.size());
				for (int i = 0; i < b.size(); i++) System.arraycopy(p[i], 0, out, (done + i) * classes, classes);
				done += b.size();
				progress.update(done, data.size());
			}
		}
		return out;
	}

	private static void writeFolder(final Network model, final Path folder, final boolean overwrite,
		final Map<String, float[]> weights, final List<EpochRecord> history, final boolean savedModel)
		throws IOException
	{
		model.setSpec(model.spec().history(history));
		ModelFolder.write(folder, overwrite, temp -> model.writeInto(temp, weights, savedModel));
	}

	private static TrainingSettings settings(final TrainingSettings before, final TrainOptions o, final int epochs,
		final boolean validation)
	{
		return before.optimizer(o.optimizer()).learningRate(o.learningRate()).epochs(epochs).batchSize(o.batchSize())
			.validationFraction(validation ? o.validationFraction() : 0).seed(o.seed());
	}

	private static String describe(final EpochRecord r) {
		return String.format(Locale.ROOT, "loss %.4f, accuracy %.4f", r.loss(), r.accuracy()) + (r.hasValidation()
			? String.format(Locale.ROOT, ", validation loss %.4f, accuracy %.4f", r.valLoss(), r.valAccuracy()) : "") +
			(Double.isNaN(r.seconds()) ? "" : String.format(Locale.ROOT, " (%.1f s)", r.seconds()));
	}

	/** The data must have the model's input shape and classes (in the same order). */
	static void requireFits(final Network model, final LabelledImages data, final String what) {
		requireShape(model, data.shape(), what);
		if (!data.classNames().equals(model.classes())) {
			throw new UserInputException("the classes differ: the model has " + model.classes() + ", the " + what +
				" has " + data.classNames() + "; use data with the model's class subfolders");
		}
	}

	private static void requireShape(final Network model, final org.convnetij.data.InputShape shape,
		final String what)
	{
		final InputShape in = model.spec().input();
		if (shape.width() != in.width() || shape.height() != in.height() || shape.channels() != in.channels()) {
			throw new UserInputException("the " + what + " has images of " + shape + " but the model takes " + in);
		}
	}
}
