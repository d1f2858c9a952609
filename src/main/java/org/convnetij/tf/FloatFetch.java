package org.convnetij.tf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Float tensors read out of a session by name into Java arrays: at most 32 operands per session run (each run's
 * results are native memory until closed), every tensor closed once copied.
 */
final class FloatFetch {

	/** A fetched tensor: its values, row-major, and its shape. */
	record Fetched(float[] values, int[] shape) {}

	private static final int PER_RUN = 32;

	private FloatFetch() {}

	/** The values and shapes of {@code operands}, in their order. */
	static Map<String, Fetched> withShapes(final Session session, final Map<String, ? extends Operand<?>> operands) {
		final Map<String, Fetched> out = new LinkedHashMap<>();
		final List<String> names = new ArrayList<>(operands.keySet());
		for (int start = 0; start < names.size(); start += PER_RUN) {
			final List<String> part = names.subList(start, Math.min(names.size(), start + PER_RUN));
			final Session.Runner runner = session.runner();
			for (final String name : part) runner.fetch(operands.get(name));
			try (Result r = runner.run()) {
				for (int i = 0; i < part.size(); i++) {
					final TFloat32 t = (TFloat32) r.get(i);
					final float[] v = new float[(int) t.size()];
					t.copyTo(DataBuffers.of(v, false, false));
					final long[] d = t.shape().asArray();
					final int[] shape = new int[d.length];
					for (int k = 0; k < d.length; k++) shape[k] = Math.toIntExact(d[k]);
					out.put(part.get(i), new Fetched(v, shape));
				}
			}
		}
		return out;
	}

	/** The values of {@code operands}, in their order. */
	static Map<String, float[]> values(final Session session, final Map<String, ? extends Operand<?>> operands) {
		final Map<String, float[]> out = new LinkedHashMap<>();
		withShapes(session, operands).forEach((name, f) -> out.put(name, f.values()));
		return out;
	}
}
