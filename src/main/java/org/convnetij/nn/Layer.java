package org.convnetij.nn;

import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import org.convnetij.util.UserInputException;

/**
 * One named layer with its hyper-parameters, Keras's vocabulary and semantics. Layers are immutable: every option
 * method returns a changed copy ({@code Conv2D.named("c1").filters(32).kernel(3)}). A layer knows nothing of its
 * inputs; a {@link Model} connects layers into a graph ({@link ModelBuilder#add(Layer, String...)}) and records each
 * one's input and output shapes and weights in a {@link Node}.
 * <p>
 * Subclasses compute the output shape from the input shapes ({@link #outputShape(List)}) and list their weights in
 * a fixed order and Keras layout ({@link #weights(List)}), so that a TensorFlow graph and Keras weight files can be
 * matched by name.
 */
public abstract class Layer implements Cloneable {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.\\-]+");

	private String name;

	protected Layer(final String name) {
		this.name = checkName(name);
	}

	static String checkName(final String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new UserInputException("a layer name uses letters, digits, '_', '.' or '-' only, not '" + name + "'");
		}
		return name;
	}

	/** The layer's unique name in its model, as Keras names it ("block1_conv1"). */
	public final String name() {
		return name;
	}

	/** A copy under another name. */
	public final Layer withName(final String newName) {
		final Layer copy = copy();
		copy.name = checkName(newName);
		return copy;
	}

	/** Keras's class name: "Conv2D", "BatchNormalization", "Add", ... */
	public abstract String type();

	/** How many inputs the layer takes: 1, or {@link #ANY_NUMBER} for Add and Concatenate (2 or more). */
	public int arity() {
		return 1;
	}

	public static final int ANY_NUMBER = -1;

	/**
	 * The output shape for these input shapes; throws {@link UserInputException} when the inputs do not fit
	 * (window larger than the image, mismatched shapes), naming the layer.
	 */
	public abstract Shape outputShape(List<Shape> inputs);

	/** The weights for these input shapes, in Keras's order and layout (see {@link Weight}); empty by default. */
	public List<Weight> weights(final List<Shape> inputs) {
		return Collections.emptyList();
	}

	/** Number of weight values for these input shapes (trainable and not). */
	public final long parameters(final List<Shape> inputs) {
		long n = 0;
		for (final Weight w : weights(inputs)) n += w.count();
		return n;
	}

	/** Number of trainable weight values for these input shapes. */
	public final long trainableParameters(final List<Shape> inputs) {
		long n = 0;
		for (final Weight w : weights(inputs)) {
			if (w.isTrainable()) n += w.count();
		}
		return n;
	}

	/** A one-line description of the hyper-parameters for summaries, e.g. "3x3 /1 same, 64, relu". */
	public abstract String describe();

	@SuppressWarnings("unchecked")
	protected final <L extends Layer> L copy() {
		try {
			return (L) clone();
		}
		catch (final CloneNotSupportedException e) {
			throw new AssertionError(e);
		}
	}

	protected final UserInputException problem(final String what) {
		return new UserInputException("layer " + name + " (" + type() + "): " + what);
	}

	protected final Shape spatialInput(final List<Shape> inputs) {
		final Shape in = inputs.get(0);
		if (in.isFlat()) throw problem("needs a width x height x channels input, not the flat " + in);
		return in;
	}

	protected static int positive(final String what, final int value) {
		if (value < 1) throw new UserInputException(what + " must be 1 or more, not " + value);
		return value;
	}

	@Override
	public String toString() {
		return name + " (" + type() + ": " + describe() + ")";
	}
}
