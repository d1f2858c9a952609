package org.convnetij.tf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.convnetij.transfer.KerasLayer;
import org.convnetij.transfer.TfjsModel;
import org.convnetij.transfer.WeightTensor;
import org.convnetij.util.UserInputException;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Builds the inference graph of a Keras model (read by {@link TfjsModel}) with TensorFlow ops, the weights as
 * constants, one layer at a time in the way Keras on the TensorFlow backend computes it:
 * <ul>
 * <li>{@code InputLayer}: a float placeholder named as the layer, shape from {@code batch_input_shape};</li>
 * <li>{@code Conv2D}: Conv2D (NHWC, Keras padding {@code same}/{@code valid} as TF SAME/VALID), BiasAdd, activation;</li>
 * <li>{@code DepthwiseConv2D}: DepthwiseConv2dNative, BiasAdd, activation;</li>
 * <li>{@code BatchNormalization}: FusedBatchNormV3 in inference mode (moving mean and variance);</li>
 * <li>{@code ReLU}: Relu6 for max_value 6, Relu, or Relu then Minimum for another max_value;</li>
 * <li>{@code ZeroPadding2D}: Pad; {@code Add}: Add; {@code Activation}: the activation;</li>
 * <li>{@code GlobalAveragePooling2D}: Mean over axes 1 and 2; {@code AveragePooling2D}: AvgPool;
 * {@code MaxPooling2D}: MaxPool;</li>
 * <li>{@code Flatten}: Reshape to [batch, n]; {@code Dense}: MatMul, BiasAdd, activation; {@code Dropout}: nothing
 * (inference).</li>
 * </ul>
 * The ops of a layer live in the layer's name scope: its weights are constants named as in the weights manifest
 * ({@code Conv1/kernel}), its output is an Identity op {@code <layer>/output} ({@link #outputName}), so a session
 * can fetch any layer by its Keras name. Only the layers that a requested output needs are built.
 */
public final class KerasGraphBuilder {

	/** The Keras layer classes this builder can translate. */
	public static final Set<String> SUPPORTED_LAYERS = Set.of("InputLayer", "Conv2D", "DepthwiseConv2D",
		"BatchNormalization", "ReLU", "ZeroPadding2D", "Add", "Activation", "GlobalAveragePooling2D",
		"AveragePooling2D", "MaxPooling2D", "Flatten", "Dense", "Dropout");

	private static final String OUTPUT = "output";

	private final Ops tf;
	private final TfjsModel model;
	private final Map<String, Operand<TFloat32>> outputs = new HashMap<>();
	private final Map<String, Placeholder<TFloat32>> inputs = new LinkedHashMap<>();

	/** A builder that adds the model's layers to the graph of {@code tf} when they are asked for. */
	public KerasGraphBuilder(final Ops tf, final TfjsModel model) {
		this.tf = tf;
		this.model = model;
	}

	/**
	 * The output of the layer of that name (the Identity op {@code <layer>/output}), building it and every layer it
	 * depends on first.
	 *
	 * @throws UserInputException when a layer on the way is of a class or configuration that cannot be translated
	 */
	public Operand<TFloat32> output(final String layerName) {
		final Operand<TFloat32> built = outputs.get(layerName);
		if (built != null) {
			return built;
		}
		final KerasLayer layer = model.layer(layerName);
		final List<Operand<TFloat32>> in = new ArrayList<>();
		for (final String inbound : layer.inboundLayers()) {
			in.add(output(inbound));
		}
		final Ops scope = tf.withSubScope(layerName);
		final Operand<TFloat32> out = scope.withName(OUTPUT).identity(translate(scope, layer, in));
		outputs.put(layerName, out);
		return out;
	}

	/** The graph name of the op that gives a layer's output, {@code <layer>/output}, such as {@code out_relu/output}. */
	public static String outputName(final String layerName) {
		return layerName + "/" + OUTPUT;
	}

	/** The placeholder of an input layer, such as {@code input_1}, named {@code <layer>/input} (built on first use). */
	public Placeholder<TFloat32> input(final String inputLayerName) {
		if (!model.layer(inputLayerName).className().equals("InputLayer")) {
			throw new UserInputException("layer '" + inputLayerName + "' is not an input layer; the inputs are " +
				model.inputLayers());
		}
		output(inputLayerName);
		return inputs.get(inputLayerName);
	}

	/** The classes of the model's layers that cannot be translated, sorted (empty: all can). */
	public static Set<String> unsupportedLayers(final TfjsModel model) {
		final Set<String> out = new TreeSet<>();
		for (final KerasLayer l : model.layers()) {
			if (!SUPPORTED_LAYERS.contains(l.className())) {
				out.add(l.className());
			}
		}
		return out;
	}

	private Operand<TFloat32> translate(final Ops s, final KerasLayer layer, final List<Operand<TFloat32>> in) {
		switch (layer.className()) {
			case "InputLayer" -> {
				final Placeholder<TFloat32> p = s.withName("input").placeholder(TFloat32.class,
					Placeholder.shape(Shape.of(toLongs(layer.batchInputShape()))));
				inputs.put(layer.name(), p);
				return p;
			}
			case "Conv2D" -> {
				channelsLast(layer);
				final Operand<TFloat32> y = s.nn.conv2d(single(layer, in), weight(s, layer, "kernel"),
					strides(layer.strides()), tfPadding(layer));
				return activation(s, layer, bias(s, layer, y));
			}
			case "DepthwiseConv2D" -> {
				channelsLast(layer);
				final Operand<TFloat32> y = s.nn.depthwiseConv2dNative(single(layer, in),
					weight(s, layer, "depthwise_kernel"), strides(layer.strides()), tfPadding(layer));
				return activation(s, layer, bias(s, layer, y));
			}
			case "BatchNormalization" -> {
				return batchNormalization(s, layer, single(layer, in));
			}
			case "ReLU" -> {
				return relu(s, layer, single(layer, in));
			}
			case "ZeroPadding2D" -> {
				channelsLast(layer);
				final int[] p = layer.zeroPadding();
				return s.pad(single(layer, in), s.constant(new int[][] { { 0, 0 }, { p[0], p[1] }, { p[2], p[3] },
					{ 0, 0 } }), s.constant(0f));
			}
			case "Add" -> {
				if (in.size() < 2) {
					throw unsupported(layer, "an Add layer needs at least two inputs, it has " + in.size());
				}
				Operand<TFloat32> sum = in.get(0);
				for (int i = 1; i < in.size(); i++) {
					sum = s.math.add(sum, in.get(i));
				}
				return sum;
			}
			case "Activation" -> {
				return activation(s, layer, single(layer, in));
			}
			case "GlobalAveragePooling2D" -> {
				channelsLast(layer);
				return s.math.mean(single(layer, in), s.constant(new int[] { 1, 2 }));
			}
			case "AveragePooling2D" -> {
				channelsLast(layer);
				return s.nn.avgPool(single(layer, in), strides(layer.poolSize()), strides(layer.strides()),
					tfPadding(layer));
			}
			case "MaxPooling2D" -> {
				channelsLast(layer);
				final int[] k = layer.poolSize();
				final int[] st = layer.strides();
				return s.nn.maxPool(single(layer, in), s.constant(new int[] { 1, k[0], k[1], 1 }),
					s.constant(new int[] { 1, st[0], st[1], 1 }), tfPadding(layer));
			}
			case "Flatten" -> {
				final Operand<TFloat32> x = single(layer, in);
				final Shape shape = x.shape();
				long n = 1;
				for (int d = 1; d < shape.numDimensions(); d++) {
					if (shape.get(d) < 0) {
						throw unsupported(layer, "Flatten needs a known input size, the input shape is " + shape);
					}
					n *= shape.get(d);
				}
				return s.reshape(x, s.constant(new long[] { -1, n }));
			}
			case "Dense" -> {
				final Operand<TFloat32> y = s.linalg.matMul(single(layer, in), weight(s, layer, "kernel"));
				return activation(s, layer, bias(s, layer, y));
			}
			case "Dropout" -> {
				return single(layer, in);
			}
			default -> throw unsupported(layer, "layers of class " + layer.className() +
				" cannot be translated; supported are " + new TreeSet<>(SUPPORTED_LAYERS));
		}
	}

	/** Keras BatchNormalization at inference: gamma * (x - moving_mean) / sqrt(moving_variance + epsilon) + beta. */
	private Operand<TFloat32> batchNormalization(final Ops s, final KerasLayer layer, final Operand<TFloat32> x) {
		final int axis = layer.has("axis") ? layer.integers("axis")[0] : -1;
		if (x.shape().numDimensions() != 4 || axis != -1 && axis != 3) {
			throw unsupported(layer, "only batch normalisation of 4-D NHWC maps over the channel axis can be " +
				"translated (axis " + axis + ", input shape " + x.shape() + ")");
		}
		final Operand<TFloat32> mean = weight(s, layer, "moving_mean");
		final int channels = model.weight(layer.name() + "/moving_mean").size();
		final Operand<TFloat32> gamma = !layer.has("scale") || layer.bool("scale") ? weight(s, layer, "gamma")
			: filled(s, channels, 1f);
		final Operand<TFloat32> beta = !layer.has("center") || layer.bool("center") ? weight(s, layer, "beta")
			: filled(s, channels, 0f);
		final FusedBatchNorm<TFloat32, TFloat32> bn = s.nn.fusedBatchNorm(x, gamma, beta, mean,
			weight(s, layer, "moving_variance"), FusedBatchNorm.epsilon((float) layer.epsilon()),
			FusedBatchNorm.isTraining(false), FusedBatchNorm.dataFormat("NHWC"));
		return bn.y();
	}

	/** Keras ReLU: min(max(x, 0), max_value); a negative slope or a threshold is not translated. */
	private Operand<TFloat32> relu(final Ops s, final KerasLayer layer, final Operand<TFloat32> x) {
		if (layer.has("negative_slope") && layer.number("negative_slope") != 0 ||
			layer.has("threshold") && layer.number("threshold") != 0)
		{
			throw unsupported(layer, "a ReLU with a negative slope or a threshold cannot be translated");
		}
		final double max = layer.maxValue();
		if (max == 6) {
			return s.nn.relu6(x);
		}
		if (Double.isInfinite(max)) {
			return s.nn.relu(x);
		}
		return s.math.minimum(s.nn.relu(x), s.constant((float) max));
	}

	private Operand<TFloat32> activation(final Ops s, final KerasLayer layer, final Operand<TFloat32> x) {
		final String name = layer.activation();
		return switch (name) {
			case "linear" -> x;
			case "relu" -> s.nn.relu(x);
			case "relu6" -> s.nn.relu6(x);
			case "sigmoid" -> s.math.sigmoid(x);
			case "tanh" -> s.math.tanh(x);
			case "softmax" -> s.nn.softmax(x);
			default -> throw unsupported(layer, "the activation '" + name +
				"' cannot be translated; supported are linear, relu, relu6, sigmoid, tanh, softmax");
		};
	}

	private Operand<TFloat32> bias(final Ops s, final KerasLayer layer, final Operand<TFloat32> x) {
		return layer.useBias() ? s.nn.biasAdd(x, weight(s, layer, "bias")) : x;
	}

	/** The weight {@code <layer>/<shortName>} as a constant named {@code <layer>/<shortName>}. */
	private Operand<TFloat32> weight(final Ops s, final KerasLayer layer, final String shortName) {
		final WeightTensor w = model.weight(layer.name() + "/" + shortName);
		return s.withName(shortName).constant(Shape.of(toLongs(w.shape())), DataBuffers.of(w.values(), true, false));
	}

	private static Operand<TFloat32> filled(final Ops s, final int n, final float value) {
		final float[] v = new float[n];
		Arrays.fill(v, value);
		return s.constant(v);
	}

	private static Operand<TFloat32> single(final KerasLayer layer, final List<Operand<TFloat32>> in) {
		if (in.size() != 1) {
			throw unsupported(layer, "the layer needs exactly one input, it has " + in.size());
		}
		return in.get(0);
	}

	private static void channelsLast(final KerasLayer layer) {
		if (layer.has("data_format") && !layer.string("data_format").equals("channels_last")) {
			throw unsupported(layer, "only channels_last (NHWC) layers can be translated, not " +
				layer.string("data_format"));
		}
		if (layer.has("dilation_rate")) {
			for (final int d : layer.integers("dilation_rate")) {
				if (d != 1) {
					throw unsupported(layer, "dilated convolutions cannot be translated");
				}
			}
		}
	}

	private static String tfPadding(final KerasLayer layer) {
		final String p = layer.padding();
		return switch (p) {
			case "same" -> "SAME";
			case "valid" -> "VALID";
			default -> throw unsupported(layer, "padding '" + p + "' cannot be translated; supported: same, valid");
		};
	}

	private static List<Long> strides(final int[] hw) {
		return List.of(1L, (long) hw[0], (long) hw[1], 1L);
	}

	private static long[] toLongs(final int[] v) {
		final long[] out = new long[v.length];
		for (int i = 0; i < v.length; i++) {
			out[i] = v[i];
		}
		return out;
	}

	private static UserInputException unsupported(final KerasLayer layer, final String why) {
		return new UserInputException("layer '" + layer.name() + "' (" + layer.className() + "): " + why);
	}
}
