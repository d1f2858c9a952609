package org.convnetij.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.convnetij.data.InputShape;
import org.convnetij.data.Normalization;
import org.convnetij.data.RawImage;
import org.convnetij.data.ImageReader;
import org.convnetij.nn.Architecture;
import org.convnetij.nn.ConvPattern;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.testutil.TestFiles;
import org.convnetij.testutil.Tolerance;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.Cnn;
import org.convnetij.workflow.FeatureExport;
import org.convnetij.workflow.ProbabilityMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark jobs on an embedded local Spark with two task threads and two attempts per task ({@code local[2,2]}),
 * one session for the class, a small RGB model of the labelled sample set's classes: the rows equal the
 * single-machine Classify and Extract Features, bad images become error rows, a retried task leaves each path once,
 * and outputs are never half-written or silently replaced.
 */
class SparkJobTest {

	@TempDir
	static Path tmp;

	private static SparkSession spark;
	private static Path model;
	private static final Path LABELLED = TestFiles.sample("labelled").toAbsolutePath();

	@BeforeAll
	static void start() throws IOException {
		model = tmp.resolve("model");
		try (Network m = Networks.create(ModelSpec.of(Architecture.CUSTOM, InputShape.of(32, 32, 3)).pattern(ConvPattern
			.defaults().filters(4, 8).units(8)).classes(List.of("gland", "stroma")).normalization(Normalization.range())
			.bitDepth(8), 7))
		{
			m.save(model);
		}
		spark = SparkSession.builder().master("local[2,2]").appName("SparkJobTest").config("spark.ui.enabled", "false")
			.config("spark.driver.host", "127.0.0.1").config("spark.sql.shuffle.partitions", "4").getOrCreate();
		spark.sparkContext().setLogLevel("ERROR");
	}

	@AfterAll
	static void stop() {
		if (spark != null) spark.stop();
	}

	private static JobSettings job(final String... args) {
		final List<String> a = new ArrayList<>(List.of(args));
		a.add(1, "model=" + model);
		return JobSettings.parse(a);
	}

	private static List<Row> rows(final String format, final Path output) {
		return spark.read().format(format).option("header", "true").option("inferSchema", "true").load(output.toString())
			.collectAsList();
	}

	@Test
	void classifyGivesTheSingleMachineRowsAndLoadsOneModel() throws IOException {
		final Path out = tmp.resolve("classified");
		final List<String> log = new ArrayList<>();
		final SparkJob.Result r = SparkJob.run(spark, job("classify", "input=" + LABELLED, "output=" + out,
			"partition=16"), log::add);
		final int models = ExecutorModel.loadedCount();
		final Cnn.Classification single = Cnn.classifyFolder(model, LABELLED, Progress.NONE);
		final Map<String, Row> byFile = new HashMap<>();
		for (final Row row : rows("parquet", out)) assertNull(byFile.put(row.getString(0), row), "one row per file");
		assertEquals(single.names().size(), byFile.size());
		assertEquals(80, r.rows());
		for (int i = 0; i < single.names().size(); i++) {
			final Row row = byFile.get(LABELLED.resolve(single.names().get(i)).toString());
			assertNotNull(row, single.names().get(i));
			final float[] p = single.probabilities().get(i);
			assertEquals(single.classes().get(OutputSchema.argmax(p)), row.getAs("class"), single.names().get(i));
			for (int c = 0; c < p.length; c++) {
				assertEquals(p[c], row.<Float>getAs(single.classes().get(c)), 1e-5, single.names().get(i));
			}
			assertNull(row.getAs("error"));
		}
		// the summary beside the rows, and progress lines on the driver
		final String summary = Files.readString(out.resolve(SparkJob.SUMMARY));
		assertTrue(summary.startsWith("class,count\n"), summary);
		assertTrue(summary.contains("(all rows),80\n"), summary);
		assertTrue(log.stream().anyMatch(l -> l.matches("partitions 5/5, 80 rows, .* rows/s")), log.toString());
		// a second job in the same JVM reuses the loaded model
		SparkJob.run(spark, job("classify", "input=" + LABELLED.resolve("gland"), "output=" + tmp.resolve("again")),
			l -> {});
		assertEquals(models, ExecutorModel.loadedCount());
	}

