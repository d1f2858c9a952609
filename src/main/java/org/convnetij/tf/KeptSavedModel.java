package org.convnetij.tf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.convnetij.nn.Model;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.Shape;
import org.convnetij.transfer.SoftmaxHead;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.TrainingSetup;
import org.convnetij.transfer.LayerFeatures;
import org.convnetij.nn.Network;

/**
 * A model folder that keeps a SavedModel as it is ({@link SavedModelFolder}), as a {@link Network}: the serving
 * output's probabilities, or those of a new classifier head on one of its tensors (Transfer Learning); features of
 * any tensor or layer. It has no layers of ours: weights, training and saving are refused (Transfer Learning
 * writes such folders through {@link SavedModelFolder}).
 */
final class KeptSavedModel implements Network {

	private final ModelSpec spec;
	private final SavedModelNetwork net;
	/** A new classifier on a tensor of {@link #net} (Transfer Learning, features), else null. */
	private final SavedModelFolder.Head head;
	/** {@link #head} as a classifier, else null. */
	private final SoftmaxHead softmax;

	private KeptSavedModel(final ModelSpec spec, final SavedModelNetwork net, final SavedModelFolder.Head head) {
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
				return new KeptSavedModel(spec, net, head);
			}
			final int outputs = net.featureSize(net.outputTensor());
			if (outputs != spec.classes().size()) {
				throw new UserInputException(folder + ": convnet.json names " + spec.classes().size() + " classes but the " +
					"SavedModel's serving output has " + outputs + " values");
			}
			return new KeptSavedModel(spec, net, null);
		}
		catch (final RuntimeException e) {
			net.close();
			throw e;
		}
	}

	/** The SavedModel (fine-tuning reaches into its graph). */
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
	public void setSpec(final ModelSpec spec) {
		throw refused();
	}

	@Override
	public Model model() {
		throw new UserInputException("a SavedModel kept as it is has no layers of ours (filters, feature maps by " +
			"layer and training need one of the supported architectures)");
	}

	@Override
	public float[][] predict(final float[] nhwc, final int n) {
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

	@Override
	public Map<String, float[]> weights() {
		throw refused();
	}

	@Override
	public Map<String, int[]> weightShapes() {
		throw refused();
	}

	@Override
	public List<String> setWeights(final Map<String, float[]> values) {
		throw refused();
	}

	@Override
	public void setAllWeights(final Map<String, float[]> values) {
		throw refused();
	}

	@Override
	public TrainingSteps prepareTraining(final TrainingSetup setup) {
		throw refused();
	}

	@Override
	public void save(final Path folder, final boolean overwrite) {
		throw refused();
	}

	@Override
	public void writeInto(final Path folder, final Map<String, float[]> weights, final boolean complete) {
		throw refused();
	}

	private static UserInputException refused() {
		return new UserInputException(ModelSpec.SAVED_MODEL_NOT_TRAINABLE);
	}

	@Override
	public void close() {
		net.close();
	}
}
