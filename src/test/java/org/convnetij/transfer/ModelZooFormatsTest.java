package org.convnetij.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.data.Normalization;
import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file formats of bioimage.io packages: .npy arrays, rdf.yaml as other writers write it, preprocessing. */
class ModelZooFormatsTest {

	@TempDir
	Path tmp;

	@Test
	void npyRoundTripsAndIsAligned() throws Exception {
		final float[] v = { 0, 1.5f, -2, 255, Float.MIN_VALUE, 1e30f };
		final Path f = tmp.resolve("a.npy");
		new Npy(new long[] { 1, 2, 3 }, v).write(f);
		final byte[] b = Files.readAllBytes(f);
		final int header = b.length - 4 * v.length;
		assertEquals(0, header % 64, "the data starts at a multiple of 64 bytes");
		assertEquals('\n', b[header - 1]);
		assertTrue(new String(b, 0, header, java.nio.charset.StandardCharsets.US_ASCII).contains(
			"{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }"));
		final Npy back = Npy.read(f);
		assertArrayEquals(new long[] { 1, 2, 3 }, back.shape());
		assertArrayEquals(v, back.values());
		new Npy(new long[] { 4 }, new float[4]).write(f);
		assertArrayEquals(new long[] { 4 }, Npy.read(f).shape()); // a 1-D shape is written "(4,)"
		Files.write(f, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 });
		assertTrue(assertThrows(UserInputException.class, () -> Npy.read(f)).getMessage().contains("no NUMPY magic"));
	}

	@Test
	void yamlOfOtherWritersIsRead() {
		final String text = String.join("\n", "# a comment", "format_version: 0.5.3", "type: model",
			"name: 'It''s a model'  # trailing comment", "description: |", "  Line one", "  line two", "",
			"authors:", "  - name: \"A. \\u00c9crivain\"", "    affiliation: Lab", "  - {}", "tags: [a, 'b, c', 3]",
			"inputs:", "- id: raw", "  axes:", "  - type: batch", "  - id: y", "    type: space", "    size: 64",
			"  preprocessing:", "    - id: scale_linear", "      kwargs: {}", "weights:",
			"  tensorflow_saved_model_bundle:", "    tensorflow_version: 2.15.0", "    eps: 1.0e-6", "    flag: true",
			"    none: ~", "");
		final Map<String, Object> m = Yaml.read(text);
		assertEquals("0.5.3", m.get("format_version"));
		assertEquals("It's a model", m.get("name"));
		assertEquals("Line one\nline two\n", m.get("description"));
		assertEquals(List.of(Map.of("name", "A. \u00c9crivain", "affiliation", "Lab"), Map.of()), m.get("authors"));
		assertEquals(List.of("a", "b, c", 3L), m.get("tags"));
		final Map<?, ?> input = (Map<?, ?>) ((List<?>) m.get("inputs")).get(0);
		assertEquals(List.of(Map.of("type", "batch"), Map.of("id", "y", "type", "space", "size", 64L)), input.get(
			"axes"));
		assertEquals(List.of(Map.of("id", "scale_linear", "kwargs", Map.of())), input.get("preprocessing"));
		final Map<?, ?> w = (Map<?, ?>) ((Map<?, ?>) m.get("weights")).get("tensorflow_saved_model_bundle");
		assertEquals("2.15.0", w.get("tensorflow_version"));
		assertEquals(1e-6, w.get("eps"));
		assertEquals(true, w.get("flag"));
		assertTrue(w.containsKey("none") && w.get("none") == null);
		assertTrue(assertThrows(UserInputException.class, () -> Yaml.read("a: &x 1\n")).getMessage().contains(
			"rdf.yaml line 1: anchors"));
		assertTrue(assertThrows(UserInputException.class, () -> Yaml.read("a: 1\n   b: 2\n")).getMessage().contains(
			"line 2: unexpected indentation"));
	}

	/** Constructs that the spec's own example descriptions use (a directive, scalars over several lines). */
	@Test
	void yamlOfTheSpecsExamplesIsRead() {
		final String text = String.join("\n", "%YAML 1.2", "---", "name: UNet 2D", "cite:", "  - text:",
			"      'Someone, et al. A net: for images.", "      MICCAI 2015.'", "    doi: 10.1007/978-3-319-24574-4_28",
			"  - text: a plain text", "      that goes on", "    url: https://example.com/", "description: \"two",
			"  lines\"", "tags:", "  - a tag", "    going on", "  - b", "");
		final Map<String, Object> m = Yaml.read(text);
		assertEquals("UNet 2D", m.get("name"));
		assertEquals(List.of(Map.of("text", "Someone, et al. A net: for images. MICCAI 2015.", "doi",
			"10.1007/978-3-319-24574-4_28"), Map.of("text", "a plain text that goes on", "url", "https://example.com/")),
			m.get("cite"));
		assertEquals("two lines", m.get("description"));
		assertEquals(List.of("a tag going on", "b"), m.get("tags"));
	}

	@Test
	void yamlWrittenIsReadBack() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("name", "a: \"quoted\" # name");
		m.put("yes", "yes");
		m.put("version", "0.5.3");
		m.put("list", List.of(Map.of("k", List.of(1.5, -2.0)), Map.of("a", Map.of("b", "c"))));
		m.put("empty", List.of());
		final Map<String, Object> back = Yaml.read(Yaml.write(m));
		assertEquals("a: \"quoted\" # name", back.get("name"));
		assertEquals("yes", back.get("yes"));
		assertEquals("0.5.3", back.get("version"));
		assertEquals(List.of(Map.of("k", List.of(1.5, -2.0)), Map.of("a", Map.of("b", "c"))), back.get("list"));
		assertEquals(List.of(), back.get("empty"));
	}

	@Test
	void normalisationsMapToPreprocessingAndBack() {
		final Normalization meanStd = Normalization.meanStd(new float[] { 0.5f, 0.25f }, new float[] { 0.2f, 2f });
		for (final Normalization n : List.of(Normalization.range(), Normalization.minMax(), Normalization.none(),
			meanStd, Normalization.meanStd(new float[] { 0.5f }, new float[] { 0.25f })))
		{
			final Normalization back = ModelZooPreprocessing.from(ModelZooPreprocessing.of(n, 8));
			assertEquals(n.method(), back.method(), n.toString());
			assertArrayEquals(n.mean(), back.mean(), 1e-6f);
			assertArrayEquals(n.std(), back.std(), 1e-6f);
		}
		// mean 0 and std 1: no redundant scale_linear (the spec refuses one)
		assertEquals(List.of("scale_linear"), ModelZooPreprocessing.of(Normalization.meanStd(new float[] { 0 },
			new float[] { 1 }), 8).stream().map(o -> o.get("id")).toList());
		assertEquals(8, ModelZooPreprocessing.bitDepth(ModelZooPreprocessing.of(meanStd, 8)));
		assertEquals(16, ModelZooPreprocessing.bitDepth(ModelZooPreprocessing.of(Normalization.range(), 16)));
		assertEquals("scale_range", ModelZooPreprocessing.of(Normalization.range(), 32).get(0).get("id"));
		assertEquals(0, ModelZooPreprocessing.bitDepth(ModelZooPreprocessing.of(Normalization.range(), 32)));
		final UserInputException e = assertThrows(UserInputException.class, () -> ModelZooPreprocessing.from(List.of(
			Map.of("id", "zero_mean_unit_variance", "kwargs", Map.of("axes", List.of("y", "x"))))));
		assertTrue(e.getMessage().startsWith("the package's preprocessing (zero_mean_unit_variance"), e.getMessage());
		assertThrows(UserInputException.class, () -> ModelZooPreprocessing.from(List.of(Map.of("id", "scale_range",
			"kwargs", Map.of("min_percentile", 1.0, "max_percentile", 99.8)))));
	}
}