	@Test
	void featuresGiveTheSingleMachineRows() throws IOException {
		final Path gland = LABELLED.resolve("gland");
		final Path csv = tmp.resolve("features.csv");
		FeatureExport.run(model, "", gland, csv, Progress.NONE);
		final List<String> lines = Files.readAllLines(csv);
		final Path out = tmp.resolve("features");
		SparkJob.run(spark, job("features", "input=" + gland, "output=" + out, "format=csv"), l -> {});
		final Map<String, Row> byFile = new HashMap<>();
		for (final Row row : rows("csv", out)) byFile.put(row.getString(0), row);
		assertEquals(lines.size() - 1, byFile.size());
		final String[] header = lines.get(0).split(",");
		for (final String line : lines.subList(1, lines.size())) {
			final String[] v = line.split(",");
			final Row row = byFile.get(Path.of(v[0]).toAbsolutePath().toString());
			assertNotNull(row, v[0]);
			final float[] expected = new float[v.length - 1], actual = new float[v.length - 1];
			for (int j = 1; j < v.length; j++) {
				expected[j - 1] = Float.parseFloat(v[j]);
				actual[j - 1] = ((Number) row.getAs(header[j])).floatValue();
			}
			Tolerance.assertClose(expected, actual, 1e-5, v[0]);
		}
		// Parquet: one array column
		final Path parquet = tmp.resolve("features-parquet");
		SparkJob.run(spark, job("features", "input=" + gland, "output=" + parquet), l -> {});
		final List<Row> arrays = rows("parquet", parquet);
		assertEquals(List.of("file", "features", "error"), List.of(arrays.get(0).schema().fieldNames()));
		for (final Row row : arrays) {
			final Row flat = byFile.get(row.getString(0));
			final List<Float> f = row.getList(1);
			assertEquals(header.length - 1, f.size());
			for (int j = 0; j < f.size(); j++) assertEquals(((Number) flat.getAs("f" + j)).floatValue(), f.get(j), 0f);
		}
	}

