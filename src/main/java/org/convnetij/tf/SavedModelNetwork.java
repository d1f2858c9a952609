package org.convnetij.tf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;

/**
 * A TensorFlow SavedModel of any network, run as it is: class scores from its serving signature (one 4-D float
 * input, one float output) and the values of any tensor of its network, flattened per image. A tensor is named by
 * its op ("op" or "op:index"), or by the Keras layer that computes it ("fc1", "block_16_project_BN"): the serving
 * function's body is part of the graph ({@link SavedModelGraph}), so the layers inside TensorFlow 2 functions can be
 * fetched. No TensorFlow type appears in this API; close it to free the graph.
 */
public final class SavedModelNetwork implements AutoCloseable {

	private final Path folder;
	private final SavedModelGraph loaded;
	private final String inputTensor;
	private final String outputTensor;
	private final InputShape input;
	/** The op that gives each layer's output, by layer scope ("lenet5_1/conv1_1"), in the network's order. */
	private final Map<String, String> layerOutputs;
	/** The scope of each layer by the op that gives its output (see {@link #layerScopesByOutput()}). */
	private final Map<String, String> layerScopes;

	private SavedModelNetwork(final Path folder, final Serving serving, final SavedModelGraph loaded) {
		this.folder = folder;
		this.loaded = loaded;
		input = serving.inputShape();
		inputTensor = serving.input().getName();
		outputTensor = serving.output().getName();
		layerOutputs = layerOutputs();
		layerScopes = layerScopesByOutput();
	}

	/** Opens the SavedModel folder {@code folder} (tag "serve"); the message says why it cannot be used. */
	public static SavedModelNetwork open(final Path folder) {
		if (!SavedModelWeights.isSavedModel(folder)) {
			throw new UserInputException("'" + folder + "' is not a TensorFlow SavedModel folder (no saved_model.pb)");
		}
		final MetaGraphDef meta = SavedModelGraph.readServing(folder);
		final Serving serving = servingSignature(meta, folder);
		final SavedModelGraph g = SavedModelGraph.load(folder, meta, serving.output().getName());
		try {
			return new SavedModelNetwork(folder, serving, g);
		}
		catch (final RuntimeException e) {
			g.close();
			throw e;
		}
	}

	/** The image input and the class output of the serving signature. */
	record Serving(TensorInfo input, TensorInfo output) {

		/** Width, height and channels of the input. */
		InputShape inputShape() {
			final long[] d = dims(input);
			return InputShape.of((int) d[2], (int) d[1], (int) d[3]);
		}
	}

	/**
	 * "serving_default", else the first signature (by name) with one 4-D float input of known size; its output is the
	 * only one, else the one named "probabilities" (as ConvNet-IJ and many exporters name it), else "output_0"
	 * (Keras 3's name).
	 */
	private static Serving servingSignature(final MetaGraphDef meta, final Path folder) {
		final Serving serving = serving(meta);
		if (serving != null) return serving;
		throw new UserInputException("the SavedModel '" + folder + "' has no serving signature with one image input " +
			"(float, batch x height x width x channels of known size) and one float output (or one named " +
			"probabilities); its signatures: " + meta.getSignatureDefMap().keySet().stream().sorted().toList());
	}

	/** The serving signature as {@link #servingSignature} chooses it, or null where there is none. */
	static Serving serving(final MetaGraphDef meta) {
		final List<Map.Entry<String, SignatureDef>> signatures = new ArrayList<>(meta.getSignatureDefMap().entrySet());
		signatures.sort(Map.Entry.comparingByKey());
		signatures.sort((a, b) -> Boolean.compare(!a.getKey().equals("serving_default"), !b.getKey().equals(
			"serving_default")));
		for (final Map.Entry<String, SignatureDef> e : signatures) {
			final SignatureDef s = e.getValue();
			if (s.getInputsCount() != 1 || s.getOutputsCount() == 0) continue;
			final TensorInfo in = s.getInputsMap().values().iterator().next();
			final TensorInfo out = s.getOutputsCount() == 1 ? s.getOutputsMap().values().iterator().next() : s
				.getOutputsMap().containsKey("probabilities") ? s.getOutputsMap().get("probabilities") : s.getOutputsMap()
					.get("output_0");
			final long[] d = dims(in);
			if (out != null && in.getDtype() == DataType.DT_FLOAT && out.getDtype() == DataType.DT_FLOAT && d.length == 4 &&
				d[1] > 0 && d[2] > 0 && d[3] > 0) return new Serving(in, out);
		}
		return null;
	}

