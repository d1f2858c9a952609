package org.convnetij.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.convnetij.data.InputShape;
import org.convnetij.data.Normalization;
import org.convnetij.nn.Architecture;
import org.convnetij.nn.ConvPattern;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job's two doors give the single-machine Classify's rows: {@code ./convnet spark classify ...
 * master=local[2]} (an embedded Spark from target/spark-jars) and the spark-submit form, run as spark-submit runs
 * it without a Spark install: {@code java -cp "target/spark-jars/*" org.apache.spark.deploy.SparkSubmit --class
 * org.convnetij.spark.SparkJob --master local[2] target/convnet-spark.jar classify ...}. A second run onto the same
 * output is refused with one line.
 */
class SparkLauncherIT {

	@TempDir
	Path tmp;

	private static final Path LABELLED = new File(Processes.ROOT, "sample-images/labelled").toPath();

	@Test
	void theLauncherAndSparkSubmitGiveTheSingleMachineRows() throws Exception {
		final Path model = tmp.resolve("model");
		try (Network m = Networks.create(ModelSpec.of(Architecture.CUSTOM, InputShape.of(32, 32, 3)).pattern(ConvPattern
			.defaults().filters(4, 8).units(8)).classes(List.of("gland", "stroma")).normalization(Normalization.range()),
			11))
		{
			m.save(model);
		}
		final Path single = tmp.resolve("single.csv");
		final Processes.Result classify = Processes.launcher("Classify", "model=" + model, "input=" + LABELLED,
			"output=" + single);
		assertEquals(0, classify.exitCode, classify::toString);
		final Map<String, String[]> expected = new HashMap<>();
		final List<String> lines = Files.readAllLines(single);
		for (final String line : lines.subList(1, lines.size())) {
			final String[] v = line.split(",");
			expected.put(LABELLED.resolve(v[0]).toString(), v);
		}
		assertEquals(80, expected.size());

		final Path launched = tmp.resolve("launched");
		final Processes.Result spark = Processes.launcher("spark", "classify", "model=" + model, "input=" + LABELLED,
			"output=" + launched, "master=local[2]", "format=csv");
		assertEquals(0, spark.exitCode, spark::toString);
		assertTrue(spark.err.contains("convnet spark: partitions "), spark::toString);
		assertTrue(spark.out.contains("(all rows),80"), spark::toString);
		assertSameRows(expected, launched);

		final List<String> submit = new ArrayList<>(List.of("java"));
		submit.addAll(Arrays.asList(System.getProperty("spark.java.options", "").trim().split("\\s+")));
		submit.addAll(List.of("-cp", new File(Processes.ROOT, "target/spark-jars").getPath() + "/*",
			"org.apache.spark.deploy.SparkSubmit", "--class", "org.convnetij.spark.SparkJob", "--master", "local[2]",
			"--conf", "spark.ui.enabled=false", new File(Processes.ROOT, "target/convnet-spark.jar").getPath(), "classify",
			"model=" + model, "input=" + LABELLED, "output=" + tmp.resolve("submitted"), "format=csv"));
		final Processes.Result submitted = Processes.run(submit, true, 300, true);
		assertEquals(0, submitted.exitCode, submitted::toString);
		assertSameRows(expected, tmp.resolve("submitted"));

		final Processes.Result again = Processes.launcher("spark", "classify", "model=" + model, "input=" + LABELLED,
			"output=" + launched, "master=local[1]");
		assertEquals(2, again.exitCode, again::toString);
		final List<String> said = again.err.lines().filter(l -> l.startsWith("convnet spark:")).toList();
		assertEquals(List.of("convnet spark: output " + launched + " exists: give overwrite to replace it, or another " +
			"output folder"), said, again::toString);
		assertFalse(again.err.contains("\tat "), "no stack trace");
	}

	/** The job's CSV parts hold the single-machine rows: same class, probabilities within 1e-5. */
	private static void assertSameRows(final Map<String, String[]> expected, final Path output) throws IOException {
		final Map<String, String[]> rows = new HashMap<>();
		try (Stream<Path> parts = Files.list(output)) {
			for (final Path part : parts.filter(p -> p.getFileName().toString().endsWith(".csv") && !p.getFileName()
				.toString().startsWith("_")).toList())
			{
				final List<String> lines = Files.readAllLines(part);
				assertEquals("file,class,gland,stroma,error", lines.get(0));
				for (final String line : lines.subList(1, lines.size())) {
					final String[] v = line.split(",", -1);
					assertEquals(null, rows.put(v[0], v), "one row per image: " + v[0]);
				}
			}
		}
		assertEquals(expected.keySet(), rows.keySet());
		for (final Map.Entry<String, String[]> e : expected.entrySet()) {
			final String[] want = e.getValue(), got = rows.get(e.getKey());
			assertNotNull(got);
			assertEquals(want[1], got[1], e.getKey());
			for (int c = 2; c < 4; c++) {
				assertEquals(Double.parseDouble(want[c]), Double.parseDouble(got[c]), 1e-5, e.getKey());
			}
			assertEquals("", got[4], "no error");
		}
		assertTrue(Files.readString(output.resolve("_summary.csv")).contains("(all rows),80"));
	}
}
