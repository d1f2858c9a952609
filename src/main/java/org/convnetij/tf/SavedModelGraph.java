package org.convnetij.tf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.convnetij.util.UserInputException;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.internal.c_api.TF_Buffer;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.OpList;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TString;

import com.google.protobuf.InvalidProtocolBufferException;

/**
 * A SavedModel (tag "serve") loaded so that every tensor of its network can be fetched by name.
 * <p>
 * TensorFlow 2 and Keras 3 keep the layers inside functions: the top-level graph holds only the serving input, a
 * call op (StatefulPartitionedCall) and its output. Here the body of the function that computes one chosen tensor
 * (the serving output) is copied into the top-level graph, calls within it expanded likewise, with the ops'
 * own names ("lenet5_1/conv1_1/Tanh") where they are free: the copy reads the same variables, so it computes what
 * the call computes, and each of its ops can be fetched. The original ops stay as they are. The variables are
 * restored from the SavedModel's checkpoint with its own restore op, as TensorFlow's loader does.
 */
final class SavedModelGraph implements AutoCloseable {

	/** The variables' checkpoint prefix inside a SavedModel folder. */
	private static final String VARIABLES = "variables/variables";

	private static volatile Map<String, OpDef> registry;

	private final Graph graph;
	private final Session session;
	private final List<String> inlined;
	private final MetaGraphDef meta;
	/** Per tracked copy of a layer variable: {is-initialised op, write-back op, copy-from-layer op}. */
	private final List<String[]> copies;
	/** The variables (VarHandleOps) that the SavedModel's object graph marks as not trainable. */
	private final Set<String> untrainable;

	private SavedModelGraph(final Graph graph, final Session session, final List<String> inlined,
		final MetaGraphDef meta, final List<String[]> copies, final Set<String> untrainable)
	{
		this.graph = graph;
		this.session = session;
		this.inlined = inlined;
		this.meta = meta;
		this.copies = copies;
		this.untrainable = untrainable;
	}

	/**
	 * False for a variable (its VarHandleOp's name) that Keras or TensorFlow saved as not trainable (batch norm
	 * statistics, a Normalization layer's mean, a layer frozen before export); true where the SavedModel does not say.
	 */
	boolean trainable(final String variable) {
		return !untrainable.contains(variable);
	}

	/**
	 * The variables the serving call captures that the object graph marks not trainable: the call's last inputs are
	 * its captured variables, in the order of the function's bound inputs (object graph node ids).
	 */
	private static Set<String> untrainable(final MetaGraphDef meta, final NodeDef call) {
		if (!meta.hasObjectGraphDef() || !call.containsAttr("f")) return Set.of();
		final var graph = meta.getObjectGraphDef();
		final var function = graph.getConcreteFunctionsMap().get(call.getAttrOrThrow("f").getFunc().getName());
		if (function == null) return Set.of();
		final List<String> inputs = call.getInputList().stream().filter(in -> !in.startsWith("^")).toList();
		final List<Integer> bound = function.getBoundInputsList();
		if (bound.size() > inputs.size()) return Set.of();
		final Set<String> out = new HashSet<>();
		final int first = inputs.size() - bound.size();
		for (int i = 0; i < bound.size(); i++) {
			final int node = bound.get(i);
			if (node < graph.getNodesCount() && graph.getNodes(node).hasVariable() && !graph.getNodes(node).getVariable()
				.getTrainable()) out.add(opName(inputs.get(first + i)));
		}
		return out;
	}

	/** The meta graph tagged "serve" of the SavedModel in {@code folder}, or a message that says what is wrong. */
	static MetaGraphDef readServing(final Path folder) {
		final Path file = folder.resolve("saved_model.pb");
		final SavedModel model;
		try {
			model = SavedModel.parseFrom(Files.readAllBytes(file));
		}
		catch (final InvalidProtocolBufferException e) {
			throw new UserInputException("'" + file + "' is not a TensorFlow SavedModel file: " + e.getMessage(), e);
		}
		catch (final IOException e) {
			throw new UserInputException("cannot read the SavedModel '" + file + "': " + e.getMessage(), e);
		}
		for (final MetaGraphDef m : model.getMetaGraphsList()) {
			if (m.getMetaInfoDef().getTagsList().contains("serve")) return m;
		}
		throw new UserInputException("the SavedModel '" + folder + "' has no graph tagged 'serve' (its tags: " + model
			.getMetaGraphsList().stream().map(m -> m.getMetaInfoDef().getTagsList()).toList() + ")");
	}

