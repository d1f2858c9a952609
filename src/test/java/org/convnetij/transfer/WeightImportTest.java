package org.convnetij.transfer;

import org.convnetij.testutil.TestFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.convnetij.nn.Architecture;
import org.convnetij.nn.Architectures;
import org.convnetij.nn.BatchNormalization;
import org.convnetij.nn.Conv2D;
import org.convnetij.nn.Dense;
import org.convnetij.nn.GlobalAveragePooling2D;
import org.convnetij.nn.Model;
import org.convnetij.nn.ModelBuilder;
import org.convnetij.nn.Top;
import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;

/** Weight import: the real TF.js MobileNetV2 into our mobilenetv2, and Keras HDF5 files written here with jhdf. */
class WeightImportTest {

	private static WeightSet mobileNet;

	@TempDir
	Path tmp;

	@BeforeAll
	static void read() throws IOException {
		mobileNet = WeightSet.read(TestFiles.mobileNetV2());
	}

	@Test
	void tfjsMobileNetFitsOurMobileNetV2WithoutTop() throws IOException {
		final Model body = Architectures.build(Architecture.MOBILENETV2, InputShape.of(224, 224, 3), Top.none());
		final WeightMatch m = WeightMatch.of(body, mobileNet).requireAll(List.of());
		assertTrue(m.isComplete());
		assertEquals(260, m.matched().size(), m.summary()); // 52 conv kernels + 52 BN x 4 weights
		// the 5-class head after out_relu is not part of our body: reported as unused, nothing else
		assertEquals(List.of("dense_1/kernel", "dense_1/bias", "dense_2/kernel", "dense_2/bias", "dense_3/kernel",
			"dense_3/bias"), m.unused());
		// the very arrays the TF.js reader dequantised, under the same names
		final TfjsModel tfjs = TfjsModel.read(TestFiles.mobileNetV2());
		assertArrayEquals(tfjs.weight("block_16_project_BN/moving_variance").values(), m.matched().get(
			"block_16_project_BN/moving_variance").values());
		assertArrayEquals(tfjs.weight("Conv1/kernel").values(), m.matched().get("Conv1/kernel").values());
		assertArrayEquals(new int[] { 3, 3, 960, 1 }, m.matched().get("block_16_depthwise/depthwise_kernel").shape());
		assertEquals(body.totalParameters(), m.matched().values().stream().mapToLong(WeightTensor::size).sum());
	}

	@Test
	void newClassifierIsAllowedOnlyWhereNamed() {
		final Model withTop = Architectures.build(Architecture.MOBILENETV2, InputShape.of(224, 224, 3), Top
			.classifier(2));
		final WeightMatch m = WeightMatch.of(withTop, mobileNet);
		assertEquals(Set.of("predictions"), m.missingLayers());
		assertSame(m, m.requireAll(List.of("predictions")));
		final UserInputException e = assertThrows(UserInputException.class, () -> m.requireAll(List.of()));
		assertTrue(e.getMessage().contains("2 missing: predictions/kernel 1280x2, predictions/bias 2"), e
			.getMessage());
	}

	@Test
	void anotherArchitectureListsMissingAndMismatchedLayersWithShapes() {
		final Model vgg = Architectures.build(Architecture.VGG16, InputShape.of(64, 64, 3), Top.none());
		final UserInputException e = assertThrows(UserInputException.class, () -> WeightMatch.of(vgg, mobileNet)
			.requireAll(List.of()));
		assertTrue(e.getMessage().contains("no weight name matches, it is probably another architecture"), e
			.getMessage());
		assertTrue(e.getMessage().contains("26 missing: block1_conv1/kernel 3x3x3x64, block1_conv1/bias 64"), e
			.getMessage());
		assertTrue(e.getMessage().contains("and 18 more"), e.getMessage());
		assertTrue(e.getMessage().contains("e.g. Conv1, Conv_1, Conv_1_bn"), e.getMessage());

		// the same architecture for gray input: only the first kernel differs
		final Model gray = Architectures.build(Architecture.MOBILENETV2, InputShape.of(96, 96, 1), Top.none());
		final WeightMatch g = WeightMatch.of(gray, mobileNet);
		assertEquals(Set.of("Conv1"), g.mismatchedLayers());
		assertTrue(g.missing().isEmpty());
		final UserInputException ge = assertThrows(UserInputException.class, () -> g.requireAll(List.of()));
		assertTrue(ge.getMessage().contains("1 with another shape: Conv1/kernel 3x3x1x32 in the model, 3x3x3x32 in " +
			"the file"), ge.getMessage());
	}

