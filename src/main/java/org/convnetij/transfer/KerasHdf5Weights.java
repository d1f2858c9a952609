package org.convnetij.transfer;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.util.UserInputException;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;

/**
 * Reads a Keras 2 HDF5 weight file, as Keras Applications publishes them (full and notop) and as
 * {@code model.save_weights("w.h5")} and {@code model.save("m.h5")} write them: the root (or the group
 * {@code model_weights} of a whole-model file) has the attribute {@code layer_names}; each layer has a group of that
 * name with the attribute {@code weight_names} (such as {@code Conv1/kernel:0}) and one dataset per weight at the
 * path {@code layer/weight name}. Attributes that Keras split into {@code layer_names0}, {@code layer_names1}, ...
 * (large models) are joined. Pure Java (jhdf), no HDF5 library needed.
 */
final class KerasHdf5Weights {

	private KerasHdf5Weights() {}

	static WeightSet read(final Path path) throws IOException {
		try (HdfFile file = new HdfFile(path)) {
			final Group root = weightsGroup(file, path);
			final String prefix = root == file ? "" : root.getPath();
			final Map<String, WeightTensor> out = new LinkedHashMap<>();
			for (final String layer : strings(root, "layer_names", path)) {
				final Node node = file.getByPath(join(prefix, layer));
				if (!(node instanceof Group)) {
					throw new UserInputException("'" + path + "' lists the layer '" + layer + "' but has no group for it");
				}
				final boolean hasWeights = hasList((Group) node, "weight_names");
				for (final String weightName : hasWeights ? strings((Group) node, "weight_names", path) : List
					.<String> of())
				{
					final Node d = file.getByPath(join(join(prefix, layer), weightName));
					if (!(d instanceof Dataset)) {
						throw new UserInputException("'" + path + "': the weight '" + weightName + "' of layer '" + layer +
							"' is not a dataset");
					}
					final String name = WeightSet.kerasName(layer, shortName(weightName));
					final Dataset ds = (Dataset) d;
					final WeightTensor w = new WeightTensor(name, ds.getDimensions(), floats(ds, path, weightName),
						ds.getJavaType().getSimpleName());
					if (out.put(name, w) != null) {
						throw new UserInputException("'" + path + "' has two weights named '" + name + "'");
					}
				}
			}
			return new WeightSet(path.toString(), out);
		}
		catch (final HdfException e) {
			throw new UserInputException("'" + path + "' cannot be read as HDF5: " + e.getMessage(), e);
		}
	}

	/** The group holding {@code layer_names}: the root of a weight file, {@code model_weights} of a model file. */
	private static Group weightsGroup(final HdfFile file, final Path path) {
		if (hasList(file, "layer_names")) return file;
		final Node mw = file.getChildren().get("model_weights");
		if (mw instanceof Group && hasList((Group) mw, "layer_names")) return (Group) mw;
		if (file.getChildren().containsKey("layers") || file.getChildren().containsKey("_layer_checkpoint_dependencies")) {
			throw new UserInputException("'" + path + "' is a Keras 3 weight file (.weights.h5), whose weights are " +
				"stored by position, not by name: save them with tf.keras 2.x (model.save_weights('w.h5')) or " +
				"give the Keras Applications file");
		}
		throw new UserInputException("'" + path + "' is an HDF5 file without the attribute 'layer_names': it is " +
			"not a Keras weight file (Keras Applications .h5, model.save_weights or model.save in HDF5)");
	}

	private static boolean hasList(final Group g, final String name) {
		return g.getAttributes().containsKey(name) || g.getAttributes().containsKey(name + "0");
	}

	/** A string-list attribute, joined from Keras's chunks name0, name1, ... where it was split. */
	private static List<String> strings(final Group g, final String name, final Path path) {
		final Map<String, Attribute> attrs = g.getAttributes();
		final List<String> out = new ArrayList<>();
		if (attrs.containsKey(name)) {
			addStrings(attrs.get(name), out, path, name);
			return out;
		}
		for (int i = 0; attrs.containsKey(name + i); i++) addStrings(attrs.get(name + i), out, path, name);
		if (out.isEmpty() && !attrs.containsKey(name + "0")) {
			throw new UserInputException("'" + path + "': the group '" + g.getPath() + "' has no attribute '" + name +
				"'");
		}
		return out;
	}

	private static void addStrings(final Attribute a, final List<String> out, final Path path, final String name) {
		if (a.isEmpty()) return;
		final Object data = a.getData();
		if (data instanceof String) {
			out.add((String) data);
			return;
		}
		if (data == null || !data.getClass().isArray()) {
			throw new UserInputException("'" + path + "': the attribute '" + name + "' is not a list of names");
		}
		for (int i = 0; i < Array.getLength(data); i++) {
			final Object o = Array.get(data, i);
			if (o instanceof String) out.add((String) o);
			else if (o instanceof byte[]) out.add(new String((byte[]) o, java.nio.charset.StandardCharsets.UTF_8));
			else if (Array.getLength(data) > 0 && !(o instanceof Number)) {
				throw new UserInputException("'" + path + "': the attribute '" + name + "' is not a list of names");
			}
			// h5py writes an empty list as an empty float array: no names
		}
	}

	private static String join(final String prefix, final String name) {
		String p = prefix;
		while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
		return p.isEmpty() ? name : p + "/" + name;
	}

	/** "conv1/conv/kernel:0" -> "kernel". */
	static String shortName(final String weightName) {
		String s = weightName;
		final int colon = s.lastIndexOf(':');
		if (colon > s.lastIndexOf('/')) s = s.substring(0, colon);
		return s.substring(s.lastIndexOf('/') + 1);
	}

	private static float[] floats(final Dataset ds, final Path path, final String weightName) {
		final Object flat = ds.isScalar() ? new float[] { ((Number) ds.getData()).floatValue() } : ds.getDataFlat();
		if (flat instanceof float[]) return (float[]) flat;
		if (flat instanceof double[]) {
			final double[] d = (double[]) flat;
			final float[] f = new float[d.length];
			for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
			return f;
		}
		throw new UserInputException("'" + path + "': the weight '" + weightName + "' holds " +
			ds.getJavaType().getSimpleName() + " values, not floating-point numbers");
	}
}