	/**
	 * Loads {@code meta} of the SavedModel in {@code folder} with the function that computes {@code tensor} (a
	 * signature output such as "StatefulPartitionedCall_1:0") inlined into the top-level graph, and restores the
	 * variables.
	 */
	static SavedModelGraph load(final Path folder, final MetaGraphDef meta, final String tensor) {
		final GraphDef original = meta.getGraphDef();
		final Inliner inliner = new Inliner(original);
		final String op = opName(tensor);
		final NodeDef call = original.getNodeList().stream().filter(n -> n.getName().equals(op)).findFirst().orElse(
			null);
		final Set<String> captured = new HashSet<>();
		Set<String> untrainable = Set.of();
		if (call != null && inliner.isCall(call)) {
			inliner.expand(call);
			for (final String in : call.getInputList()) captured.add(opName(in));
			untrainable = untrainable(meta, call);
		}
		final List<String[]> copies = writeBacks(original, inliner, captured);
		final GraphDef full = original.toBuilder().addAllNode(inliner.added).build();
		NativeLogs.apply();
		final Graph g = new Graph();
		try {
			g.importGraphDef(full);
			final Session s = new Session(g);
			try {
				restore(folder, meta, s, g);
				writeBack(copies, s);
				return new SavedModelGraph(g, s, inliner.order, meta, copies, untrainable);
			}
			catch (final RuntimeException e) {
				s.close();
				throw e;
			}
		}
		catch (final UserInputException e) {
			g.close();
			throw e;
		}
		catch (final IllegalArgumentException | TensorFlowException e) {
			g.close();
			throw new UserInputException("cannot load the SavedModel '" + folder + "': " + e.getMessage(), e);
		}
		catch (final RuntimeException e) {
			g.close();
			throw e;
		}
	}

	/** Runs the SavedModel's own restore op on its checkpoint, then its init op, as TensorFlow's loader does. */
	private static void restore(final Path folder, final MetaGraphDef meta, final Session s, final Graph g) {
		final var saver = meta.getSaverDef();
		final boolean hasVariables = !saver.getRestoreOpName().isEmpty() && graph(g, saver.getRestoreOpName());
		if (hasVariables && !Files.isRegularFile(folder.resolve(VARIABLES + ".index"))) {
			throw new UserInputException("the SavedModel '" + folder + "' has no variables (" + VARIABLES + ".index is " +
				"missing): copy its whole folder, variables/ included");
		}
		if (hasVariables) {
			try (TString prefix = TString.scalarOf(folder.resolve(VARIABLES).toString()); Result r = s.runner().feed(
				saver.getFilenameTensorName(), prefix).addTarget(saver.getRestoreOpName()).run())
			{
				// restored
			}
		}
		final SignatureDef init = meta.getSignatureDefMap().get("__saved_model_init_op");
		if (init != null) {
			for (final var out : init.getOutputsMap().values()) {
				final String name = opName(out.getName());
				if (g.operation(name) == null) continue;
				try (Result r = s.runner().addTarget(name).run()) {
					// initialised
				}
			}
		}
	}

	/**
	 * tf.saved_model.save of a Keras 3 model checkpoints copies of the layer variables ("Variable_9", initialised
	 * from "conv1/kernel" by "Variable_9/Assign"), while the functions read the layer variables, which the restore
	 * op leaves empty. For each such pair whose layer variable the serving call reads ({@code captured}), ops that
	 * tell whether the layer variable holds a value, write the restored copy into it, and copy it back into the copy
	 * before a save: {is-initialised op, write-back op, copy-from-layer op} per pair.
	 */
	private static List<String[]> writeBacks(final GraphDef graph, final Inliner names, final Set<String> captured) {
		final Map<String, NodeDef> nodes = new HashMap<>();
		for (final NodeDef n : graph.getNodeList()) nodes.put(n.getName(), n);
		final List<String[]> out = new ArrayList<>();
		for (final NodeDef assign : graph.getNodeList()) {
			if (!assign.getOp().equals("AssignVariableOp") || assign.getInputCount() < 2) continue;
			final NodeDef copy = nodes.get(assign.getInput(0));
			final NodeDef read = nodes.get(opName(assign.getInput(1)));
			if (copy == null || read == null || !copy.getOp().equals("VarHandleOp") || !read.getOp().equals(
				"ReadVariableOp")) continue;
			final NodeDef layer = nodes.get(read.getInput(0));
			if (layer == null || !layer.getOp().equals("VarHandleOp") || !copy.containsAttr("dtype")) continue;
			// only variables the serving function reads: other initialisers that read a variable are left alone
			if (!captured.contains(layer.getName())) continue;
			final AttrValue dtype = copy.getAttrOrThrow("dtype");
			final String isSet = names.unique(copy.getName() + "/write_back/layer_is_set");
			final String value = names.unique(copy.getName() + "/write_back/read");
			final String write = names.unique(copy.getName() + "/write_back/assign");
			final String layerValue = names.unique(copy.getName() + "/write_back/read_layer");
			final String sync = names.unique(copy.getName() + "/write_back/copy_layer");
			names.added.add(NodeDef.newBuilder().setName(isSet).setOp("VarIsInitializedOp").addInput(layer.getName())
				.build());
			names.added.add(NodeDef.newBuilder().setName(value).setOp("ReadVariableOp").addInput(copy.getName()).putAttr(
				"dtype", dtype).build());
			names.added.add(NodeDef.newBuilder().setName(write).setOp("AssignVariableOp").addInput(layer.getName())
				.addInput(value).putAttr("dtype", dtype).build());
			names.added.add(NodeDef.newBuilder().setName(layerValue).setOp("ReadVariableOp").addInput(layer.getName())
				.putAttr("dtype", dtype).build());
			names.added.add(NodeDef.newBuilder().setName(sync).setOp("AssignVariableOp").addInput(copy.getName())
				.addInput(layerValue).putAttr("dtype", dtype).build());
			out.add(new String[] { isSet, write, sync });
		}
		return out;
	}

