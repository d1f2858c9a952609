package org.convnetij.tf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.convnetij.nn.Model;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.Node;
import org.convnetij.nn.ReLU;
import org.convnetij.nn.Shape;
import org.convnetij.nn.Weight;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.TrainingSetup;
import org.convnetij.nn.ModelFolder;
import org.convnetij.nn.TrainingCurves;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A CNN of {@code nn} with its weights, live in a TensorFlow graph and session: predict class probabilities, read
 * any layer's activations, get and set weights by Keras name, save to and load from a model folder. No TensorFlow
 * type appears in this API. Close it (try-with-resources) to free the native graph and session.
 * <p>
 * A model folder holds {@code convnet.json} ({@link ModelSpec}), the weights ({@code weights.bin} with the index
 * {@code weights.json}, see the documentation) and a TensorFlow SavedModel for other tools
 * ({@link SavedModelExport}); {@link #load(Path)} rebuilds the graph from the spec and fills in the weights (the
 * SavedModel is not read). Weight names are Keras's, "layer/weight" ("block1_conv1/kernel"); values are float arrays
 * in Keras layout, row-major (conv kernels [kh, kw, in, out], dense [in, units]).
 * <p>
 * Not thread-safe: one thread at a time.
 */
public final class TfModel implements Network {

	/** Largest batch fed at once by {@link #predict} and {@link #features} (see {@link Networks#INFERENCE_BATCH}). */
	static final int INFERENCE_BATCH = Networks.INFERENCE_BATCH;

	private ModelSpec spec;
	private final Model model;
	private final Graph graph;
	private final Session session;
	private final Ops tf;
	private final Placeholder<TFloat32> input;
	private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
	private final Map<String, int[]> shapes = new LinkedHashMap<>();
	private final Map<String, Placeholder<TFloat32>> assignValues = new LinkedHashMap<>();
	private final Map<String, Assign<TFloat32>> assigns = new LinkedHashMap<>();
	private final LayerGraph inference;
	private TrainingGraph training;
	private boolean checked = true;
	/** The optimizer state saved with the folder this model was loaded from (null: none), set on the first training. */
	private Map<String, float[]> savedOptimizerState;
	private int restoredOptimizerVariables;

