package org.convnetij.tf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.nn.Model;
import org.convnetij.nn.ModelFolder;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.Shape;
import org.convnetij.transfer.SoftmaxHead;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.TrainingSetup;
import org.convnetij.nn.TransferSettings;
import org.convnetij.transfer.LayerFeatures;
import org.convnetij.nn.Network;

/**
 * A model folder that keeps a SavedModel as it is ({@link SavedModelFolder}), as a {@link Network}: the serving
 * output's probabilities, or those of a new classifier head on one of its tensors (Transfer Learning); features of
 * any tensor or layer. It has no layers of ours. With a new head on one of its tensors ({@link #withHead}) it is
 * trained by the training loop like any network: the head and the SavedModel's variables after {@code freezeUpTo}
 * ({@link SavedModelFineTuning}); saved, it is a folder that keeps the same SavedModel (with the new values) and the
 * head.
 */
final class KeptSavedModel implements Network {

	private final Path folder;
	private ModelSpec spec;
	private final SavedModelNetwork net;
	/** A new classifier on a tensor of {@link #net} (Transfer Learning, features), else null. */
	private SavedModelFolder.Head head;
	/** {@link #head} as a classifier, else null. */
	private SoftmaxHead softmax;
	/** The training graph of the head and the SavedModel's top variables, once prepared; else null. */
	private SavedModelFineTuning tuning;
	private TrainingSetup setup;

	private KeptSavedModel(final Path folder, final ModelSpec spec, final SavedModelNetwork net,
		final SavedModelFolder.Head head)
	{
		this.folder = folder;
		this.spec = spec;
		this.net = net;
		this.head = head;
		this.softmax = head == null ? null : SoftmaxHead.of(head.kernel(), head.bias());
	}

	/**
	 * Opens a folder that keeps a SavedModel as it is: its serving signature must still have the input that
	 * convnet.json gives, and one output per class.
	 */
	static KeptSavedModel load(final Path folder, final ModelSpec spec) throws IOException {
		final SavedModelFolder.Head head = SavedModelFolder.read(folder).head();
		final SavedModelNetwork net = SavedModelNetwork.open(folder.resolve(SavedModelFolder.FOLDER));
		try {
			if (!net.input().equals(spec.input())) {
				throw new UserInputException(folder + ": convnet.json gives the input " + spec.input() + " but the " +
					"SavedModel's serving signature takes " + net.input());
			}
			if (head != null) {
				final int[] hwc = net.spatialShape(head.tensor());
				final int features = head.pooled() && hwc != null ? hwc[2] : net.featureSize(head.tensor());
				if (features != head.features()) {
					throw new UserInputException(folder + ": the classifier head takes " + head.features() + " features but " +
						"the SavedModel's tensor " + head.tensor() + " gives " + features);
				}
				return new KeptSavedModel(folder, spec, net, head);
			}
			final int outputs = net.featureSize(net.outputTensor());
			if (outputs != spec.classes().size()) {
				throw new UserInputException(folder + ": convnet.json names " + spec.classes().size() + " classes but the " +
					"SavedModel's serving output has " + outputs + " values");
			}
			return new KeptSavedModel(folder, spec, net, null);
		}
		catch (final RuntimeException e) {
			net.close();
			throw e;
		}
	}

	/**
	 * Puts a new classifier head on a tensor of this SavedModel: it then predicts {@code classes} (the same network,
	 * which the training loop can fine-tune and {@link #save} writes with the head).
	 */
	KeptSavedModel withHead(final TransferSettings.Head newHead, final List<String> classes) {
		if (tuning != null) throw new IllegalStateException("the head is being fine-tuned");
		final int classCount = newHead.bias().length;
		if (classCount != classes.size()) {
			throw new IllegalArgumentException(classCount + " head outputs for " + classes.size() + " classes");
		}
		head = new SavedModelFolder.Head(newHead.tensor(), newHead.pooled(), newHead.kernel().length / classCount,
			newHead.kernel(), newHead.bias());
		softmax = SoftmaxHead.of(head.kernel(), head.bias());
		spec = spec.classes(classes);
		return this;
	}

	/** The SavedModel (its tensors and layers). */
	SavedModelNetwork savedModel() {
		return net;
	}

	@Override
	public boolean isSavedModel() {
		return true;
	}

	@Override
	public ModelSpec spec() {
		return spec;
	}

	@Override
	public void setSpec(final ModelSpec newSpec) {
		if (!newSpec.input().equals(spec.input()) || !newSpec.classes().equals(spec.classes())) {
			throw new IllegalArgumentException("the input and classes of a SavedModel kept as it is stay as they are");
		}
		spec = newSpec;
	}

	@Override
	public Model model() {
		throw new UserInputException("a SavedModel kept as it is has no layers of ours (filters, feature maps by " +
			"layer and training need one of the supported architectures)");
	}