	/**
	 * Writes each restored copy into its layer variable where that holds no value (see {@link #writeBacks}): one
	 * session run asks for all, one writes them (each new set of fetches builds an executor for the whole graph).
	 */
	private static void writeBack(final List<String[]> copies, final Session s) {
		if (copies.isEmpty()) return;
		final Session.Runner ask = s.runner();
		for (final String[] c : copies) ask.fetch(c[0]);
		final Session.Runner write = s.runner();
		int writes = 0;
		try (Result r = ask.run()) {
			for (int i = 0; i < copies.size(); i++) {
				if (((org.tensorflow.types.TBool) r.get(i)).getBoolean()) continue;
				write.addTarget(copies.get(i)[1]);
				writes++;
			}
		}
		if (writes == 0) return;
		try (Result r = write.run()) {
			// written back
		}
	}

	/**
	 * Writes the variables as they are now with the SavedModel's own save op into the checkpoint {@code prefix}
	 * (e.g. savedmodel/variables/variables of a copy); tracked copies of layer variables get the layer values first,
	 * so that every loader finds the same values.
	 */
	void save(final Path prefix) {
		final var saver = meta.getSaverDef();
		if (saver.getSaveTensorName().isEmpty()) throw new UserInputException("the SavedModel has no save op");
		if (!copies.isEmpty()) {
			final Session.Runner sync = session.runner();
			for (final String[] c : copies) sync.addTarget(c[2]);
			try (Result r = sync.run()) {
				// copied
			}
		}
		try (TString file = TString.scalarOf(prefix.toString()); Result r = session.runner().feed(saver
			.getFilenameTensorName(), file).fetch(saver.getSaveTensorName()).run())
		{
			// saved
		}
	}

	private static boolean graph(final Graph g, final String op) {
		return g.operation(opName(op)) != null;
	}

	/** The operation of a tensor name ("op:0" -> "op"). */
	static String opName(final String tensor) {
		final int colon = tensor.lastIndexOf(':');
		return colon > 0 && tensor.substring(colon + 1).matches("\\d+") ? tensor.substring(0, colon) : tensor;
	}

	Graph graph() {
		return graph;
	}

	Session session() {
		return session;
	}

	/** The ops copied out of the functions into the top-level graph, in the functions' order. */
	List<String> inlined() {
		return inlined;
	}

	@Override
	public void close() {
		session.close();
		graph.close();
	}

	/** TensorFlow's registered ops by name: how many tensors each output argument of an op stands for. */
	private static Map<String, OpDef> registry() {
		Map<String, OpDef> r = registry;
		if (r == null) {
			TensorFlow.version(); // loads the native library
			final TF_Buffer buffer = org.tensorflow.internal.c_api.global.tensorflow.TF_GetAllOpList();
			try {
				final OpList list = OpList.parseFrom(buffer.copyData());
				r = new HashMap<>();
				for (final OpDef d : list.getOpList()) r.put(d.getName(), d);
				registry = r;
			}
			catch (final InvalidProtocolBufferException e) {
				throw new IllegalStateException("TensorFlow's op list cannot be read", e);
			}
			finally {
				buffer.delete();
			}
		}
		return r;
	}

	/** Copies function bodies into the top-level graph; see the class comment. */
	private static final class Inliner {

