package org.convnetij.command.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.convnetij.transfer.Yaml;
import org.convnetij.util.Progress;
import org.convnetij.workflow.Cnn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Export Model writes a bioimage.io package that a consumer can use alone (the zip copied away from the model
 * folder, rdf.yaml read by SnakeYAML, preprocessing applied here from the spec's definitions, the SavedModel run by
 * TensorFlow, the Model Zoo's tolerance), and Import Model takes the package back with the same probabilities.
 */
class ModelZooPackageTest {

	private static final Path SAMPLES = Path.of("sample-images/labelled");
	private static Context context;

	@TempDir
	static Path shared;
	static Path model, zip;

	@TempDir
	Path tmp;

	@BeforeAll
	static void trainAndExport() throws Exception {
		context = new Context(CommandService.class);
		model = shared.resolve("glands");
		final CommandModule m = run(TrainClassifierCommand.class, "data", SAMPLES.toFile(), "width", 32, "height", 32,
			"channels", 3, "filters", "8", "units", "16", "epochs", 2, "batch", 16, "seed", 3, "output", model.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		zip = shared.resolve("glands.zip");
		final CommandModule e = run(ExportModelCommand.class, "model", model.toFile(), "input", SAMPLES.resolve("gland")
			.toFile(), "name", "Gland or stroma (test)", "authors", "A. Author, B. Author", "cite",
			"ConvNet-IJ test model, https://example.org/convnet-ij", "tags", "ihc, Histology", "output", zip.toFile());
		assertFalse(e.isCanceled(), e.getCancelReason());
		assertTrue(((String) e.getOutput("report")).contains("scale_linear"), (String) e.getOutput("report"));
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	static CommandModule run(final Class<? extends Command> command, final Object... keyValues) throws Exception {
		final Map<String, Object> inputs = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) inputs.put((String) keyValues[i], keyValues[i + 1]);
		return context.service(CommandService.class).run(command, false, inputs).get();
	}

	@Test
	@SuppressWarnings("unchecked")
	void aConsumerRunsThePackageAlone() throws Exception {
		final Path alone = tmp.resolve("elsewhere");
		Files.createDirectories(alone);
		final Path copy = alone.resolve("model.zip");
		Files.copy(zip, copy);
		final Path dir = alone.resolve("unpacked");
		unzip(copy, dir);
		final String text = Files.readString(dir.resolve("rdf.yaml"), StandardCharsets.UTF_8);
		final Map<String, Object> rdf = new org.yaml.snakeyaml.Yaml().load(text);
		// ConvNet-IJ's own reader (used by Import Model) reads the same document
		assertEquals(numbersAsDoubles(rdf), numbersAsDoubles(Yaml.read(text)));

		// the fields that spec 0.5 requires of a model
		assertTrue(String.valueOf(rdf.get("format_version")).startsWith("0.5."), text);
		assertEquals("model", rdf.get("type"));
		assertEquals("Gland or stroma (test)", rdf.get("name"));
		assertFalse(((String) rdf.get("description")).isBlank());
		assertEquals(List.of(Map.of("name", "A. Author"), Map.of("name", "B. Author")), rdf.get("authors"));
		assertEquals(List.of(Map.of("text", "ConvNet-IJ test model", "url", "https://example.org/convnet-ij")), rdf.get(
			"cite"));
		assertEquals("CC-BY-4.0", rdf.get("license"));
		assertTrue(Files.isRegularFile(dir.resolve((String) rdf.get("documentation"))));
		for (final Object c : (List<Object>) rdf.get("covers")) assertTrue(Files.isRegularFile(dir.resolve((String) c)));
		assertTrue(((List<String>) rdf.get("tags")).containsAll(List.of("ihc", "histology", "convnet-ij")));
		final Map<String, Object> input = ((List<Map<String, Object>>) rdf.get("inputs")).get(0);
		final Map<String, Object> output = ((List<Map<String, Object>>) rdf.get("outputs")).get(0);
		assertEquals("image", input.get("id"));
		assertEquals("probabilities", output.get("id"));
		assertEquals(List.of(Map.of("type", "batch"), Map.of("type", "space", "id", "y", "size", 32), Map.of("type",
			"space", "id", "x", "size", 32), Map.of("type", "channel", "channel_names", List.of("red", "green", "blue"))),
			input.get("axes"));
		assertEquals(List.of(Map.of("type", "batch"), Map.of("type", "channel", "channel_names", List.of("gland",
			"stroma"))), output.get("axes"));
		for (final Map<String, Object> t : List.of(input, output)) {
			assertEquals(Map.of("type", "float32"), t.get("data"));
			assertInstanceOf(Map.class, t.get("test_tensor"));
		}
		final Map<String, Object> weights = (Map<String, Object>) ((Map<String, Object>) rdf.get("weights")).get(
			"tensorflow_saved_model_bundle");
		assertTrue(String.valueOf(weights.get("tensorflow_version")).matches("2\\.[0-9]+\\.[0-9]+.*"), text);

		assertEquals(List.of(Map.of("id", "scale_linear", "kwargs", Map.of("gain", 1 / 255.0, "offset", 0.0))), input
			.get("preprocessing"));
		consume(dir, rdf);
	}

	/**
	 * What a consumer does: every sha256 checked (and every file named with one), the declared preprocessing
	 * applied to the test input, the SavedModel run, its output compared with the test output.
	 */
	@SuppressWarnings("unchecked")
	static void consume(final Path dir, final Map<String, Object> rdf) throws Exception {
		final Map<String, Object> input = ((List<Map<String, Object>>) rdf.get("inputs")).get(0);
		final Map<String, Object> output = ((List<Map<String, Object>>) rdf.get("outputs")).get(0);
		final Map<String, Object> weights = (Map<String, Object>) ((Map<String, Object>) rdf.get("weights")).get(
			"tensorflow_saved_model_bundle");
		// every sha256 matches, and every file of the package (but rdf.yaml) has one
		final Set<String> named = new HashSet<>();
		collectFiles(rdf, named);
		for (final String f : named) {
			final Map<String, Object> descr = find(rdf, f);
			assertEquals(descr.get("sha256"), sha256(dir.resolve(f)), f);
		}
		final Set<String> files = new HashSet<>();
		try (var s = Files.list(dir)) {
			s.forEach(p -> files.add(p.getFileName().toString()));
		}
		files.remove("rdf.yaml");
		assertEquals(files, named);

		// the declared preprocessing, applied here from the spec's definitions, then the SavedModel alone
		final float[][] in = npy(dir.resolve((String) ((Map<String, Object>) input.get("test_tensor")).get("source")));
		final float[][] expected = npy(dir.resolve((String) ((Map<String, Object>) output.get("test_tensor")).get(
			"source")));
		assertEquals(List.of(1f, 32f, 32f, 3f), List.of(in[0][0], in[0][1], in[0][2], in[0][3]));
		float max = 0;
		for (final float v : in[1]) max = Math.max(max, v);
		assertTrue(max > 1 && max <= 255, "the test input is raw 8-bit values, before preprocessing: max " + max);
		final float[] x = preprocess(in[1], 3, (List<Map<String, Object>>) input.get("preprocessing"));
		final Path saved = dir.resolve("savedmodel");
		unzip(dir.resolve((String) weights.get("source")), saved);
		final float[] got;
		try (SavedModelBundle b = SavedModelBundle.load(saved.toString(), "serve"); TFloat32 t = TFloat32.tensorOf(
			Shape.of(1, 32, 32, 3), DataBuffers.of(x, true, false)); Result r = b.function("serving_default").call(Map
				.<String, Tensor>of((String) input.get("id"), t)))
		{
			final TFloat32 p = (TFloat32) r.get((String) output.get("id")).orElseThrow();
			got = new float[(int) p.size()];
			p.copyTo(DataBuffers.of(got, false, false));
		}
		assertEquals(expected[1].length, got.length);
		for (int i = 0; i < got.length; i++) {
			// the Model Zoo's criterion
			assertTrue(Math.abs(got[i] - expected[1][i]) <= 1.5e-4 + 1e-4 * Math.abs(expected[1][i]), i + ": " + got[i] +
				" vs " + expected[1][i]);
		}
	}

	@Test
	void importModelTakesThePackageBackWithTheSameProbabilities() throws Exception {
		final Path imported = tmp.resolve("imported");
		final CommandModule m = run(ImportModelCommand.class, "source", zip.toFile(), "output", imported.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		final String report = (String) m.getOutput("report");
		assertTrue(report.contains("bioimage.io model package") && report.contains("5 sha256 checked") && report
			.contains("for 8-bit images"), report);
		assertEquals(8, org.convnetij.nn.ModelSpec.read(imported).bitDepth());
		final Cnn.Classification original = Cnn.classifyFolder(model, SAMPLES, Progress.NONE);
		final Cnn.Classification back = Cnn.classifyFolder(imported, SAMPLES, Progress.NONE);
		assertEquals(original.classes(), back.classes());
		assertEquals(original.names(), back.names());
		for (int i = 0; i < original.probabilities().size(); i++) {
			final float[] a = original.probabilities().get(i), b = back.probabilities().get(i);
			// the same graph; the inputs differ by float rounding of x / 255 against x * (1 / 255)
			for (int c = 0; c < a.length; c++) assertEquals(a[c], b[c], 1e-5, original.names().get(i));
		}

		// the imported model leaves again as a package that gives the same test output
		final Path again = tmp.resolve("again.zip");
		final CommandModule e = run(ExportModelCommand.class, "model", imported.toFile(), "input", SAMPLES.resolve(
			"gland").toFile(), "authors", "C. Author", "cite", "10.5281/zenodo.2", "output", again.toFile());
		assertFalse(e.isCanceled(), e.getCancelReason());
		final Path dirAgain = tmp.resolve("again");
		unzip(again, dirAgain);
		consume(dirAgain, new org.yaml.snakeyaml.Yaml().load(Files.readString(dirAgain.resolve("rdf.yaml"))));
		final Path first = tmp.resolve("first");
		unzip(zip, first);
		assertEquals(sha256(first.resolve("test_input.npy")), sha256(dirAgain.resolve("test_input.npy")));

		// an unpacked folder is taken too; a changed file, another preprocessing, or no TensorFlow weights: one line
		final Path folder = tmp.resolve("unpacked");
		unzip(zip, folder);
		assertFalse(run(ImportModelCommand.class, "source", folder.toFile(), "output", tmp.resolve("f").toFile())
			.isCanceled());
		final Path rdf = folder.resolve("rdf.yaml");
		final String text = Files.readString(rdf);
		Files.writeString(rdf, text.replace("scale_linear", "zero_mean_unit_variance"));
		final CommandModule other = run(ImportModelCommand.class, "source", folder.toFile(), "output", tmp.resolve("g")
			.toFile());
		assertTrue(other.isCanceled() && other.getCancelReason().contains("has no ConvNet-IJ normalisation"), other
			.getCancelReason());
		Files.writeString(rdf, text.replace("tensorflow_saved_model_bundle:", "pytorch_state_dict:"));
		final CommandModule torch = run(ImportModelCommand.class, "source", folder.toFile(), "output", tmp.resolve("h")
			.toFile());
		assertTrue(torch.isCanceled() && torch.getCancelReason().contains("has no TensorFlow SavedModel weights"), torch
			.getCancelReason());
		Files.writeString(rdf, text);
		Files.write(folder.resolve("test_output.npy"), new byte[] { 1, 2, 3 });
		final CommandModule changed = run(ImportModelCommand.class, "source", folder.toFile(), "output", tmp.resolve("i")
			.toFile());
		assertTrue(changed.isCanceled() && changed.getCancelReason().contains("sha256 of test_output.npy"), changed
			.getCancelReason());
		assertFalse(Files.exists(tmp.resolve("g")) || Files.exists(tmp.resolve("h")) || Files.exists(tmp.resolve("i")));
	}

	/** meanstd (one value per channel) and minmax in the spec's terms, run by the consumer, and back. */
	@Test
	@SuppressWarnings("unchecked")
	void meanStdAndMinMaxAreDeclaredInTheSpecsTerms() throws Exception {
		final Map<String, List<String>> cases = new LinkedHashMap<>();
		cases.put("meanstd mean=0.5,0.4,0.3 std=0.2,0.25,0.3", List.of("scale_linear", "scale_linear"));
		cases.put("minmax", List.of("scale_range"));
		int k = 0;
		for (final Map.Entry<String, List<String>> c : cases.entrySet()) {
			final Path m = tmp.resolve("m" + k), z = tmp.resolve("m" + k + ".zip"), dir = tmp.resolve("u" + k);
			k++;
			final CommandModule t = run(TrainClassifierCommand.class, "data", SAMPLES.toFile(), "width", 32, "height",
				32, "channels", 3, "filters", "8", "units", "16", "epochs", 2, "batch", 16, "seed", 3, "normalization", c
					.getKey(), "output", m.toFile());
			assertFalse(t.isCanceled(), t.getCancelReason());
			final CommandModule e = run(ExportModelCommand.class, "model", m.toFile(), "input", SAMPLES.resolve("stroma")
				.toFile(), "authors", "A. Author", "cite", "10.5281/zenodo.1", "output", z.toFile());
			assertFalse(e.isCanceled(), e.getCancelReason());
			unzip(z, dir);
			final Map<String, Object> rdf = new org.yaml.snakeyaml.Yaml().load(Files.readString(dir.resolve(
				"rdf.yaml")));
			assertEquals(List.of(Map.of("text", "10.5281/zenodo.1", "doi", "10.5281/zenodo.1")), rdf.get("cite"));
			final List<Map<String, Object>> pre = (List<Map<String, Object>>) ((List<Map<String, Object>>) rdf.get(
				"inputs")).get(0).get("preprocessing");
			assertEquals(c.getValue(), pre.stream().map(o -> o.get("id")).toList(), c.getKey());
			if (c.getKey().startsWith("meanstd")) {
				final Map<String, Object> kw = (Map<String, Object>) pre.get(1).get("kwargs");
				assertEquals("channel", kw.get("axis"));
				assertEquals(1 / 0.25f, ((List<Double>) kw.get("gain")).get(1), 1e-5);
				assertEquals(-0.4f / 0.25f, ((List<Double>) kw.get("offset")).get(1), 1e-5);
			}
			consume(dir, rdf);
			final Path back = tmp.resolve("back" + k);
			final CommandModule i = run(ImportModelCommand.class, "source", z.toFile(), "output", back.toFile());
			assertFalse(i.isCanceled(), i.getCancelReason());
			final Cnn.Classification original = Cnn.classifyFolder(m, SAMPLES, Progress.NONE);
			final Cnn.Classification again = Cnn.classifyFolder(back, SAMPLES, Progress.NONE);
			for (int n = 0; n < original.probabilities().size(); n++) {
				for (int j = 0; j < 2; j++) {
					assertEquals(original.probabilities().get(n)[j], again.probabilities().get(n)[j], 1e-5, c.getKey());
				}
			}
		}
	}

	@Test
	void exportRefusesWhatItCannotWrite() throws Exception {
		final CommandModule exists = run(ExportModelCommand.class, "model", model.toFile(), "input", SAMPLES.resolve(
			"gland").toFile(), "authors", "A", "cite", "x https://example.org", "output", zip.toFile());
		assertTrue(exists.isCanceled() && exists.getCancelReason().contains("exists"), exists.getCancelReason());
		final CommandModule noCite = run(ExportModelCommand.class, "model", model.toFile(), "input", SAMPLES.resolve(
			"gland").toFile(), "authors", "A", "cite", "a paper", "output", tmp.resolve("a.zip").toFile());
		assertTrue(noCite.isCanceled() && noCite.getCancelReason().contains("must end with a DOI"), noCite
			.getCancelReason());
		assertFalse(Files.exists(tmp.resolve("a.zip")));
		try (var s = Files.list(shared)) {
			assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".export-")));
		}
	}

	/** scale_linear, scale_range, ensure_dtype as the spec defines them; anything else fails the test. */
	@SuppressWarnings("unchecked")
	private static float[] preprocess(final float[] raw, final int channels, final List<Map<String, Object>> ops) {
		float[] v = raw.clone();
		for (final Map<String, Object> op : ops) {
			final Map<String, Object> k = (Map<String, Object>) op.getOrDefault("kwargs", Map.of());
			switch ((String) op.get("id")) {
				case "scale_linear" -> {
					final float[] out = new float[v.length];
					for (int i = 0; i < v.length; i++) {
						final int c = i % channels;
						out[i] = (float) (at(k.getOrDefault("gain", 1.0), c) * v[i] + at(k.getOrDefault("offset", 0.0), c));
					}
					v = out;
				}
				case "scale_range" -> {
					assertEquals(0.0, ((Number) k.get("min_percentile")).doubleValue());
					assertEquals(100.0, ((Number) k.get("max_percentile")).doubleValue());
					double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
					for (final float f : v) {
						lo = Math.min(lo, f);
						hi = Math.max(hi, f);
					}
					final double eps = ((Number) k.getOrDefault("eps", 1e-6)).doubleValue();
					for (int i = 0; i < v.length; i++) v[i] = (float) ((v[i] - lo) / (hi - lo + eps));
				}
				case "ensure_dtype" -> assertEquals("float32", k.get("dtype"));
				default -> throw new AssertionError("preprocessing not applied by this consumer: " + op);
			}
		}
		return v;
	}

	private static double at(final Object value, final int c) {
		return value instanceof List<?> l ? ((Number) l.get(c)).doubleValue() : ((Number) value).doubleValue();
	}

	/** {shape as floats, values} of a little-endian float32 .npy file in C order, read here without ConvNet-IJ. */
	private static float[][] npy(final Path file) throws Exception {
		final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
		assertEquals(0x93, b.get() & 0xff);
		assertEquals("NUMPY", new String(new byte[] { b.get(), b.get(), b.get(), b.get(), b.get() },
			StandardCharsets.US_ASCII));
		assertEquals(1, b.get());
		b.get();
		final byte[] h = new byte[b.getShort()];
		b.get(h);
		final String header = new String(h, StandardCharsets.US_ASCII);
		assertEquals(0, (10 + h.length) % 64, "the data is 64-byte aligned");
		assertTrue(header.contains("'descr': '<f4'") && header.contains("'fortran_order': False"), header);
		final Matcher m = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
		assertTrue(m.find(), header);
		final List<Float> dims = new ArrayList<>();
		long n = 1;
		for (final String d : m.group(1).split(",")) {
			if (d.isBlank()) continue;
			dims.add(Float.parseFloat(d.trim()));
			n *= Long.parseLong(d.trim());
		}
		assertEquals(n * 4, b.remaining());
		final float[] shape = new float[dims.size()], v = new float[(int) n];
		for (int i = 0; i < shape.length; i++) shape[i] = dims.get(i);
		for (int i = 0; i < n; i++) v[i] = b.getFloat();
		return new float[][] { shape, v };
	}

	private static void collectFiles(final Object node, final Set<String> out) {
		if (node instanceof Map<?, ?> m) {
			if (m.get("source") instanceof String s && m.containsKey("sha256")) out.add(s);
			m.values().forEach(v -> collectFiles(v, out));
		}
		else if (node instanceof List<?> l) l.forEach(v -> collectFiles(v, out));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> find(final Object node, final String source) {
		if (node instanceof Map<?, ?> m) {
			if (source.equals(m.get("source")) && m.containsKey("sha256")) return (Map<String, Object>) m;
			for (final Object v : m.values()) {
				final Map<String, Object> f = find(v, source);
				if (f != null) return f;
			}
		}
		else if (node instanceof List<?> l) {
			for (final Object v : l) {
				final Map<String, Object> f = find(v, source);
				if (f != null) return f;
			}
		}
		return null;
	}

	private static Object numbersAsDoubles(final Object o) {
		if (o instanceof Number n) return n.doubleValue();
		if (o instanceof Map<?, ?> m) {
			final Map<Object, Object> out = new LinkedHashMap<>();
			m.forEach((k, v) -> out.put(k, numbersAsDoubles(v)));
			return out;
		}
		if (o instanceof List<?> l) return l.stream().map(ModelZooPackageTest::numbersAsDoubles).toList();
		return o;
	}

	private static String sha256(final Path f) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
	}

	private static void unzip(final Path zip, final Path to) throws Exception {
		try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
			for (ZipEntry e; (e = z.getNextEntry()) != null;) {
				final Path t = to.resolve(e.getName()).normalize();
				assertTrue(t.startsWith(to));
				if (e.isDirectory()) Files.createDirectories(t);
				else {
					Files.createDirectories(t.getParent());
					Files.copy(z, t);
				}
			}
		}
	}
}
