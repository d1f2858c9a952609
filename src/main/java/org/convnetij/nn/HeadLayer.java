package org.convnetij.nn;

import java.util.List;
import java.util.Locale;

import org.convnetij.util.UserInputException;

/**
 * One layer of an imported model's own head, the layers its authors put after the architecture's feature layer (for
 * the TF.js MobileNetV2: average_pooling2d_1, flatten_1, dense_1, dropout_2, dense_2, dropout_3, dense_3), kept in
 * convnet.json as {"type": "Dense", "name": "dense_3", "units": 5, "activation": "softmax"} so that the model is
 * rebuilt whole. Types: AveragePooling2D, MaxPooling2D (pool, stride, padding), GlobalAveragePooling2D,
 * GlobalMaxPooling2D, Flatten, Dense (units, activation), Dropout (rate), Activation (activation).
 */
public final class HeadLayer {

	/** The layer types a head may hold (Keras class names). */
	public static final List<String> TYPES = List.of("AveragePooling2D", "MaxPooling2D", "GlobalAveragePooling2D",
		"GlobalMaxPooling2D", "Flatten", "Dense", "Dropout", "Activation");

	private String type;
	private String name;
	private int units;
	private String activation;
	private int pool;
	private int stride;
	private String padding;
	private double rate;

	private HeadLayer() {}

	/** A pooling layer with a square window. */
	public static HeadLayer pooling(final String type, final String name, final int pool, final int stride,
		final String padding)
	{
		final HeadLayer h = of(type, name);
		h.pool = pool;
		h.stride = stride;
		h.padding = padding;
		return h;
	}

	public static HeadLayer dense(final String name, final int units, final String activation) {
		final HeadLayer h = of("Dense", name);
		h.units = units;
		h.activation = activation;
		return h;
	}

	public static HeadLayer dropout(final String name, final double rate) {
		final HeadLayer h = of("Dropout", name);
		h.rate = rate;
		return h;
	}

	public static HeadLayer activation(final String name, final String activation) {
		final HeadLayer h = of("Activation", name);
		h.activation = activation;
		return h;
	}

	/** A layer without options (Flatten, GlobalAveragePooling2D, GlobalMaxPooling2D). */
	public static HeadLayer of(final String type, final String name) {
		if (!TYPES.contains(type)) {
			throw new UserInputException("a head layer of type " + type + " cannot be kept (" + name + "); kept are " +
				String.join(", ", TYPES));
		}
		final HeadLayer h = new HeadLayer();
		h.type = type;
		h.name = name;
		return h;
	}

	public String type() {
		return type;
	}

	public String name() {
		return name;
	}

	/** Output units of a Dense layer; 0 for other types. */
	public int units() {
		return units;
	}

	/** The activation of a Dense or Activation layer ("linear" when none is given). */
	public String activationKey() {
		return activation == null || activation.isBlank() ? "linear" : activation.toLowerCase(Locale.ROOT);
	}

	/** The layer of the nn package. */
	Layer toLayer() {
		if (type == null || name == null) throw new UserInputException("a head layer needs its type and name");
		switch (type) {
			case "AveragePooling2D":
				return AveragePooling2D.named(name).pool(pool).stride(stride > 0 ? stride : pool).padding(PaddingMode.parse(
					padding == null ? "valid" : padding));
			case "MaxPooling2D":
				return MaxPooling2D.named(name).pool(pool).stride(stride > 0 ? stride : pool).padding(PaddingMode.parse(
					padding == null ? "valid" : padding));
			case "GlobalAveragePooling2D":
				return GlobalAveragePooling2D.named(name);
			case "GlobalMaxPooling2D":
				return GlobalMaxPooling2D.named(name);
			case "Flatten":
				return Flatten.named(name);
			case "Dense":
				return Dense.named(name).units(units).activation(Activation.parse(activationKey()));
			case "Dropout":
				return Dropout.named(name).rate(rate);
			case "Activation":
				return ActivationLayer.named(name).activation(Activation.parse(activationKey()));
			default:
				throw new UserInputException("head layer " + name + ": type " + type + " is not one of " + String.join(", ",
					TYPES));
		}
	}

	/**
	 * {@code body} with {@code head} after its output, in order; a head that does not fit the body's output (a pool
	 * larger than the feature map) is refused with the layer's message.
	 */
	static Model append(final Model body, final List<HeadLayer> head) {
		final ModelBuilder b = Model.builder(body.name(), body.inputShape(), body.input());
		for (final Node n : body.nodes()) {
			if (n.name().equals(body.input())) continue;
			b.add(n.layer(), n.inputs().toArray(new String[0]));
		}
		String last = body.output();
		for (final HeadLayer h : head) last = b.add(h.toLayer(), last);
		return b.build();
	}

	/** Refuses a head read from convnet.json with an empty entry, or a layer without its type or name. */
	static void requireComplete(final List<HeadLayer> head) {
		for (final HeadLayer h : head) {
			if (h == null || h.type == null || h.name == null) {
				throw new UserInputException("a head layer needs its type and name (convnet.json, headLayers)");
			}
		}
	}

	/** The number of classes of a head: the units of its last Dense layer (0 without one). */
	public static int classesOf(final List<HeadLayer> head) {
		for (int i = head.size() - 1; i >= 0; i--) {
			if (head.get(i).type.equals("Dense")) return head.get(i).units;
		}
		return 0;
	}

	/** True when the head ends with a softmax (a Dense with softmax, or a softmax Activation after the last Dense). */
	static boolean endsWithSoftmax(final List<HeadLayer> head) {
		for (int i = head.size() - 1; i >= 0; i--) {
			final HeadLayer h = head.get(i);
			if (h.type.equals("Dense") || h.type.equals("Activation")) return h.activationKey().equals("softmax");
		}
		return false;
	}
}