	@Test
	void badImagesBecomeErrorRowsAndTheJobGoesOn() throws IOException {
		final Path in = Files.createDirectories(tmp.resolve("bad"));
		final Path good = LABELLED.resolve("gland").resolve("ihc_x000_y064.png");
		Files.copy(good, in.resolve("good.png"));
		Files.write(in.resolve("corrupt.png"), new byte[] { (byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4, 5 });
		Files.write(in.resolve("empty.tif"), new byte[0]);
		// a 16-bit image for a model of 8-bit images
		final java.awt.image.BufferedImage deep = new java.awt.image.BufferedImage(32, 32,
			java.awt.image.BufferedImage.TYPE_USHORT_GRAY);
		javax.imageio.ImageIO.write(deep, "png", in.resolve("deep.png").toFile());
		final Path listing = in.resolve("images.txt");
		Files.writeString(listing, "# one path a line\ngood.png\ncorrupt.png\nempty.tif\ndeep.png\nmissing.png\n\n");
		final Path out = tmp.resolve("bad-out");
		final SparkJob.Result r = SparkJob.run(spark, job("classify", "input=" + listing, "output=" + out), l -> {});
		assertEquals(5, r.rows());
		assertEquals(4, r.errors());
		final Map<String, Row> byFile = new HashMap<>();
		for (final Row row : rows("parquet", out)) byFile.put(Path.of(row.getString(0)).getFileName().toString(), row);
		assertNull(byFile.get("good.png").getAs("error"));
		assertNotNull(byFile.get("good.png").getAs("class"));
		for (final String bad : List.of("corrupt.png", "empty.tif", "deep.png", "missing.png")) {
			final String error = byFile.get(bad).getAs("error");
			assertNotNull(error, bad);
			assertNull(byFile.get(bad).getAs("class"), bad);
		}
		assertTrue(byFile.get("deep.png").<String>getAs("error").contains("is a 16-bit image"), byFile.get("deep.png")
			.toString());
	}

	@Test
	void aRetriedTaskLeavesEachPathExactlyOnce() throws IOException {
		final AtomicInteger failed = new AtomicInteger();
		final SparkListener failures = new SparkListener() {

			@Override
			public void onTaskEnd(final SparkListenerTaskEnd end) {
				if (end.reason() != Success$.MODULE$) failed.incrementAndGet();
			}
		};
		spark.sparkContext().addSparkListener(failures);
		final Path out = tmp.resolve("retried");
		try {
			SparkJob.run(spark, job("classify", "input=" + LABELLED, "output=" + out, "partition=16", "batch=4")
				.failingFirstAttempt(), l -> {});
		}
		finally {
			spark.sparkContext().removeSparkListener(failures);
		}
		assertTrue(failed.get() >= 1, "the first attempt of partition 0 failed");
		final List<String> files = new ArrayList<>();
		for (final Row row : rows("parquet", out)) files.add(row.getString(0));
		final List<String> expected;
		try (Stream<Path> s = Files.walk(LABELLED)) {
			expected = s.filter(p -> p.toString().endsWith(".png")).map(Path::toString).sorted().toList();
		}
		assertEquals(expected, files.stream().sorted().toList(), "each input path once");
	}

	@Test
	void anExistingOutputIsReplacedOnlyWithOverwriteAndAFailedJobLeavesNothing() throws IOException {
		final Path out = Files.createDirectories(tmp.resolve("existing"));
		Files.writeString(out.resolve("keep.txt"), "old");
		final Path gland = LABELLED.resolve("gland");
		final UserInputException e = assertThrows(UserInputException.class, () -> SparkJob.run(spark, job("classify",
			"input=" + gland, "output=" + out), l -> {}));
		assertTrue(e.getMessage().contains("exists: give overwrite"), e.getMessage());
		assertTrue(Files.exists(out.resolve("keep.txt")));
		// a job that fails (each attempt of a task fails: 2 of 2) leaves the old output and no staging folder
		final JobSettings failing = job("classify", "input=" + gland, "output=" + out, "overwrite").failingAttempts(2);
		assertThrows(Exception.class, () -> SparkJob.run(spark, failing, l -> {}));
		assertTrue(Files.exists(out.resolve("keep.txt")), "the old output stays");
		final Path fresh = tmp.resolve("never");
		assertThrows(Exception.class, () -> SparkJob.run(spark, job("classify", "input=" + gland, "output=" + fresh)
			.failingAttempts(2), l -> {}));
		assertFalse(Files.exists(fresh), "no output folder");
		try (Stream<Path> s = Files.list(tmp)) {
			assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(".convnet-")).toList(),
				"no staging folder left");
		}
		SparkJob.run(spark, job("classify", "input=" + gland, "output=" + out, "overwrite"), l -> {});
		assertFalse(Files.exists(out.resolve("keep.txt")));
		assertEquals(40, rows("parquet", out).size());
	}

	@Test
	void probabilityMapsAreTheSingleMachineMaps() throws IOException {
		final Path gland = LABELLED.resolve("gland");
		final Path out = tmp.resolve("maps");
		final SparkJob.Result r = SparkJob.run(spark, job("probability-map", "input=" + gland, "output=" + out,
			"window=16", "stride=8"), l -> {});
		assertEquals(40, r.rows());
		final Path image = gland.resolve("ihc_x000_y064.png");
		final RawImage raw = ImageReader.standard().read(image);
		final float[][] expected = ProbabilityMap.compute(model, raw, new ProbabilityMap.Window(16, 8), null, Progress.NONE);
		final Row row = rows("parquet", out).stream().filter(x -> x.getString(0).equals(image.toString())).findFirst()
			.orElseThrow();
		final ij.ImagePlus maps = ij.IJ.openImage(out.resolve(row.<String>getAs("map")).toString());
		assertNotNull(maps);
		assertEquals(2, maps.getStackSize());
		for (int c = 0; c < 2; c++) {
			Tolerance.assertClose(expected[c], (float[]) maps.getStack().getPixels(c + 1), 1e-5, "class " + c);
		}
	}
}
