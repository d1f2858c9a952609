package org.convnetij.tf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.convnetij.transfer.WeightSet;
import org.convnetij.transfer.WeightTensor;
import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * The float variables of a TensorFlow SavedModel (tag "serve") by their Keras names, as a {@link WeightSet}: Keras 3
 * {@code model.export()} and TensorFlow 2 {@code tf.saved_model.save} of a Keras model name the variables
 * {@code layer/weight} ({@code block1_conv1/kernel}), the layout Keras uses ({@code [kh, kw, in, out]} kernels).
 * The values are those the SavedModel restores from its checkpoint, read through {@code ReadVariableOp} (resource
 * variables) or fetched directly ({@code VariableV2}). Variables that are not weights of a layer (no '/' in the
 * name, such as the {@code Variable_3} that Keras 3 exports add) are left out. A name may come twice: Keras 3 exports
 * hold a numbered copy ({@code conv1/kernel_1} beside {@code conv1/kernel}) and the checkpoint restores only one
 * of them (there: the copy); the one that holds a value is taken.
 */
public final class SavedModelWeights {

	private static final Pattern COPY = Pattern.compile("(.+)_\\d+");

	private SavedModelWeights() {}

	/** True when {@code path} is a SavedModel folder (it holds saved_model.pb). */
	public static boolean isSavedModel(final Path path) {
		return Files.isDirectory(path) && Files.isRegularFile(path.resolve("saved_model.pb"));
	}

	/**
	 * What a SavedModel holds for an import: its weights, and the input of its serving signature
	 * (as {@link SavedModelNetwork} chooses it), null when no signature gives height, width and
	 * channels.
	 */
	public record Contents(WeightSet weights, InputShape servingInput) {}

	/** Reads the weights and the serving input of the SavedModel folder {@code folder}. */
	public static Contents read(final Path folder) {
		if (!isSavedModel(folder)) {
			throw new UserInputException("'" + folder + "' is not a TensorFlow SavedModel folder (no saved_model.pb)");
		}
		final MetaGraphDef meta = SavedModelGraph.readServing(folder);
		// loaded with the serving function, so that the variables it reads get their values (SavedModelGraph)
		final SavedModelNetwork.Serving serving = SavedModelNetwork.serving(meta);
		try (SavedModelGraph bundle = SavedModelGraph.load(folder, meta, serving == null ? "" : serving.output()
			.getName()))
		{
			final Map<String, List<GraphOperation>> variables = variables(bundle);
			final List<WeightTensor> out = values(bundle.session(), Ops.create(bundle.graph()), restored(bundle, variables));
			if (out.isEmpty() && !variables.isEmpty()) {
				throw new UserInputException("the variables of the SavedModel '" + folder + "' that carry Keras " +
					"names (" + String.join(", ", variables.keySet().stream().limit(4).toList()) + (variables.size() > 4
						? ", ..." : "") + ") hold no values: its values are in unnamed variables, as " +
					"tf.saved_model.save writes a Keras 3 model; export the model with Keras 3's model.export(path), or " +
					"its weights as HDF5 or TensorFlow.js");
			}
			if (out.isEmpty()) {
				throw new UserInputException("the SavedModel '" + folder + "' has no float variables named " +
					"layer/weight (as Keras names them): its weights cannot be matched by Keras name");
			}
			return new Contents(WeightSet.of(folder.toString(), out), serving == null ? null : serving.inputShape());
		}
	}

	/**
	 * Float variables named layer/weight, by name (a numbered copy's name without its number), in graph order; each
	 * name with every variable of that name (the copy restored from the checkpoint is one of them).
	 */
	private static Map<String, List<GraphOperation>> variables(final SavedModelGraph bundle) {
		final Map<String, List<GraphOperation>> out = new LinkedHashMap<>();
		final Iterator<GraphOperation> it = bundle.graph().operations();
		while (it.hasNext()) {
			final GraphOperation op = it.next();
			final boolean resource = op.type().equals("VarHandleOp");
			if (!resource && !op.type().equals("VariableV2")) continue;
			if (op.attributes().getAttrType("dtype") != DataType.DT_FLOAT) continue;
			String name = resource ? op.attributes().getAttrString("shared_name") : op.name();
			if (name == null || name.isEmpty()) name = op.name();
			if (name.endsWith(":0")) name = name.substring(0, name.length() - 2);
			final int slash = name.lastIndexOf('/');
			if (slash < 0) continue;
			// weight short names (kernel, bias, moving_mean) never end in a number: "_1" marks a copy
			final Matcher m = COPY.matcher(name.substring(slash + 1));
			if (m.matches()) name = name.substring(0, slash + 1) + m.group(1);
			out.computeIfAbsent(name, k -> new ArrayList<>()).add(op);
		}
		return out;
	}

	/**
	 * For each name the first of its variables that holds a value, asked for all at once: a read of an empty one would
	 * fail, and one session run per variable is slow (the graph grows with every op added).
	 */
	private static Map<String, GraphOperation> restored(final SavedModelGraph bundle,
		final Map<String, List<GraphOperation>> variables)
	{
		final Ops tf = Ops.create(bundle.graph());
		final List<GraphOperation> ops = new ArrayList<>();
		final Session.Runner runner = bundle.session().runner();
		for (final List<GraphOperation> list : variables.values()) {
			for (final GraphOperation op : list) {
				ops.add(op);
				runner.fetch(op.type().equals("VarHandleOp") ? tf.varIsInitializedOp(op.output(0)) : tf
					.isVariableInitialized(op.output(0)));
			}
		}
		final Map<String, GraphOperation> out = new LinkedHashMap<>();
		if (ops.isEmpty()) return out;
		final java.util.Set<GraphOperation> initialised = new java.util.HashSet<>();
		try (Result r = runner.run()) {
			for (int i = 0; i < ops.size(); i++) {
				if (((TBool) r.get(i)).getBoolean()) initialised.add(ops.get(i));
			}
		}
		for (final Map.Entry<String, List<GraphOperation>> e : variables.entrySet()) {
			for (final GraphOperation op : e.getValue()) {
				if (initialised.contains(op)) {
					out.put(e.getKey(), op);
					break;
				}
			}
		}
		return out;
	}

	/** The values of the variables, read in groups of 32 per session run. */
	private static List<WeightTensor> values(final Session session, final Ops tf,
		final Map<String, GraphOperation> variables)
	{
		final Map<String, Operand<?>> reads = new LinkedHashMap<>();
		for (final Map.Entry<String, GraphOperation> e : variables.entrySet()) {
			final GraphOperation op = e.getValue();
			reads.put(e.getKey(), op.type().equals("VarHandleOp") ? tf.readVariableOp(op.output(0), TFloat32.class) : op
				.output(0));
		}
		final List<WeightTensor> out = new ArrayList<>();
		FloatFetch.withShapes(session, reads).forEach((name, f) -> out.add(WeightTensor.of(name, f.shape(), f.values())));
		return out;
	}
}
