package org.convnetij.command.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.nn.ModelSpec;
import org.convnetij.tf.TfModel;
import org.convnetij.testutil.LocalHttpServer;
import org.convnetij.transfer.KerasApplicationsWeights;
import org.convnetij.transfer.MobileNetV2Reference;
import org.convnetij.testutil.TestFiles;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * Import Model through CommandService: the TF.js MobileNetV2 of sample-images into a model folder, loaded back and
 * compared with the TF.js reference outputs; a Keras 3 SavedModel (LeNet-5) into a model folder; messages for HDF5
 * files without architecture and missing files, and for a SavedModel of another architecture.
 */
class ImportModelCommandTest {

	private static Context context;

	@TempDir
	Path tmp;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	static CommandModule run(final Object... keyValues) throws Exception {
		final Map<String, Object> inputs = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) inputs.put((String) keyValues[i], keyValues[i + 1]);
		return context.service(CommandService.class).run(ImportModelCommand.class, false, inputs).get();
	}

	private static double maxDifference(final float[] a, final float[] b) {
		assertEquals(a.length, b.length);
		double d = 0;
		for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
		return d;
	}

	@Test
	void tfjsMobileNetV2BecomesAModelFolderWithTheSameFeatures() throws Exception {
		final Path out = tmp.resolve("mobilenetv2");
		final CommandModule m = run("source", TestFiles.mobileNetV2().toFile(), "notop", true, "output", out.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		final String report = (String) m.getOutput("report");
		assertTrue(report.contains("imported mobilenetv2 224 x 224 x 3 without classifier"), report);
		assertTrue(report.contains("260 weights matched, 0 missing, 0 with another shape, 6 in the file not used"),
			report);
		assertTrue(report.contains("left out the layers after out_relu (average_pooling2d_1, flatten_1, dense_1"),
			report);
		final ModelSpec spec = ModelSpec.read(out);
		assertEquals("out_relu", spec.featureLayer());

		final MobileNetV2Reference reference = new MobileNetV2Reference();
		final float[] inputs = reference.floats("inputs.f32");
		try (Network model = Networks.load(out)) {
			final float[] maps = model.features("out_relu", inputs, 3);
			final int per = 7 * 7 * 1280;
			final float[] map0 = java.util.Arrays.copyOf(maps, per);
			final double dMap = maxDifference(reference.floats("out_relu_image0.f32"), map0);
			final float[] means = new float[3 * 1280];
			for (int i = 0; i < 3; i++) for (int p = 0; p < 49; p++) for (int c = 0; c < 1280; c++) {
				means[i * 1280 + c] += maps[i * per + p * 1280 + c] / 49;
			}
			final double dMean = maxDifference(reference.floats("out_relu_mean.f32"), means);
			System.out.printf("imported model folder vs TF.js: out_relu map of image 0 %.1e, out_relu means of 3 " +
				"images %.1e%n", dMap, dMean);
			assertTrue(dMap <= 1e-4, "out_relu map " + dMap);
			assertTrue(dMean <= 1e-4, "out_relu means " + dMean);
		}

		final CommandModule again = run("source", TestFiles.mobileNetV2().toFile(), "notop", true, "output", out
			.toFile());
		assertTrue(again.isCanceled());
		assertTrue(again.getCancelReason().contains("exists; choose another name or set overwrite"), again
			.getCancelReason());
	}

	/**
	 * By default the TF.js MobileNetV2 is kept whole: its own head (average_pooling2d_1 .. dense_3) and 5 classes
	 * (class_0 .. class_4: the file names none), giving TensorFlow.js's own probabilities; Classify and Evaluate on
	 * the features alone (notop) say what the model outputs and what to do.
	 */
	@Test
	void tfjsMobileNetV2IsKeptWholeAndClassifiesAsTensorFlowJs() throws Exception {
		final Path out = tmp.resolve("whole");
		final CommandModule m = run("source", TestFiles.mobileNetV2().toFile(), "output", out.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		final String report = (String) m.getOutput("report");
		assertTrue(report.contains("imported mobilenetv2 224 x 224 x 3 with its own head (average_pooling2d_1, " +
			"flatten_1, dense_1, dropout_2, dense_2, dropout_3, dense_3), 5 classes class_0, class_1"), report);
		assertTrue(report.contains("266 weights matched, 0 missing, 0 with another shape, 0 in the file not used"),
			report);
		final ModelSpec spec = ModelSpec.read(out);
		assertEquals(List.of("class_0", "class_1", "class_2", "class_3", "class_4"), spec.classes());
		assertEquals("out_relu", spec.featureLayer());
		assertEquals(8, spec.bitDepth());

		final MobileNetV2Reference reference = new MobileNetV2Reference();
		final float[] expected = reference.floats("probabilities.f32");
		try (Network model = Networks.load(out)) {
			final float[][] p = model.predict(reference.floats("inputs.f32"), 3);
			double worst = 0;
			for (int i = 0; i < 3; i++) {
				double sum = 0;
				for (int k = 0; k < 5; k++) {
					sum += p[i][k];
					// softmax of logits that are sums of 128 products: an error relative to p (1 - p), never above 1e-4
					final double q = expected[i * 5 + k];
					final double d = Math.abs(p[i][k] - q);
					worst = Math.max(worst, d);
					assertTrue(d <= 1e-4 * Math.max(q * (1 - q), 1e-3) * 4 + 1e-7, "image " + i + " class " + k + ": " +
						p[i][k] + " vs TF.js " + q);
				}
				assertEquals(1, sum, 1e-5 * 5, "probabilities of image " + i + " sum to 1");
			}
			System.out.printf("whole TF.js MobileNetV2 vs TF.js: max |difference| of the 15 probabilities %.1e%n",
				worst);
		}

		// Classify on an image file: one row of the model's own 5 classes
		final CommandModule c = context.service(CommandService.class).run(ClassifyCommand.class, false, Map.of("model",
			out.toFile(), "input", "sample-images/ihc.png")).get();
		assertFalse(c.isCanceled(), c.getCancelReason());
		final String table = (String) c.getOutput("table");
		assertEquals("file,class,class_0,class_1,class_2,class_3,class_4", table.lines().findFirst().orElse(""), table);
		assertEquals(2, table.lines().count(), table);

		// Extract Features of the whole model: the features at out_relu (pooled), not its head's probabilities
		final Path csv = tmp.resolve("f.csv");
		final CommandModule f = context.service(CommandService.class).run(ExtractFeaturesCommand.class, false, Map.of(
			"model", out.toFile(), "input", Path.of("sample-images/ihc.png").toFile(), "output", csv.toFile())).get();
		assertFalse(f.isCanceled(), f.getCancelReason());
		assertTrue(((String) f.getOutput("report")).startsWith("1 images x 1280 features of out_relu"), (String) f
			.getOutput("report"));
		final CommandModule noLayer = context.service(CommandService.class).run(ExtractFeaturesCommand.class, false,
			Map.of("model", out.toFile(), "layer", "fc9", "input", Path.of("sample-images/ihc.png").toFile(), "output",
				csv.toFile())).get();
		assertTrue(noLayer.isCanceled());
		assertEquals("model mobilenetv2 has no layer named 'fc9': give one of its layers (Model Summary with model= " +
			"lists them), or leave layer empty for its feature layer out_relu", noLayer.getCancelReason());

		// the features alone: Classify and Evaluate say so in one line
		final Path features = tmp.resolve("features");
		assertFalse(run("source", TestFiles.mobileNetV2().toFile(), "notop", true, "output", features.toFile())
			.isCanceled());
		final CommandModule refused = context.service(CommandService.class).run(ClassifyCommand.class, false, Map.of(
			"model", features.toFile(), "input", "sample-images/ihc.png")).get();
		assertTrue(refused.isCanceled());
		assertEquals(features + " outputs features (out_relu, 7 x 7 x 1280 values per image), not class " +
			"probabilities: train a classifier on it with Transfer Learning (model=" + features + " data=<labelled " +
			"folder>), or import the model again without notop to keep its own head", refused.getCancelReason());
		final CommandModule evaluated = context.service(CommandService.class).run(EvaluateModelCommand.class, false,
			Map.of("model", features.toFile(), "data", Path.of("sample-images/labelled").toFile())).get();
		assertTrue(evaluated.isCanceled());
		assertTrue(evaluated.getCancelReason().contains("outputs features (out_relu"), evaluated.getCancelReason());
	}

	@Test
	void hdf5FilesNeedAnArchitectureAndMissingOnesSayWhatToFetch() throws Exception {
		final Path h5 = Files.writeString(tmp.resolve("weights.h5"), "x");
		final CommandModule noArch = run("source", h5.toFile(), "output", tmp.resolve("m").toFile());
		assertTrue(noArch.isCanceled());
		assertTrue(noArch.getCancelReason().contains("give the architecture"), noArch.getCancelReason());

		final CommandModule missing = run("source", tmp.resolve("vgg16_notop.h5").toFile(), "architecture", "vgg16",
			"output", tmp.resolve("m").toFile());
		assertTrue(missing.isCanceled());
		assertTrue(missing.getCancelReason().contains("fetch https://storage.googleapis.com/tensorflow/" +
			"keras-applications/vgg16/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"), missing.getCancelReason());
		assertFalse(Files.exists(tmp.resolve("m")));
	}

	@Test
	void aKerasSavedModelBecomesALenet5ModelFolder() throws Exception {
		final Path source = Path.of(ImportModelCommandTest.class.getResource(
			"/org/convnetij/transfer/savedmodel/lenet5").toURI());
		final Path out = tmp.resolve("lenet5");
		final CommandModule m = run("source", source.toFile(), "output", out.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		final String report = (String) m.getOutput("report");
		assertTrue(report.startsWith("imported lenet5 32 x 32 x 1 with its 10-class classifier"), report);
		assertEquals(10, ModelSpec.read(out).classes().size());
		assertEquals("meanstd mean=0.5 std=0.5", ModelSpec.read(out).normalization().toString());

		final Path ranged = tmp.resolve("lenet5-range");
		final CommandModule r = run("source", source.toFile(), "normalization", "range", "output", ranged.toFile());
		assertFalse(r.isCanceled(), r.getCancelReason());
		assertTrue(((String) r.getOutput("report")).endsWith("; normalisation range as given"), (String) r.getOutput(
			"report"));
		assertEquals("range", ModelSpec.read(ranged).normalization().toString());
		final CommandModule bad = run("source", source.toFile(), "normalization", "scale", "output", tmp.resolve("m")
			.toFile());
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().contains("unknown normalisation 'scale'"), bad.getCancelReason());

		final CommandModule wrong = run("source", source.toFile(), "architecture", "mobilenetv2", "output", tmp
			.resolve("m").toFile());
		assertTrue(wrong.isCanceled());
		assertTrue(wrong.getCancelReason().contains("Conv1/kernel"), wrong.getCancelReason());
		assertFalse(Files.exists(tmp.resolve("m")));
	}

	@Test
	void aSavedModelIsKeptAsItIsOrListed() throws Exception {
		final Path source = Path.of(ImportModelCommandTest.class.getResource(
			"/org/convnetij/transfer/savedmodel/lenet5").toURI());
		final Path out = tmp.resolve("asis");
		final CommandModule m = run("source", source.toFile(), "architecture", "savedmodel", "classnames",
			"a,b,c,d,e,f,g,h,i,j", "output", out.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertTrue(((String) m.getOutput("report")).contains("classes a .. j"), (String) m.getOutput("report"));
		assertTrue(Files.isRegularFile(out.resolve("savedmodel/saved_model.pb")));
		assertTrue(Files.readString(out.resolve(ModelSpec.FILE_NAME)).contains("\"architecture\": \"savedmodel\""));
		final CommandModule list = run("source", source.toFile(), "layer", "list");
		assertFalse(list.isCanceled(), list.getCancelReason());
		assertTrue(((String) list.getOutput("report")).contains("[-1, 10]"), (String) list.getOutput("report"));
		final CommandModule bad = run("source", source.toFile(), "architecture", "savedmodel", "layer", "conv9",
			"output", tmp.resolve("bad").toFile());
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().contains("no layer or operation 'conv9'"), bad.getCancelReason());
	}

	@Test
	void anEmptySourceTakesTheKerasApplicationsFileFromTheCacheOrDownloadsIt() throws Exception {
		final Path cache = Files.createDirectories(tmp.resolve("keras-cache"));
		final String mobileNet = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5";
		ImportHdf5Test.writeKerasNotop(cache.resolve(mobileNet), false);
		final String refused;
		try (LocalHttpServer gone = new LocalHttpServer(new byte[0], LocalHttpServer.Behaviour.SERVE)) {
			refused = gone.baseUrl();
		}
		try (LocalHttpServer server = new LocalHttpServer(new byte[] { 1, 2, 3 }, LocalHttpServer.Behaviour.SERVE)) {
			System.setProperty(KerasApplicationsWeights.BASE_URL_PROPERTY, server.baseUrl());
			System.setProperty(KerasApplicationsWeights.CACHE_PROPERTY, cache.toString());
			try {
				// cached (MobileNetV2 files are never downloaded: Keras publishes no hash for them)
				final Path out = tmp.resolve("mobilenetv2-96");
				final CommandModule cached = run("architecture", "mobilenetv2", "inputsize", 96, "output", out.toFile());
				assertFalse(cached.isCanceled(), cached.getCancelReason());
				final String report = (String) cached.getOutput("report");
				assertTrue(report.startsWith("imported mobilenetv2 96 x 96 x 3 without classifier from " + cache
					.resolve(mobileNet)), report);
				assertEquals(96, ModelSpec.read(out).input().width());

				// not cached: downloaded, but these bytes are not the published file
				final CommandModule wrong = run("architecture", "vgg16", "output", tmp.resolve("vgg16").toFile());
				assertTrue(wrong.isCanceled());
				assertTrue(wrong.getCancelReason().contains("expected 6d6bbae143d832006294945121d1f1fc"), wrong
					.getCancelReason());
				assertEquals(1, server.requests());

				// a given file that does not exist is never downloaded
				final Path missing = tmp.resolve("vgg16_notop.h5");
				final CommandModule given = run("source", missing.toFile(), "architecture", "vgg16", "output", tmp
					.resolve("vgg16").toFile());
				assertTrue(given.getCancelReason().startsWith("the weight file '" + missing + "' does not exist: fetch "),
					given.getCancelReason());
				assertEquals(1, server.requests());

				// no source and no architecture with a published file
				final CommandModule none = run("output", tmp.resolve("auto").toFile());
				assertTrue(none.getCancelReason().startsWith("give the source weights"), none.getCancelReason());

				// offline: the reason, and what to fetch by hand
				System.setProperty(KerasApplicationsWeights.BASE_URL_PROPERTY, refused);
				final CommandModule offline = run("architecture", "resnet50", "output", tmp.resolve("resnet50")
					.toFile());
				final String reason = offline.getCancelReason();
				assertTrue(reason.contains("(could not download: "), reason);
				assertTrue(reason.contains("fetch " + refused + "resnet/resnet50_weights_tf_dim_ordering_tf_kernels_" +
					"notop.h5 (the file resnet50_weights_tf_dim_ordering_tf_kernels_notop.h5) on a machine with " +
					"internet access and put it into " + cache), reason);
			}
			finally {
				System.clearProperty(KerasApplicationsWeights.BASE_URL_PROPERTY);
				System.clearProperty(KerasApplicationsWeights.CACHE_PROPERTY);
			}
		}
		try (java.util.stream.Stream<Path> files = Files.list(cache)) {
			assertEquals(List.of(mobileNet), files.map(p -> p.getFileName().toString()).toList());
		}
		assertFalse(Files.exists(tmp.resolve("vgg16")));
		assertFalse(Files.exists(tmp.resolve("resnet50")));
	}
}