	private TfModel(final Model model, final ModelSpec spec) {
		this.model = model;
		this.spec = spec;
		NativeLogs.apply();
		final Graph g = new Graph();
		try {
			graph = g;
			tf = Ops.create(g);
			final Shape in = org.convnetij.nn.Shape.of(model.inputShape());
			input = tf.withName("input").placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1,
				in.height(), in.width(), in.channels())));
			for (final Node node : model.nodes()) {
				for (final Weight w : node.weights()) {
					final String name = node.weightName(w);
					final org.tensorflow.ndarray.Shape shape = org.tensorflow.ndarray.Shape.of(longs(w.dims()));
					// no '/' in variable names: the optimizers derive their slot names from them
					final Variable<TFloat32> v = tf.withName(variableName(name)).variable(shape, TFloat32.class);
					final Placeholder<TFloat32> value = tf.withName(variableName(name) + "_value").placeholder(
						TFloat32.class, Placeholder.shape(shape));
					variables.put(name, v);
					shapes.put(name, w.dims());
					assignValues.put(name, value);
					assigns.put(name, tf.withName(variableName(name) + "_assign").assign(v, value));
				}
			}
			inference = LayerGraph.inference(tf.withSubScope("inference"), model, variables, input);
			session = new Session(g);
		}
		catch (final RuntimeException e) {
			g.close();
			throw e;
		}
	}

	/** The TensorFlow variable name of a Keras weight name: '/' becomes '.' ("block1_conv1.kernel"). */
	static String variableName(final String kerasName) {
		return kerasName.replace('/', '.');
	}

	/** A new model as {@code spec} describes it ({@link ModelSpec#buildModel()}), weights initialised from the seed. */
	public static TfModel create(final ModelSpec spec, final long seed) {
		return create(spec.buildModel(), spec, seed);
	}

	/**
	 * A new model of {@code model}'s layers, weights initialised from the seed (He uniform before ReLUs, Glorot
	 * uniform elsewhere, see {@link Initializers}). {@code spec} must describe the same network (its
	 * {@link ModelSpec#buildModel()} has the same weights), so that the saved folder loads again.
	 */
	public static TfModel create(final Model model, final ModelSpec spec, final long seed) {
		requireSameWeights(model, spec.validated().buildModel());
		final TfModel m = new TfModel(model, spec);
		try {
			m.setAllWeights(initialWeights(model, seed));
			return m;
		}
		catch (final RuntimeException e) {
			m.close();
			throw e;
		}
	}

	/**
	 * A model of any {@code nn} graph with a spec that need not rebuild it (tests of the graph translation and of
	 * training); such a model cannot be loaded again from a folder.
	 */
	static TfModel unchecked(final Model model, final ModelSpec spec, final long seed) {
		final TfModel m = new TfModel(model, spec);
		m.checked = false;
		m.setAllWeights(initialWeights(model, seed));
		return m;
	}

	/**
	 * Loads a model folder (convnet.json and weights; or a SavedModel kept as it is, {@link KeptSavedModel}); the
	 * message names the folder and what is missing.
	 */
	public static Network load(final Path given) throws IOException {
		final Path folder = ModelSpec.folderOf(given); // convnet.json given for its folder, as in every door
		final ModelSpec spec = ModelSpec.read(folder);
		if (spec.isSavedModel()) return KeptSavedModel.load(folder, spec);
		return loadBuilt(folder, spec);
	}

	/** Loads a model folder of a network of ours (convnet.json and weights). */
	static TfModel loadBuilt(final Path folder, final ModelSpec spec) throws IOException {
		final Map<String, float[]> values = WeightFile.read(folder);
		final TfModel m = new TfModel(spec.buildModel(), spec);
		try {
			m.setAllWeights(values);
			if (Files.isRegularFile(folder.resolve(WeightFile.OPTIMIZER_INDEX))) {
				m.savedOptimizerState = WeightFile.read(folder, WeightFile.OPTIMIZER_DATA, WeightFile.OPTIMIZER_INDEX);
			}
			return m;
		}
		catch (final UserInputException e) {
			m.close();
			throw new UserInputException(folder + ": " + e.getMessage(), e);
		}
		catch (final RuntimeException e) {
			m.close();
			throw e;
		}
	}

	@Override
	public boolean isSavedModel() {
		return false;
	}

	/**
	 * Saves convnet.json, the weights and the SavedModel into {@code folder}: written into a temporary folder beside it, then moved
	 * into place, so that a reader never sees half a model. An existing folder is refused unless {@code overwrite},
	 * and even then only when it is empty or a model folder (it has a convnet.json).
	 */
	@Override
	public void save(final Path folder, final boolean overwrite) throws IOException {
		ModelFolder.write(folder, overwrite, temp -> writeInto(temp));
	}

	/**
	 * Writes convnet.json, the weights and the TensorFlow SavedModel (subfolder {@value SavedModelExport#FOLDER})
	 * into an existing folder.
	 */
	void writeInto(final Path folder) throws IOException {
		writeInto(folder, null, true);
	}

	@Override
	public void writeInto(final Path folder, final Map<String, float[]> given, final boolean complete)
		throws IOException
	{
		final Map<String, float[]> values = given != null ? given : weights();
		spec.write(folder);
		WeightFile.write(folder, values, shapes);
		writeOptimizerState(folder);
		if (!spec.history().isEmpty()) TrainingCurves.write(folder, spec.history());
		if (complete) exportSavedModel(folder.resolve(SavedModelExport.FOLDER), values);
	}

	/**
	 * Exports the inference graph as a SavedModel: from a fresh graph with the same weights, so that training ops
	 * and optimizer state of this one stay out of it.
	 */
	void exportSavedModel(final Path dir, final Map<String, float[]> values) throws IOException {
		try (TfModel copy = new TfModel(model, spec)) {
			copy.setAllWeights(values);
			String featureLayer;
			try {
				featureLayer = spec.featureLayer();
			}
			catch (final RuntimeException e) {
				featureLayer = null; // a spec that does not rebuild this model (unchecked models)
			}
			SavedModelExport.export(dir, copy.session, copy.input, copy.inference, model, featureLayer);
		}
	}

	@Override
	public Model model() {
		return model;
	}

	@Override
	public ModelSpec spec() {
		return spec;
	}

	@Override
	public void setSpec(final ModelSpec newSpec) {
		if (checked) requireSameWeights(model, newSpec.validated().buildModel());
		spec = newSpec;
	}

	/**
	 * Class probabilities of {@code n} images given as one NHWC float array ({@code n * height * width * channels},
	 * normalised as {@link ModelSpec#normalization()} says): {@code n} rows of one value per class.
	 */
	@Override
	public float[][] predict(final float[] nhwc, final int n) {
		if (!spec.includesTop() || !model.outputShape().isFlat()) {
			throw new UserInputException("the model outputs features (" + model.output() + ", " + model.outputShape() +
				" values per image), not class probabilities: train a classifier on it with Transfer Learning");
		}
		final int classes = model.outputShape().channels();
		final float[] flat = run(inference.output(model.output()), nhwc, n, classes);
		final float[][] out = new float[n][];
		for (int i = 0; i < n; i++) out[i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
		return out;
	}

	/**
	 * The output of layer {@code layerName} for {@code n} images (inference mode), as one array of {@code n} blocks
	 * of {@link #outputShape(String)}{@code .size()} values each, in TensorFlow's order (height, width, channel).
	 */
	@Override
	public float[] features(final String layerName, final float[] nhwc, final int n) {
		final Shape shape = outputShape(layerName);
		return run(inference.output(layerName), nhwc, n, (int) shape.size());
	}

	/** The output shape of a layer (W x H x D or flat). */
	@Override
	public Shape outputShape(final String layerName) {
		return model.node(layerName).outputShape();
	}

	/** Every weight by Keras name, in model order (copies). */
	@Override
	public Map<String, float[]> weights() {
		return FloatFetch.values(session, variables);
	}

	/** The weight shapes by Keras name (Keras layout), in model order. */
	@Override
	public Map<String, int[]> weightShapes() {
		final Map<String, int[]> out = new LinkedHashMap<>();
		for (final Map.Entry<String, int[]> e : shapes.entrySet()) out.put(e.getKey(), e.getValue().clone());
		return out;
	}

	/**
	 * Sets the given weights (any subset, by Keras name); every name must be a weight of the model with the right
	 * number of values, else nothing is set and the message lists the unknown and mismatched names. Returns the
	 * model's weights that were not given (they keep their values).
	 */
	@Override
	public List<String> setWeights(final Map<String, float[]> values) {
		final List<String> unknown = new ArrayList<>();
		final List<String> mismatched = new ArrayList<>();
		for (final Map.Entry<String, float[]> e : values.entrySet()) {
			final int[] dims = shapes.get(e.getKey());
			if (dims == null) unknown.add(e.getKey());
			else if (count(dims) != e.getValue().length) {
				mismatched.add(e.getKey() + " " + Arrays.toString(dims) + " needs " + count(dims) + " values, not " + e
					.getValue().length);
			}
		}
		if (!unknown.isEmpty() || !mismatched.isEmpty()) {
			throw new UserInputException("weights do not fit model " + model.name() + (unknown.isEmpty() ? ""
				: "; unknown: " + unknown) + (mismatched.isEmpty() ? "" : "; mismatched: " + mismatched));
		}
		final List<String> names = new ArrayList<>(values.keySet());
		for (int start = 0; start < names.size(); start += 32) {
			final List<String> part = names.subList(start, Math.min(names.size(), start + 32));
			final List<TFloat32> tensors = new ArrayList<>();
			try {
				final Session.Runner runner = session.runner();
				for (final String name : part) {
					final TFloat32 t = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(longs(shapes.get(name))),
						DataBuffers.of(values.get(name), true, false));
					tensors.add(t);
					runner.feed(assignValues.get(name), t).addTarget(assigns.get(name));
				}
				runner.run().close();
			}
			finally {
				for (final TFloat32 t : tensors) t.close();
			}
		}
		final List<String> missing = new ArrayList<>();
		for (final String name : shapes.keySet()) {
			if (!values.containsKey(name)) missing.add(name);
		}
		return missing;
	}

	/** Sets every weight; the message lists missing, unknown and mismatched names. */
	@Override
	public void setAllWeights(final Map<String, float[]> values) {
		final Set<String> missing = new TreeSet<>(shapes.keySet());
		missing.removeAll(values.keySet());
		if (!missing.isEmpty()) {
			final Set<String> unknown = new TreeSet<>(values.keySet());
			unknown.removeAll(shapes.keySet());
			throw new UserInputException("weights do not fit model " + model.name() + "; missing: " + missing +
				(unknown.isEmpty() ? "" : "; unknown: " + unknown));
		}
		setWeights(values);
	}

	/** Seeded initial values of every weight of {@code model} (see {@link Initializers}). */
	static Map<String, float[]> initialWeights(final Model model, final long seed) {
		final Map<String, float[]> out = new LinkedHashMap<>();
		for (final Node node : model.nodes()) {
			boolean reluFollows = false;
			for (final String c : model.consumers(node.name())) {
				if (model.node(c).layer() instanceof ReLU) reluFollows = true;
				// Conv -> BN -> ReLU
				for (final String cc : model.consumers(c)) {
					if (model.node(c).layer() instanceof org.convnetij.nn.BatchNormalization && model.node(cc)
						.layer() instanceof ReLU) reluFollows = true;
				}
			}
			for (final Weight w : node.weights()) {
				out.put(node.weightName(w), Initializers.initial(node, w, seed, reluFollows));
			}
		}
		return out;
	}

	@Override
	public TrainingSteps prepareTraining(final TrainingSetup setup) {
		if (training != null) {
			if (!training.setup().equals(setup)) {
				throw new IllegalStateException("this model was prepared for other training settings: " + training.setup());
			}
			return steps();
		}
		training = new TrainingGraph(graph, tf, model, variables, input, setup);
		training.initialize(session);
		// the saved state goes on where the previous training stopped, with the same optimizer only
		if (savedOptimizerState != null && setup.optimizer().equals(spec.training().optimizer())) {
			restoredOptimizerVariables = training.setOptimizerState(session, savedOptimizerState);
		}
		savedOptimizerState = null;
		return steps();
	}

	private TrainingSteps steps() {
		return new TrainingSteps() {

			@Override
			public double[] step(final float[] nhwc, final float[] oneHot, final int n) {
				return trainStep(nhwc, oneHot, n);
			}

			@Override
			public int restoredOptimizerVariables() {
				return restoredOptimizerVariables;
			}
		};
	}

	/** How many optimizer variables the first training took from the saved state (0: it started afresh). */
	int restoredOptimizerVariables() {
		return restoredOptimizerVariables;
	}

	/** Writes the optimizer's state (when this model has trained) into {@code folder}, beside the weights. */
	void writeOptimizerState(final Path folder) throws IOException {
		if (training == null) return;
		final Map<String, int[]> stateShapes = new LinkedHashMap<>();
		final Map<String, float[]> state = training.optimizerState(session, stateShapes);
		if (!state.isEmpty()) {
			WeightFile.write(folder, WeightFile.OPTIMIZER_DATA, WeightFile.OPTIMIZER_INDEX, state, stateShapes);
		}
	}

	/** One optimisation step; returns {loss, correct count} of the batch (before the step). */
	double[] trainStep(final float[] nhwc, final float[] oneHot, final int n) {
		return training.step(session, nhwc, oneHot, n, model);
	}

	/** The session and the prepared training graph, for {@link TfEngine#bareTrainingSpeed} only. */
	Session session() {
		return session;
	}

	TrainingGraph trainingGraph() {
		return training;
	}

	/** Runs the inference output {@code out} over the images in batches of {@link #INFERENCE_BATCH}. */
	private float[] run(final Operand<TFloat32> out, final float[] nhwc, final int n, final int perImage) {
		final Shape in = org.convnetij.nn.Shape.of(model.inputShape());
		final int imageSize = (int) in.size();
		if (nhwc.length != (long) n * imageSize) {
			throw new IllegalArgumentException("expected " + n + " images of " + in + " = " + (long) n * imageSize +
				" values, not " + nhwc.length);
		}
		final float[] result = new float[n * perImage];
		for (int start = 0; start < n; start += INFERENCE_BATCH) {
			final int m = Math.min(INFERENCE_BATCH, n - start);
			final float[] part = start == 0 && m == n ? nhwc : Arrays.copyOfRange(nhwc, start * imageSize, (start + m) *
				imageSize);
			try (TFloat32 t = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(m, in.height(), in.width(), in
				.channels()), DataBuffers.of(part, true, false)); Result r = session.runner().feed(input, t).fetch(out)
					.run())
			{
				final TFloat32 y = (TFloat32) r.get(0);
				final float[] values = new float[m * perImage];
				y.copyTo(DataBuffers.of(values, false, false));
				System.arraycopy(values, 0, result, start * perImage, values.length);
			}
		}
		return result;
	}

	private static void requireSameWeights(final Model model, final Model described) {
		final Map<String, String> a = weightList(model);
		final Map<String, String> b = weightList(described);
		if (!a.equals(b)) {
			final Set<String> differ = new TreeSet<>();
			for (final String k : a.keySet()) {
				if (!a.get(k).equals(b.get(k))) differ.add(k);
			}
			for (final String k : b.keySet()) {
				if (!b.get(k).equals(a.get(k))) differ.add(k);
			}
			throw new UserInputException("convnet.json describes another network than model " + model.name() +
				": the weights differ at " + differ);
		}
	}

	private static Map<String, String> weightList(final Model m) {
		final Map<String, String> out = new LinkedHashMap<>();
		for (final Node node : m.nodes()) {
			for (final Weight w : node.weights()) out.put(node.weightName(w), Arrays.toString(w.dims()));
		}
		return out;
	}

	static long[] longs(final int[] v) {
		final long[] out = new long[v.length];
		for (int i = 0; i < v.length; i++) out[i] = v[i];
		return out;
	}

	private static long count(final int[] dims) {
		long n = 1;
		for (final int d : dims) n *= d;
		return n;
	}

	@Override
	public void close() {
		session.close();
		graph.close();
	}
}
