package org.convnetij.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tensorflow.DataType;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.TensorFlow;

/**
 * CoexistenceIT's JVM: TensorFlow 1.15 (a Fiji's libtensorflow) first on the class path, with protobuf 4.28.2.
 * TensorFlow 1.15's own API runs a small graph, then each launcher call given (separated by "+") runs in this JVM,
 * then TensorFlow 1.15 runs the graph again. Compiled by the test against libtensorflow-1.15.0.jar and the launcher.
 */
public final class CoexistenceMain {

	public static void main(final String[] args) throws Exception {
		System.out.println("tensorflow1 before: " + matMul());
		int code = 0;
		List<String> call = new ArrayList<>();
		for (final String a : args) {
			if (a.equals("+")) {
				code = Math.max(code, Main.run(call.toArray(new String[0]), System.out, System.err));
				call = new ArrayList<>();
			}
			else call.add(a);
		}
		if (!call.isEmpty()) code = Math.max(code, Main.run(call.toArray(new String[0]), System.out, System.err));
		System.out.println("tensorflow1 after: " + matMul());
		System.out.flush();
		System.exit(code);
	}

	/** [[1, 2], [3, 4]] times itself with TensorFlow 1.15's Graph, Session and Tensor. */
	static String matMul() {
		try (Graph g = new Graph();
			Tensor<?> value = Tensor.create(new float[][] { { 1, 2 }, { 3, 4 } }))
		{
			final Output<?> a = g.opBuilder("Const", "a").setAttr("dtype", DataType.FLOAT).setAttr("value", value)
				.build().output(0);
			g.opBuilder("MatMul", "product").addInput(a).addInput(a).build();
			try (Session s = new Session(g); Tensor<?> r = s.runner().fetch("product").run().get(0)) {
				final float[][] out = new float[2][2];
				r.copyTo(out);
				return "TensorFlow " + TensorFlow.version() + " " + Arrays.deepToString(out);
			}
		}
	}
}