	/** The dimensions of a signature tensor, -1 for unknown sizes; empty when even the rank is unknown. */
	private static long[] dims(final TensorInfo t) {
		if (!t.hasTensorShape() || t.getTensorShape().getUnknownRank()) return new long[0];
		return t.getTensorShape().getDimList().stream().mapToLong(d -> d.getSize()).toArray();
	}

	/** The loaded graph, for fine-tuning. */
	SavedModelGraph loaded() {
		return loaded;
	}

	/** The SavedModel folder. */
	public Path folder() {
		return folder;
	}

	/** Width, height and channels of the serving input. */
	public InputShape input() {
		return input;
	}

	/** The name of the serving signature's input tensor in the graph. */
	public String inputTensor() {
		return inputTensor;
	}

	/** The name of the serving signature's output tensor in the graph. */
	public String outputTensor() {
		return outputTensor;
	}

	/** The serving output of {@code n} images (NHWC floats): {@code n} rows of one value per class. */
	public float[][] predict(final float[] nhwc, final int n) {
		final float[] flat = features(outputTensor, nhwc, n);
		final int per = n == 0 ? 0 : flat.length / n;
		final float[][] out = new float[n][];
		for (int i = 0; i < n; i++) out[i] = Arrays.copyOfRange(flat, i * per, (i + 1) * per);
		return out;
	}

	/** The number of values per image of {@code tensor} (one zero image is run through the graph). */
	public int featureSize(final String tensor) {
		return features(tensor, new float[(int) input.length()], 1).length;
	}

