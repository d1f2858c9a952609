package org.convnetij.nn.tf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import org.convnetij.nn.InputShape;
import org.convnetij.util.UserInputException;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * A TensorFlow SavedModel of any network, run as it is: class scores from its serving signature (one 4-D float
 * input, one float output) and the values of any tensor of its graph by name ("op" or "op:index"), flattened per
 * image. No TensorFlow type appears in this API; close it to free the bundle.
 */
public final class SavedModelNetwork implements AutoCloseable {

	private final Path folder;
	private final SavedModelBundle bundle;
	private final String inputTensor;
	private final String outputTensor;
	private final InputShape input;

	private SavedModelNetwork(final Path folder, final SavedModelBundle bundle) {
		this.folder = folder;
		this.bundle = bundle;
		final Signature s = servingSignature(bundle, folder);
		final Signature.TensorDescription in = s.getInputs().values().iterator().next();
		final Signature.TensorDescription out = s.getOutputs().values().iterator().next();
		final long[] d = in.shape.asArray();
		input = InputShape.of((int) d[2], (int) d[1], (int) d[3]);
		inputTensor = in.name;
		outputTensor = out.name;
	}

	/** Opens the SavedModel folder {@code folder} (tag "serve"); the message says why it cannot be used. */
	public static SavedModelNetwork open(final Path folder) {
		if (!SavedModelWeights.isSavedModel(folder)) {
			throw new UserInputException("'" + folder + "' is not a TensorFlow SavedModel folder (no saved_model.pb)");
		}
		final SavedModelBundle b = SavedModelWeights.load(folder);
		try {
			return new SavedModelNetwork(folder, b);
		}
		catch (final RuntimeException e) {
			b.close();
			throw e;
		}
	}

	/** "serving_default", else the first signature with one 4-D float input of known size and one float output. */
	private static Signature servingSignature(final SavedModelBundle bundle, final Path folder) {
		final List<Signature> signatures = new ArrayList<>(bundle.signatures());
		signatures.sort((a, b) -> Boolean.compare(!a.key().equals(Signature.DEFAULT_KEY), !b.key().equals(
			Signature.DEFAULT_KEY)));
		for (final Signature s : signatures) {
			if (s.getInputs().size() != 1 || s.getOutputs().size() != 1) continue;
			final Signature.TensorDescription in = s.getInputs().values().iterator().next();
			final Signature.TensorDescription out = s.getOutputs().values().iterator().next();
			final long[] d = in.shape == null || in.shape.isUnknown() ? new long[0] : in.shape.asArray();
			if (in.dataType == DataType.DT_FLOAT && out.dataType == DataType.DT_FLOAT && d.length == 4 && d[1] > 0 &&
				d[2] > 0 && d[3] > 0) return s;
		}
		throw new UserInputException("the SavedModel '" + folder + "' has no serving signature with one image input " +
			"(float, batch x height x width x channels of known size) and one float output; its signatures: " + bundle
				.signatures().stream().map(Signature::key).toList());
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
		return features(tensor, new float[(int) input.toShape().size()], 1).length;
	}

	/**
	 * The values of {@code tensor} (an operation name, its first output, or "name:index") for {@code n} images, in
	 * batches of {@link TfModel#INFERENCE_BATCH}: {@code n} equal blocks in TensorFlow's order.
	 */
	public float[] features(final String tensor, final float[] nhwc, final int n) {
		final String name = checkedTensor(tensor);
		final int imageSize = (int) input.toShape().size();
		if (nhwc.length != (long) n * imageSize) {
			throw new IllegalArgumentException("expected " + n + " images of " + input + " = " + (long) n * imageSize +
				" values, not " + nhwc.length);
		}
		// the serving input itself cannot be fed and fetched at once
		if (opName(name).equals(opName(inputTensor))) return nhwc.clone();
		final List<float[]> parts = new ArrayList<>();
		int total = 0;
		for (int start = 0; start < n; start += TfModel.INFERENCE_BATCH) {
			final int m = Math.min(TfModel.INFERENCE_BATCH, n - start);
			final float[] part = Arrays.copyOfRange(nhwc, start * imageSize, (start + m) * imageSize);
			try (TFloat32 t = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(m, input.height(), input.width(), input
				.channels()), DataBuffers.of(part, true, false)); Result r = bundle.session().runner().feed(inputTensor, t)
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
				throw new UserInputException("tensor '" + tensor + "' of the SavedModel is not computed from the serving " +
					"input " + inputTensor + ": " + e.getMessage() + " (layer=list lists the tensors)", e);
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

	/** The tensor name of {@code tensor}, or a message with candidates when the graph has no such operation. */
	private String checkedTensor(final String tensor) {
		if (tensor == null || tensor.isBlank()) throw new UserInputException("give a tensor name (layer=list lists them)");
		final String t = tensor.trim();
		final String op = opName(t);
		if (bundle.graph().operation(op) == null) {
			final List<String> near = new ArrayList<>();
			final String lower = op.toLowerCase();
			for (final String l : layers()) {
				if (l.toLowerCase().contains(lower) || lower.contains(l.substring(0, l.indexOf(' ')).toLowerCase())) near.add(l);
			}
			final List<String> shown = (near.isEmpty() ? layers() : near).stream().limit(8).toList();
			throw new UserInputException("the SavedModel '" + folder + "' has no operation '" + op + "'; for example: " +
				String.join(", ", shown) + " (layer=list lists them all)");
		}
		return t;
	}

	/** The operation of a tensor name ("op:0" -> "op"). */
	private static String opName(final String tensor) {
		final int colon = tensor.lastIndexOf(':');
		return colon > 0 && tensor.substring(colon + 1).matches("\\d+") ? tensor.substring(0, colon) : tensor;
	}

	/**
	 * The graph's operations whose first output is float of rank 2 or 4 with the batch first, as "name [shape]" in
	 * graph order: the tensors that make sense as features. A TensorFlow 2 SavedModel keeps its layers inside
	 * functions, so its top-level graph shows only the serving input and output.
	 */
	public List<String> layers() {
		final List<String> out = new ArrayList<>();
		final Iterator<GraphOperation> it = bundle.graph().operations();
		while (it.hasNext()) {
			final GraphOperation op = it.next();
			if (op.numOutputs() < 1) continue;
			final Output<?> o = op.output(0);
			if (o.dataType() != DataType.DT_FLOAT) continue;
			final org.tensorflow.ndarray.Shape s = o.shape();
			// batch first (unknown size): weights and constants are left out
			if (s.isUnknown() || (s.numDimensions() != 2 && s.numDimensions() != 4) || s.get(0) != -1) continue;
			out.add(op.name() + " " + s);
		}
		return out;
	}

	@Override
	public void close() {
		bundle.close();
	}
}
