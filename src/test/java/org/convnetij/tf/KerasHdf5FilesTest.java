package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.nn.Architecture;
import org.convnetij.nn.ConvPattern;
import org.convnetij.nn.ModelSpec;
import org.convnetij.transfer.WeightMatch;
import org.convnetij.transfer.WeightSet;
import org.convnetij.transfer.WeightTensor;
import org.convnetij.data.InputShape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * HDF5 files written by Keras itself (keras 3.15 with h5py 3.16, src/test/keras/make-keras-h5.py): a Keras 2 style
 * weight file (fixed-length byte-string names, ":0" suffixes), Keras 3's legacy weight file (variable-length
 * names, empty weight_names as an empty float64 array) and a whole-model file (model_weights). Read, matched into
 * our custom architecture of the same names, run by TensorFlow: the same probabilities as Keras.
 */
class KerasHdf5FilesTest {

	private static final String FOLDER = "/org/convnetij/transfer/keras-h5/";

	@TempDir
	Path tmp;

	private Path resource(final String name) throws IOException {
		try (InputStream in = KerasHdf5FilesTest.class.getResourceAsStream(FOLDER + name)) {
			final Path p = tmp.resolve(name);
			Files.copy(in, p);
			return p;
		}
	}

	private float[] floats(final String name) throws IOException {
		final byte[] b = Files.readAllBytes(resource(name));
		final float[] f = new float[b.length / 4];
		ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
		return f;
	}

	@ParameterizedTest
	@ValueSource(strings = { "custom_weights_keras2.h5", "custom_weights.h5", "custom_model.h5" })
	void kerasWrittenFilesGiveKerasProbabilities(final String file) throws IOException {
		final WeightSet weights = WeightSet.read(resource(file));
		assertEquals(List.of("block1_conv1/kernel", "block1_conv1/bias", "block2_conv1/kernel", "block2_conv1/bias",
			"fc1/kernel", "fc1/bias", "predictions/kernel", "predictions/bias"), List.copyOf(weights.weights().keySet()));
		assertEquals(26467, weights.parameters());
		final ModelSpec spec = ModelSpec.of(Architecture.CUSTOM, InputShape.of(28, 28, 1)).pattern(ConvPattern.defaults()
			.filters(8, 16).units(32)).classes(List.of("a", "b", "c"));
		final WeightMatch match = WeightMatch.of(spec.buildModel(), weights).requireAll(List.of());
		final Map<String, float[]> values = new LinkedHashMap<>();
		for (final Map.Entry<String, WeightTensor> e : match.matched().entrySet()) values.put(e.getKey(), e.getValue()
			.values());
		final float[] expected = floats("predictions.f32");
		try (TfModel m = TfModel.create(spec, 0)) {
			m.setAllWeights(values);
			final float[][] p = m.predict(floats("inputs.f32"), 3);
			double d = 0;
			for (int i = 0; i < 3; i++) for (int c = 0; c < 3; c++) d = Math.max(d, Math.abs(p[i][c] - expected[i * 3 + c]));
			System.out.printf("%s: probabilities vs Keras max |difference| %.1e%n", file, d);
			assertTrue(d <= 1e-5, file + ": " + d);
		}
	}
}