	/**
	 * The values of {@code tensor} (an operation name, its first output, or "name:index") for {@code n} images, in
	 * batches of {@link TfModel#INFERENCE_BATCH}: {@code n} equal blocks in TensorFlow's order.
	 */
	public float[] features(final String tensor, final float[] nhwc, final int n) {
		final String name = tensorName(tensor);
		final int imageSize = (int) input.length();
		if (nhwc.length != (long) n * imageSize) {
			throw new IllegalArgumentException("expected " + n + " images of " + input + " = " + (long) n * imageSize +
				" values, not " + nhwc.length);
		}
		// the serving input itself cannot be fed and fetched at once
		if (SavedModelGraph.opName(name).equals(SavedModelGraph.opName(inputTensor))) return nhwc.clone();
		final List<float[]> parts = new ArrayList<>();
		int total = 0;
		for (int start = 0; start < n; start += TfModel.INFERENCE_BATCH) {
			final int m = Math.min(TfModel.INFERENCE_BATCH, n - start);
			final float[] part = Arrays.copyOfRange(nhwc, start * imageSize, (start + m) * imageSize);
			try (TFloat32 t = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(m, input.height(), input.width(), input
				.channels()), DataBuffers.of(part, true, false)); Result r = loaded.session().runner().feed(inputTensor, t)
					.fetch(name).run())
			{
				final Tensor y = r.get(0);
				if (!(y instanceof TFloat32 f)) {
					throw new UserInputException("tensor '" + tensor + "' of the SavedModel is not float: " + y.dataType());
				}
				if (f.shape().numDimensions() == 0 || f.shape().get(0) != m) {
					throw new UserInputException("tensor '" + tensor + "' of the SavedModel has no value per image (shape " +
						f.shape() + " for " + m + " images); choose another one (layer=list lists them)");
				}
				final float[] values = new float[(int) f.size()];
				f.copyTo(DataBuffers.of(values, false, false));
				parts.add(values);
				total += values.length;
			}
			catch (final org.tensorflow.exceptions.TensorFlowException e) {
				final String why = String.valueOf(e.getMessage());
				if (why.contains("must feed a value for placeholder")) {
					throw new UserInputException("tensor '" + tensor + "' of the SavedModel is not computed from the " +
						"serving input " + inputTensor + ": " + why + " (layer=list lists the tensors)", e);
				}
				throw new UserInputException("the SavedModel '" + folder + "' cannot compute tensor '" + tensor + "': " +
					why, e);
			}
		}
		final float[] out = new float[total];
		int at = 0;
		for (final float[] p : parts) {
			System.arraycopy(p, 0, out, at, p.length);
			at += p.length;
		}
		return out;
	}

	/**
	 * The tensor name of {@code tensor}: an op of the graph ("op", "op:1"), else a Keras layer, by the name of its
	 * scope with or without the number TensorFlow adds ("conv1" finds "lenet5_1/conv1_1"; the innermost match); else a
	 * message with candidates.
	 */
	String tensorName(final String tensor) {
		if (tensor == null || tensor.isBlank()) throw new UserInputException("give a tensor name (layer=list lists them)");
		final String t = tensor.trim();
		if (loaded.graph().operation(SavedModelGraph.opName(t)) != null) return t;
		// a layer's own name first, then with the number TensorFlow adds, then a whole scope
		for (final java.util.function.Predicate<String> match : List.<java.util.function.Predicate<String>>of(
			scope -> lastOf(scope).equals(t), scope -> lastOf(scope).matches(java.util.regex.Pattern.quote(t) + "_\\d+"),
			scope -> scope.equals(t)))
		{
			final List<String> scopes = layerOutputs.keySet().stream().filter(match).toList();
			if (scopes.isEmpty()) continue;
			if (scopes.stream().map(layerOutputs::get).distinct().count() > 1) {
				throw new UserInputException("'" + t + "' names several layers of the SavedModel: " + String.join(", ",
					scopes) + "; give one of these");
			}
			return layerOutputs.get(scopes.get(0));
		}
		final String lower = t.toLowerCase();
		final List<String> near = new ArrayList<>();
		for (final String l : layers()) {
			final String first = l.substring(0, l.indexOf(' ')).toLowerCase();
			if (l.toLowerCase().contains(lower) || first.length() > 2 && lower.contains(first)) near.add(l);
		}
		final List<String> shown = (near.isEmpty() ? layers() : near).stream().limit(8).toList();
		throw new UserInputException("the SavedModel '" + folder + "' has no layer or operation '" + t +
			"'; for example: " + String.join(", ", shown) + " (layer=list lists them all)");
	}

	private static boolean numbered(final String scope) {
		return lastOf(scope).matches(".*_\\d+");
	}

	private static String lastOf(final String scope) {
		return scope.substring(scope.lastIndexOf('/') + 1);
	}

	/**
	 * Each scope of the inlined network ("lenet5_1", "lenet5_1/conv1_1") with the last op in it whose first output is
	 * an image-wise float tensor (batch first, rank 2 or 4): what the layer (or the model) gives.
	 */
	private Map<String, String> layerOutputs() {
		final Map<String, String> out = new LinkedHashMap<>();
		for (final String op : loaded.inlined()) {
			if (!imageWise(loaded.graph().operation(op))) continue;
			for (int slash = op.indexOf('/'); slash > 0; slash = op.indexOf('/', slash + 1)) {
				final String scope = op.substring(0, slash);
				out.remove(scope); // re-inserted: the map's order is where each scope ends
				out.put(scope, op);
			}
		}
		return out;
	}

	/** True when the op's first output is float with the batch first and rank 2 or 4: a value per image. */
	private static boolean imageWise(final GraphOperation op) {
		if (op == null || op.numOutputs() < 1) return false;
		final Output<?> o = op.output(0);
		if (o.dataType() != DataType.DT_FLOAT) return false;
		final org.tensorflow.ndarray.Shape s = o.shape();
		return !s.isUnknown() && (s.numDimensions() == 2 || s.numDimensions() == 4) && s.get(0) == -1;
	}

	/**
	 * The tensor that the features come from by default: the input of the last fully connected layer (MatMul), which
	 * is the global pooling output or the layer before the classifier; the serving output when there is none.
	 */
	public String defaultFeatureTensor() {
		String input = null;
		for (final String op : loaded.inlined()) {
			final GraphOperation o = loaded.graph().operation(op);
			if (o.type().equals("MatMul")) input = o.input(0).op().name() + (o.input(0).index() == 0 ? "" : ":" + o.input(
				0).index());
		}
		return input == null ? outputTensor : input;
	}

	/** Height, width and channels of a 4-D tensor (as {@link #tensorName} resolves it); null for a flat one. */
	public int[] spatialShape(final String tensor) {
		final String name = tensorName(tensor);
		final GraphOperation op = loaded.graph().operation(SavedModelGraph.opName(name));
		final int index = name.equals(SavedModelGraph.opName(name)) ? 0 : Integer.parseInt(name.substring(name
			.lastIndexOf(':') + 1));
		final org.tensorflow.ndarray.Shape s = op.output(index).shape();
		if (s.isUnknown() || s.numDimensions() != 4 || s.get(1) < 1 || s.get(2) < 1 || s.get(3) < 1) return null;
		return new int[] { (int) s.get(1), (int) s.get(2), (int) s.get(3) };
	}

	/**
	 * What can be asked for as features: the serving input and output and each layer of the network, as "layer = op
	 * [shape]" (layers) or "op [shape]" (top-level tensors), in the network's order.
	 */
	public List<String> layers() {
		final List<String> out = new ArrayList<>();
		final java.util.Set<String> inlined = new java.util.HashSet<>(loaded.inlined());
		final Iterator<GraphOperation> it = loaded.graph().operations();
		while (it.hasNext()) {
			final GraphOperation op = it.next();
			if (!inlined.contains(op.name()) && imageWise(op)) out.add(op.name() + " " + op.output(0).shape());
		}
		final Map<String, String> names = layerScopes;
		for (final String op : loaded.inlined()) {
			final String scope = names.get(op);
			if (scope == null) continue;
			out.add(lastOf(scope).replaceFirst("_\\d+$", "") + " = " + op + " " + loaded.graph().operation(op).output(0)
				.shape());
		}
		return out;
	}

	/**
	 * The scope of each layer ("smallnet_1/stem_1/stem_bn_1"), by the op that gives its output: per op the deepest
	 * scope that has it as its output, but a numbered one (Keras 3's layer scopes) before its own sub-scopes
	 * ("stem_bn_1", not "stem_bn_1/batchnorm").
	 */
	private Map<String, String> layerScopesByOutput() {
		final Map<String, String> names = new LinkedHashMap<>();
		for (final Map.Entry<String, String> e : layerOutputs.entrySet()) {
			// the entries of one op come outermost first
			final String old = names.get(e.getValue());
			if (old == null || e.getKey().startsWith(old + "/") && (numbered(e.getKey()) || !numbered(old))) {
				names.put(e.getValue(), e.getKey());
			}
		}
		return names;
	}

	/**
	 * The layer an op of the network belongs to: the longest layer scope (see {@link #layers()}) its name starts
	 * with; else its parent scope.
	 */
	String layerOf(final String op) {
		String best = null;
		for (final String scope : layerScopes.values()) {
			if (op.startsWith(scope + "/") && (best == null || scope.length() > best.length())) best = scope;
		}
		return best != null ? best : op.contains("/") ? op.substring(0, op.lastIndexOf('/')) : op;
	}

	/** The Keras name of a layer scope: its last part without the number TensorFlow adds ("stem_bn_1" -> "stem_bn"). */
	static String layerName(final String scope) {
		return lastOf(scope).replaceFirst("_\\d+$", "");
	}

	@Override
	public void close() {
		loaded.close();
	}
}