		private final Map<String, FunctionDef> functions = new HashMap<>();
		private final Set<String> taken = new HashSet<>();
		final List<NodeDef> added = new ArrayList<>();
		final List<String> order = new ArrayList<>();

		Inliner(final GraphDef graph) {
			for (final FunctionDef f : graph.getLibrary().getFunctionList()) functions.put(f.getSignature().getName(), f);
			for (final NodeDef n : graph.getNodeList()) taken.add(n.getName());
		}

		/** A call of a function of the library: PartitionedCall and StatefulPartitionedCall, or the function as op. */
		boolean isCall(final NodeDef n) {
			return callee(n) != null;
		}

		private FunctionDef callee(final NodeDef n) {
			if (functions.containsKey(n.getOp())) return functions.get(n.getOp());
			if ((n.getOp().equals("StatefulPartitionedCall") || n.getOp().equals("PartitionedCall")) && n.containsAttr(
				"f")) return functions.get(n.getAttrOrThrow("f").getFunc().getName());
			return null;
		}

		/** Inlines the top-level call {@code call}; its inputs are top-level tensors already. */
		void expand(final NodeDef call) {
			final List<String> args = new ArrayList<>();
			for (final String in : call.getInputList()) if (!in.startsWith("^")) args.add(in);
			inline(callee(call), args, 0);
		}

		/**
		 * Copies the body of {@code f} with its arguments bound to {@code args} (top-level tensor names); returns the
		 * top-level tensors of its outputs, by output argument name.
		 */
		private Map<String, String> inline(final FunctionDef f, final List<String> args, final int depth) {
			if (depth > 32) throw new UserInputException("the SavedModel's functions call each other too deeply");
			final OpDef sig = f.getSignature();
			if (args.size() != sig.getInputArgCount()) {
				throw new UserInputException("the SavedModel's function " + sig.getName() + " takes " + sig
					.getInputArgCount() + " arguments, its call gives " + args.size());
			}
			final Map<String, String> bound = new HashMap<>();
			for (int i = 0; i < args.size(); i++) bound.put(sig.getInputArg(i).getName(), args.get(i));
			final Map<String, NodeDef> body = new LinkedHashMap<>();
			for (final NodeDef n : f.getNodeDefList()) body.put(n.getName(), n);
			final Map<String, String> renamed = new HashMap<>();
			final Map<String, Map<String, String>> callOutputs = new HashMap<>();
			final Map<String, List<String>> identities = new HashMap<>();
			for (final NodeDef n : topological(body)) {
				final List<String> inputs = new ArrayList<>();
				for (final String in : n.getInputList()) {
					if (in.startsWith("^")) continue; // order only; stateful updates do not occur in serving functions
					inputs.add(resolve(in, bound, body, renamed, callOutputs, identities));
				}
				final FunctionDef g = callee(n);
				if (g != null) {
					callOutputs.put(n.getName(), inline(g, inputs, depth + 1));
					continue;
				}
				if (n.getOp().equals("NoOp")) continue;
				if (n.getOp().equals("IdentityN")) {
					// one Identity per tensor: the same values, and TensorFlow's C++ gradients know Identity (custom
					// gradients, e.g. of swish, wrap their outputs in IdentityN, which has none)
					final List<String> names = new ArrayList<>();
					final List<org.tensorflow.proto.DataType> types = n.getAttrOrThrow("T").getList().getTypeList();
					for (int k = 0; k < inputs.size(); k++) {
						final String name = unique(n.getName() + (k == 0 ? "" : "_" + k));
						added.add(NodeDef.newBuilder().setName(name).setOp("Identity").addInput(inputs.get(k)).putAttr("T",
							AttrValue.newBuilder().setType(types.get(k)).build()).build());
						order.add(name);
						names.add(name);
					}
					identities.put(n.getName(), names);
					continue;
				}
				final String name = unique(n.getName());
				renamed.put(n.getName(), name);
				final NodeDef.Builder b = NodeDef.newBuilder().setName(name).setOp(n.getOp()).addAllInput(inputs);
				for (final Map.Entry<String, AttrValue> a : n.getAttrMap().entrySet()) {
					// colocation with ops of the function body would name ops that are not in the graph
					if (!a.getKey().equals("_class")) b.putAttr(a.getKey(), a.getValue());
				}
				added.add(b.build());
				order.add(name);
			}
			final Map<String, String> outputs = new LinkedHashMap<>();
			for (final OpDef.ArgDef out : sig.getOutputArgList()) {
				final String ret = f.getRetMap().get(out.getName());
				if (ret == null) {
					throw new UserInputException("the SavedModel's function " + sig.getName() + " returns no " + out
						.getName());
				}
				outputs.put(out.getName(), resolve(ret, bound, body, renamed, callOutputs, identities));
			}
			return outputs;
		}

