package org.convnetij.command.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.convnetij.nn.Architecture;
import org.convnetij.nn.Architectures;
import org.convnetij.nn.Model;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.Node;
import org.convnetij.nn.Top;
import org.convnetij.nn.Weight;
import org.convnetij.tf.TfModel;
import org.convnetij.transfer.MobileNetV2Reference;
import org.convnetij.testutil.TestFiles;
import org.convnetij.transfer.TfjsModel;
import org.convnetij.transfer.WeightSet;
import org.convnetij.transfer.WeightTensor;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;

/**
 * The HDF5 path of Import Model end to end with real weights: the MobileNetV2 of sample-images written as a Keras 2
 * notop weight file (the layout of Keras Applications' mobilenet_v2_..._no_top.h5) with jhdf, imported with
 * architecture=mobilenetv2, loaded back, and compared with the TF.js reference outputs.
 */
class ImportHdf5Test {

	@TempDir
	Path tmp;

	/** Keras 2's save_weights layout: root layer_names (every layer), per layer weight_names and layer/name:0. */
	static Path writeKerasNotop(final Path file, final boolean wholeModelFile) throws IOException {
		final TfjsModel tfjs = TfjsModel.read(TestFiles.mobileNetV2());
		final Model body = Architectures.build(Architecture.MOBILENETV2, InputShape.of(224, 224, 3), Top.none());
		final WritableHdfFile h = HdfFile.write(file);
		final WritableGroup root = wholeModelFile ? h.putGroup("model_weights") : h;
		final List<String> names = new ArrayList<>();
		for (final Node n : body.nodes()) names.add(n.name());
		root.putAttribute("layer_names", names.toArray(new String[0]));
		root.putAttribute("backend", "tensorflow");
		root.putAttribute("keras_version", "2.2.4");
		if (wholeModelFile) h.putAttribute("model_config", "{}");
		for (final Node n : body.nodes()) {
			final WritableGroup g = root.putGroup(n.name());
			if (n.weights().isEmpty()) {
				g.putAttribute("layer", n.name());
				continue;
			}
			final List<String> weightNames = new ArrayList<>();
			for (final Weight w : n.weights()) weightNames.add(n.name() + "/" + w.name() + ":0");
			g.putAttribute("weight_names", weightNames.toArray(new String[0]));
			final WritableGroup inner = g.putGroup(n.name());
			for (final Weight w : n.weights()) {
				final WeightTensor t = tfjs.weight(n.name() + "/" + w.name());
				inner.putDataset(w.name() + ":0", shaped(t.values(), t.shape()));
			}
		}
		h.close();
		return file;
	}

	/** A float array of Keras's rank, as h5py would store it. */
	private static Object shaped(final float[] v, final int[] shape) {
		if (shape.length == 1) return v;
		final float[][][][] out = new float[shape[0]][shape[1]][shape[2]][shape[3]];
		int i = 0;
		for (final float[][][] a : out) for (final float[][] b : a) for (final float[] c : b) for (int k = 0; k < c
			.length; k++) c[k] = v[i++];
		return out;
	}

	@Test
	void kerasNotopWeightFileImportsWithTheSameFeatures() throws Exception {
		final Path h5 = writeKerasNotop(tmp.resolve("mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5"),
			false);
		final Path out = tmp.resolve("from-h5");
		final Context context = new Context(CommandService.class);
		try {
			final Map<String, Object> in = new HashMap<>();
			in.put("source", h5.toFile());
			in.put("architecture", "mobilenetv2");
			in.put("output", out.toFile());
			final CommandModule m = context.service(CommandService.class).run(
				ImportModelCommand.class, false, in).get();
			assertFalse(m.isCanceled(), m.getCancelReason());
			final String report = (String) m.getOutput("report");
			assertTrue(report.contains("imported mobilenetv2 224 x 224 x 3 without classifier"), report);
			assertTrue(report.contains("260 weights matched, 0 missing, 0 with another shape, 0 in the file not used"),
				report);
		}
		finally {
			context.dispose();
		}
		final ModelSpec spec = ModelSpec.read(out);
		assertEquals("meanstd", spec.normalization().method().key(), "Keras Applications' tf mode: x / 127.5 - 1");
		final MobileNetV2Reference reference = new MobileNetV2Reference();
		try (Network model = Networks.load(out)) {
			final float[] maps = model.features("out_relu", Arrays.copyOf(reference.floats("inputs.f32"),
				224 * 224 * 3), 1);
			final float[] expected = reference.floats("out_relu_image0.f32");
			double d = 0;
			for (int i = 0; i < expected.length; i++) d = Math.max(d, Math.abs(expected[i] - maps[i]));
			System.out.printf("MobileNetV2 through a Keras HDF5 file vs TF.js: out_relu map of image 0 %.1e%n", d);
			assertTrue(d <= 1e-4, "out_relu " + d);
		}
	}

	@Test
	void wholeModelHdf5FilesKeepTheirWeightsUnderModelWeights() throws Exception {
		final Path h5 = writeKerasNotop(tmp.resolve("model.h5"), true);
		final WeightSet w = WeightSet.read(h5);
		assertEquals(260, w.weights().size());
		assertEquals(2257984, w.parameters());
	}
}
