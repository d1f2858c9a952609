package org.convnetij.tf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.convnetij.data.LabelledImages;
import org.convnetij.transfer.FeatureCache;
import org.convnetij.transfer.SoftmaxHead;
import org.convnetij.util.Progress;
import org.convnetij.nn.ModelFolder;
import org.convnetij.workflow.Evaluation;
import org.convnetij.nn.TransferSettings;

/**
 * Transfer learning onto a SavedModel kept as it is ({@link org.convnetij.nn.NetworkEngine#transferOntoSavedModel}).
 */
final class KeptTransfer {

	private KeptTransfer() {}

	/**
	 * Transfer learning on a SavedModel kept as it is. Features: a softmax head trained on its feature tensor
	 * (convnet.json's featureLayer, averaged over height and width when 4-D; cached like any features), written as a
	 * folder that keeps the same SavedModel with the head ({@link SavedModelFolder.Head}). Finetune: then the head
	 * and the SavedModel's variables after {@code freeze} (batch normalisation frozen) are trained together at
	 * {@code rate / 100} ({@link SavedModelFineTuning}), and the folder's SavedModel gets the new values.
	 */
	static TransferSettings.Outcome run(final TransferSettings.Job job, final Progress progress) throws IOException {
		final Path pretrained = job.pretrained(), output = job.output();
		final LabelledImages training = job.training(), validation = job.validation();
		final TransferSettings options = job.settings();
		final TransferSettings.Strategy strategy = options.strategy();
		final boolean overwrite = job.overwrite();
		final SavedModelFolder.Spec base = SavedModelFolder.read(pretrained);
		{
			final KeptSavedModel m = (KeptSavedModel) job.network();
			final String layer = job.head().tensor();
			final boolean pooled = job.head().pooled();
			SavedModelFolder.Head head = new SavedModelFolder.Head(layer, pooled, job.head().kernel().length / job.head()
				.bias().length, job.head().kernel(), job.head().bias());
			double trainAcc = Double.NaN, valAcc = Double.NaN;
			String detail = "";
			SavedModelFineTuning tuning = null;
			if (strategy == TransferSettings.Strategy.FINETUNE) {
				tuning = new SavedModelFineTuning(m.savedModel(), head, options.freeze());
				final double fineRate = options.fineTuningRate();
				final long total = (long) options.epochs() * SavedModelFineTuning.batchesPerEpoch(training.size());
				final long[] done = { 0 };
				Map<String, float[]> lastGood = tuning.weights(), best = lastGood;
				double bestScore = Double.POSITIVE_INFINITY;
				int bestEpoch = 0, waited = 0;
				String stop = "";
				int epochs = 0;
				for (int epoch = 1; epoch <= options.epochs(); epoch++) {
					final double[] r = tuning.epoch(training, options.augmentation(), fineRate, options.seed(), epoch - 1,
						progress, done, total);
					if (r == null || !Double.isFinite(r[0])) {
						final boolean patient = options.patience() > 0;
						tuning.setWeights(patient ? best : lastGood);
						stop = (r == null ? "; cancelled in epoch " + epoch : String.format(Locale.ROOT, "; the loss became " +
							"NaN in epoch %d (rate %s is too high, try %s)", epoch, fineRate, fineRate / 10)) +
							", the weights of epoch " + (patient ? bestEpoch : epochs) + " kept";
						break;
					}
					lastGood = tuning.weights();
					epochs = epoch;
					final double score = validation == null ? r[0] : Evaluation.of(validation.classNames(), tuning.predict(
						validation), validation.labels()).loss();
					progress.status(String.format(Locale.ROOT, "fine-tuning epoch %d/%d: loss %.4f, accuracy %.4f%s", epoch,
						options.epochs(), r[0], r[1], validation == null ? "" : String.format(Locale.ROOT,
							", validation loss %.4f", score)));
					if (score < bestScore) {
						bestScore = score;
						best = lastGood;
						bestEpoch = epoch;
						waited = 0;
					}
					else if (options.patience() > 0 && ++waited >= options.patience() && epoch < options.epochs()) {
						tuning.setWeights(best);
						stop = "; stopped early after epoch " + epoch + ": the " + (validation == null ? "" : "validation ") +
							"loss did not improve for " + options.patience() + " epochs; the weights of epoch " + bestEpoch +
							" kept";
						break;
					}
				}
				if (options.patience() > 0 && stop.isEmpty() && bestEpoch != epochs) {
					tuning.setWeights(best);
					stop = "; the weights of epoch " + bestEpoch + " kept (best " + (validation == null ? "" : "validation ") +
						"loss)";
				}
				head = tuning.head(layer, pooled);
				trainAcc = Evaluation.of(training.classNames(), tuning.predict(training), training.labels()).accuracy();
				valAcc = validation == null ? Double.NaN : Evaluation.of(validation.classNames(), tuning.predict(
					validation), validation.labels()).accuracy();
				detail = "; then fine-tuned " + epochs + " epochs at rate " + fineRate + " with " + tuning.describe() + stop;
			}
			final SavedModelFolder.Spec spec = new SavedModelFolder.Spec(base.inputTensor(), base.outputTensor(), base
				.input(), training.classNames(), base.normalization(), base.featureTensor(), head);
			final SavedModelFineTuning tuned = tuning;
			ModelFolder.write(output, overwrite, temp -> {
				SavedModelFolder.writeInto(temp, pretrained.resolve(SavedModelFolder.FOLDER), spec);
				SavedModelFolder.recordTraining(temp, strategy.key(), pretrained.toString());
				if (tuned != null) {
					// a new checkpoint, not written over the copied one (whose shards may be more or read-only)
					final Path variables = temp.resolve(SavedModelFolder.FOLDER).resolve("variables");
					try (java.util.stream.Stream<Path> old = Files.list(variables)) {
						for (final Path f : old.filter(f -> f.getFileName().toString().startsWith("variables.")).toList()) {
							Files.delete(f);
						}
					}
					tuned.saveVariables(variables.resolve("variables"));
				}
			});
			return new TransferSettings.Outcome(trainAcc, valAcc, detail);
		}
	}
}