		/**
		 * The top-level tensor of a function-body reference: an argument ("input_1"), or "node:output_arg:index" of
		 * an op (index counted over the op's output arguments, as registered) or of a call (its outputs).
		 */
		private String resolve(final String ref, final Map<String, String> bound, final Map<String, NodeDef> body,
			final Map<String, String> renamed, final Map<String, Map<String, String>> callOutputs,
			final Map<String, List<String>> identities)
		{
			final String[] p = ref.split(":");
			if (p.length == 1) {
				final String arg = bound.get(ref);
				if (arg != null) return arg;
				if (renamed.containsKey(ref)) return renamed.get(ref);
				throw new UserInputException("the SavedModel's function refers to an unknown tensor '" + ref + "'");
			}
			final String node = p[0];
			final String arg = p[1];
			final int index = p.length > 2 ? Integer.parseInt(p[2]) : 0;
			final List<String> identity = identities.get(node);
			if (identity != null) {
				if (index >= identity.size()) throw new UserInputException("the SavedModel's function refers to " + ref +
					", which does not exist");
				return identity.get(index);
			}
			final Map<String, String> call = callOutputs.get(node);
			if (call != null) {
				// a call op's single list argument "output" (flat index), or the callee's own output names (a function
				// used as op type)
				final boolean callOp = body.get(node) != null && (body.get(node).getOp().equals("StatefulPartitionedCall") ||
					body.get(node).getOp().equals("PartitionedCall"));
				final List<String> flat = new ArrayList<>(call.values());
				final String t = callOp ? index < flat.size() ? flat.get(index) : null : call.get(arg);
				if (t == null) throw new UserInputException("the SavedModel's function call " + node + " has no output " + arg);
				return t;
			}
			final NodeDef n = body.get(node);
			if (n == null || !renamed.containsKey(node)) {
				throw new UserInputException("the SavedModel's function refers to an unknown tensor '" + ref + "'");
			}
			final int flat = outputOffset(n, arg) + index;
			return flat == 0 ? renamed.get(node) : renamed.get(node) + ":" + flat;
		}

		/** Where output argument {@code arg} of {@code n} starts among its output tensors. */
		private static int outputOffset(final NodeDef n, final String arg) {
			final OpDef def = registry().get(n.getOp());
			if (def == null) {
				throw new UserInputException("the SavedModel uses the op " + n.getOp() + ", which this TensorFlow does " +
					"not have");
			}
			int offset = 0;
			for (final OpDef.ArgDef a : def.getOutputArgList()) {
				if (a.getName().equals(arg)) return offset;
				if (!a.getNumberAttr().isEmpty()) offset += (int) n.getAttrOrThrow(a.getNumberAttr()).getI();
				else if (!a.getTypeListAttr().isEmpty()) offset += n.getAttrOrThrow(a.getTypeListAttr()).getList()
					.getTypeCount();
				else offset++;
			}
			throw new UserInputException("the op " + n.getName() + " (" + n.getOp() + ") has no output " + arg);
		}

		/** The body's ops with each after the ops it reads (bodies are mostly in order already). */
		private static List<NodeDef> topological(final Map<String, NodeDef> body) {
			final List<NodeDef> out = new ArrayList<>();
			final Set<String> done = new HashSet<>();
			final Set<String> visiting = new HashSet<>();
			for (final NodeDef start : body.values()) {
				if (done.contains(start.getName())) continue;
				final Deque<NodeDef> stack = new ArrayDeque<>();
				stack.push(start);
				while (!stack.isEmpty()) {
					final NodeDef n = stack.peek();
					if (done.contains(n.getName())) {
						stack.pop();
						continue;
					}
					visiting.add(n.getName());
					boolean ready = true;
					for (final String in : n.getInputList()) {
						final String src = in.startsWith("^") ? in.substring(1) : in.split(":")[0];
						final NodeDef dep = body.get(src);
						if (dep == null || done.contains(src) || dep == n) continue;
						if (visiting.contains(src)) {
							throw new UserInputException("the SavedModel's function " + n.getName() + " has a cycle");
						}
						stack.push(dep);
						ready = false;
						break;
					}
					if (ready) {
						stack.pop();
						visiting.remove(n.getName());
						done.add(n.getName());
						out.add(n);
					}
				}
			}
			return out;
		}

		private String unique(final String name) {
			String n = name;
			for (int k = 1; taken.contains(n); k++) n = name + "_inlined" + (k == 1 ? "" : "_" + k);
			taken.add(n);
			return n;
		}
	}
}