	/** A DenseNet-like start with Keras 2's slashed names, as Keras Applications' densenet files have them. */
	private static Model tinyDenseNetStart(final String classifier) {
		final ModelBuilder b = Model.builder("tiny", InputShape.of(8, 8, 1));
		b.add(Conv2D.named("conv1_conv").filters(2).kernel(3).withoutBias(), b.last());
		b.add(BatchNormalization.named("conv1_bn"), b.last());
		b.add(GlobalAveragePooling2D.named("avg_pool"), b.last());
		b.add(Dense.named(classifier).units(3), b.last());
		return b.build();
	}

	/** Writes what Keras 2's save_weights writes: layer_names, per-layer weight_names, datasets at layer/weight. */
	private Path writeKerasFile(final String name) {
		return writeKerasFile(name, false);
	}

	/** With {@code chunked}, layer_names is split into layer_names0 and layer_names1, as Keras does for large models. */
	private Path writeKerasFile(final String name, final boolean chunked) {
		final Path file = tmp.resolve(name);
		final WritableHdfFile h = HdfFile.write(file);
		final List<String> layers = List.of("input_1", "conv1/conv", "conv1/bn", "avg_pool", "fc");
		if (chunked) {
			h.putAttribute("layer_names0", layers.subList(0, 2).toArray(new String[0]));
			h.putAttribute("layer_names1", layers.subList(2, 5).toArray(new String[0]));
		}
		else {
			h.putAttribute("layer_names", layers.toArray(new String[0]));
		}
		h.putAttribute("backend", "tensorflow");
		h.putAttribute("keras_version", "2.2.4");
		// h5py writes the empty weight_names of a layer without weights as an empty float64 array, which jhdf cannot
		// write: those groups go without the attribute (read as no weights)
		h.putGroup("input_1").putAttribute("name", "input_1");
		final WritableGroup conv1 = h.putGroup("conv1");
		final WritableGroup conv = conv1.putGroup("conv");
		conv.putAttribute("weight_names", new String[] { "conv1/conv/kernel:0" });
		final float[][][][] kernel = new float[3][3][1][2];
		for (int y = 0; y < 3; y++) for (int x = 0; x < 3; x++) {
			kernel[y][x][0][0] = y * 3 + x;
			kernel[y][x][0][1] = -(y * 3 + x) / 10f;
		}
		conv.putGroup("conv1").putGroup("conv").putDataset("kernel:0", kernel);
		final WritableGroup bn = conv1.putGroup("bn");
		bn.putAttribute("weight_names", new String[] { "conv1/bn/gamma:0", "conv1/bn/beta:0",
			"conv1/bn/moving_mean:0", "conv1/bn/moving_variance:0" });
		final WritableGroup bnw = bn.putGroup("conv1").putGroup("bn");
		bnw.putDataset("gamma:0", new float[] { 1, 2 });
		bnw.putDataset("beta:0", new float[] { 0.5f, -0.5f });
		bnw.putDataset("moving_mean:0", new float[] { 0.25f, 0.75f });
		bnw.putDataset("moving_variance:0", new double[] { 4, 9 }); // float64 is read as float32
		h.putGroup("avg_pool").putAttribute("name", "avg_pool");
		final WritableGroup fc = h.putGroup("fc");
		fc.putAttribute("weight_names", new String[] { "fc/kernel:0", "fc/bias:0" });
		final WritableGroup fcw = fc.putGroup("fc");
		fcw.putDataset("kernel:0", new float[][] { { 1, 2, 3 }, { 4, 5, 6 } });
		fcw.putDataset("bias:0", new float[] { 7, 8, 9 });
		h.close();
		return file;
	}