	@Override
	public float[][] predict(final float[] nhwc, final int n) {
		if (tuning != null) return tuning.predict(nhwc, n);
		if (head == null) return net.predict(nhwc, n);
		// the new head's probabilities on the tensor's features, as the head was trained (4-D averaged)
		final float[] f = new LayerFeatures(this, head.tensor()).features(nhwc, n);
		final int d = head.features();
		final float[][] out = new float[n][];
		for (int i = 0; i < n; i++) out[i] = softmax.predict(Arrays.copyOfRange(f, i * d, (i + 1) * d));
		return out;
	}

	@Override
	public float[] features(final String layer, final float[] nhwc, final int n) {
		return net.features(layer, nhwc, n);
	}

	@Override
	public Shape outputShape(final String layer) {
		// a tensor of a SavedModel: its values per image
		final int[] hwc = net.spatialShape(layer);
		return hwc == null ? Shape.flat(net.featureSize(layer)) : Shape.spatial(hwc[1], hwc[0], hwc[2]);
	}

	/** The trained values (the head's, and once fine-tuning is prepared the SavedModel's trained variables). */
	@Override
	public Map<String, float[]> weights() {
		if (tuning != null) return tuning.weights();
		requireHead();
		final Map<String, float[]> out = new LinkedHashMap<>();
		out.put(SavedModelFolder.KERNEL, head.kernel());
		out.put(SavedModelFolder.BIAS, head.bias());
		return out;
	}

	@Override
	public Map<String, int[]> weightShapes() {
		throw refused();
	}

	@Override
	public List<String> setWeights(final Map<String, float[]> values) {
		if (tuning == null) throw refused();
		tuning.setWeights(values);
		return List.of();
	}

	@Override
	public void setAllWeights(final Map<String, float[]> values) {
		setWeights(values);
	}

	/**
	 * Fine-tuning: the head with the SavedModel's variables after {@code setup.freezeUpTo()} (batch normalisation
	 * frozen), Adam at the setup's rate.
	 */
	@Override
	public TrainingSteps prepareTraining(final TrainingSetup given) {
		requireHead();
		if (!given.optimizer().equals("adam")) {
			throw new UserInputException("a SavedModel kept as it is is fine-tuned with adam, not " + given.optimizer());
		}
		if (tuning == null) {
			tuning = new SavedModelFineTuning(net, head, given.freezeUpTo());
			setup = given;
		}
		else if (!setup.equals(given)) {
			throw new IllegalStateException("this model was prepared for other training settings: " + setup);
		}
		final double rate = given.learningRate();
		return new TrainingSteps() {

			@Override
			public double[] step(final float[] nhwc, final float[] oneHot, final int n) {
				return tuning.step(nhwc, oneHot, n, rate);
			}

			@Override
			public int restoredOptimizerVariables() {
				return 0;
			}

			@Override
			public String describe() {
				return tuning.describe();
			}
		};
	}

	private void requireHead() {
		if (head == null) throw refused();
	}

	/**
	 * Saves a folder that keeps the SavedModel (with its fine-tuned values, where it was fine-tuned) and the head,
	 * its convnet.json recording the strategy and the base of {@link #spec()}'s training settings.
	 */
	@Override
	public void save(final Path target, final boolean overwrite) throws IOException {
		ModelFolder.write(target, overwrite, temp -> writeInto(temp, null, true));
	}

	@Override
	public void writeInto(final Path target, final Map<String, float[]> weights, final boolean complete)
		throws IOException
	{
		requireHead();
		if (weights != null) setWeights(weights);
		final SavedModelFolder.Spec base = SavedModelFolder.read(folder);
		final SavedModelFolder.Head now = tuning == null ? head : tuning.head(head.tensor(), head.pooled());
		SavedModelFolder.writeInto(target, folder.resolve(SavedModelFolder.FOLDER), new SavedModelFolder.Spec(base
			.inputTensor(), base.outputTensor(), base.input(), spec.classes(), base.normalization(), base
				.featureTensor(), now));
		SavedModelFolder.recordTraining(target, spec.training().strategy(), spec.training().base());
		if (tuning != null) {
			// a new checkpoint, not written over the copied one (whose shards may be more or read-only)
			final Path variables = target.resolve(SavedModelFolder.FOLDER).resolve("variables");
			try (java.util.stream.Stream<Path> old = Files.list(variables)) {
				for (final Path f : old.filter(f -> f.getFileName().toString().startsWith("variables.")).toList()) {
					Files.delete(f);
				}
			}
			tuning.saveVariables(variables.resolve("variables"));
		}
	}

	private static UserInputException refused() {
		return new UserInputException(ModelSpec.SAVED_MODEL_NOT_TRAINABLE);
	}

	@Override
	public void close() {
		net.close();
	}
}