	@Test
	void kerasHdf5FileWithSlashedDenseNetNames() throws IOException {
		final WeightSet w = WeightSet.read(writeKerasFile("tiny_weights.h5"));
		assertEquals(List.of("conv1_conv/kernel", "conv1_bn/gamma", "conv1_bn/beta", "conv1_bn/moving_mean",
			"conv1_bn/moving_variance", "fc/kernel", "fc/bias"), List.copyOf(w.weights().keySet()));
		assertArrayEquals(new int[] { 3, 3, 1, 2 }, w.weight("conv1_conv/kernel").shape());
		// row-major, Keras layout: [y][x][in][out]
		assertArrayEquals(new float[] { 0, 0, 1, -0.1f, 2, -0.2f }, java.util.Arrays.copyOf(w.weight(
			"conv1_conv/kernel").values(), 6));
		assertArrayEquals(new float[] { 4, 9 }, w.weight("conv1_bn/moving_variance").values());
		assertArrayEquals(new int[] { 2, 3 }, w.weight("fc/kernel").shape());
		assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6 }, w.weight("fc/kernel").values());

		final WeightMatch m = WeightMatch.of(tinyDenseNetStart("fc"), w).requireAll(List.of());
		assertEquals(7, m.matched().size());
		assertTrue(m.unused().isEmpty());

		final WeightSet chunked = WeightSet.read(writeKerasFile("chunked.h5", true));
		assertEquals(List.copyOf(w.weights().keySet()), List.copyOf(chunked.weights().keySet()));
	}

	@Test
	void aNewClassifierIsTheOnlyMissingLayer() throws IOException {
		final WeightSet w = WeightSet.read(writeKerasFile("tiny_weights.h5"));
		final WeightMatch m = WeightMatch.of(tinyDenseNetStart("predictions"), w);
		assertEquals(Set.of("predictions"), m.missingLayers());
		assertEquals(List.of("fc/kernel", "fc/bias"), m.unused());
		m.requireAll(List.of("predictions"));
		final UserInputException e = assertThrows(UserInputException.class, () -> m.requireAll(List.of()));
		assertTrue(e.getMessage().contains("2 missing: predictions/kernel 2x3, predictions/bias 3"), e.getMessage());
	}

	@Test
	void filesThatAreNotKerasWeights() throws IOException {
		final Path text = Files.writeString(tmp.resolve("weights.h5"), "not hdf5");
		assertThrows(UserInputException.class, () -> WeightSet.read(text));
		final Path plain = tmp.resolve("plain.h5");
		final WritableHdfFile h = HdfFile.write(plain);
		h.putDataset("x", new float[] { 1 });
		h.close();
		final UserInputException e = assertThrows(UserInputException.class, () -> WeightSet.read(plain));
		assertTrue(e.getMessage().contains("without the attribute 'layer_names'"), e.getMessage());
		final UserInputException k3 = assertThrows(UserInputException.class, () -> WeightSet.read(Files.writeString(
			tmp.resolve("m.keras"), "zip")));
		assertTrue(k3.getMessage().contains("Keras 3 .keras archive"), k3.getMessage());
		assertThrows(UserInputException.class, () -> WeightSet.read(tmp.resolve("absent.h5")));
	}

	@Test
	void kerasApplicationsFileNamesAndWhereToPutThem() {
		assertEquals("https://storage.googleapis.com/tensorflow/keras-applications/vgg16/" +
			"vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5", KerasApplicationsWeights.url(Architecture.VGG16, false));
		assertEquals("https://storage.googleapis.com/tensorflow/keras-applications/mobilenet_v2/" +
			"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5", KerasApplicationsWeights.url(
				Architecture.MOBILENETV2, false));
		assertEquals("https://storage.googleapis.com/tensorflow/keras-applications/densenet/" +
			"densenet121_weights_tf_dim_ordering_tf_kernels.h5", KerasApplicationsWeights.url(Architecture.DENSENET121,
				true));
		assertEquals("https://storage.googleapis.com/tensorflow/keras-applications/inception_resnet_v2/" +
			"inception_resnet_v2_weights_tf_dim_ordering_tf_kernels_notop.h5", KerasApplicationsWeights.url(
				Architecture.INCEPTIONRESNETV2, false));
		final UserInputException e = assertThrows(UserInputException.class, () -> KerasApplicationsWeights.locate(
			Architecture.RESNET50, false, tmp.resolve("resnet.h5")));
		assertTrue(e.getMessage().contains("fetch https://storage.googleapis.com/tensorflow/keras-applications/" +
			"resnet/resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5"), e.getMessage());
		assertTrue(e.getMessage().contains("put it into " + tmp), e.getMessage());
		assertFalse(KerasApplicationsWeights.hasFile(Architecture.LENET5));
		assertThrows(UserInputException.class, () -> KerasApplicationsWeights.fileName(Architecture.ALEXNET, true));
	}
}
