package org.convnetij.spark;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.spark.SparkFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.convnetij.spark.JobSettings.Task;
import org.convnetij.util.UserInputException;

/**
 * Classify, Extract Features and Probability Map over many images on Apache Spark. The model folder is shipped to
 * the executors once ({@code addFile}); each executor JVM loads it once ({@link ExecutorModel}); the driver lists
 * the input's paths ({@link InputListing}) and spreads them over partitions of about {@code partition} images,
 * hashed by path (a retried partition gets the same paths); executors read, decode and classify their images in
 * batches ({@link ImageRows}); the rows go to Parquet or CSV through Spark's commit protocol into a staging folder
 * that becomes the output only when the job succeeded ({@link OutputFolder}), with {@value #SUMMARY} beside the
 * rows.
 * <p>
 * {@code spark-submit --class org.convnetij.spark.SparkJob convnet-spark.jar classify model=... input=...
 * output=...}, or {@code ./convnet spark classify ... master=local[2]} on an embedded Spark.
 */
public final class SparkJob {

	/** The summary table's file in the output folder (a name Spark's readers skip). */
	public static final String SUMMARY = "_summary.csv";

	/** What a job did: rows, rows with an error, rows per class (classify, probability-map), the time. */
	public record Result(String output, long rows, long errors, Map<String, Long> classes, double seconds,
		int partitions)
	{

		/** The summary table: class,count rows (per class, then errors and all). */
		public String table() {
			final StringBuilder sb = new StringBuilder("class,count\n");
			for (final Map.Entry<String, Long> e : classes.entrySet()) sb.append(e.getKey()).append(',').append(e
				.getValue()).append('\n');
			sb.append("(errors),").append(errors).append('\n');
			sb.append("(all rows),").append(rows).append('\n');
			return sb.toString();
		}
	}

	private SparkJob() {}

	public static void main(final String[] args) {
		final SparkSession.Builder builder = SparkSession.builder();
		final JobSettings settings;
		try {
			if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
				System.out.println("usage: " + JobSettings.USAGE);
				return;
			}
			settings = JobSettings.parse(Arrays.asList(args));
		}
		catch (final UserInputException e) {
			System.err.println("convnet spark: " + e.getMessage());
			System.exit(2);
			return;
		}
		// an existing local output is refused before Spark starts (run() checks every file system again)
		final java.nio.file.Path local = settings.output().matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") ? null : java.nio.file.Path
			.of(settings.output());
		if (local != null && Files.exists(local) && !settings.overwrite()) {
			System.err.println("convnet spark: output " + settings.output() + " exists: give overwrite to replace it, " +
				"or another output folder");
			System.exit(2);
			return;
		}
		builder.appName("ConvNet-IJ " + settings.task().word);
		// spark-submit sets spark.master; a plain java start (the launcher) runs an embedded local Spark
		if (settings.master() != null) builder.master(settings.master());
		else if (System.getProperty("spark.master") == null) builder.master("local[*]");
		int code = 0;
		try (SparkSession spark = builder.getOrCreate()) {
			spark.sparkContext().setLogLevel("WARN");
			final Result r = run(spark, settings, line -> System.err.println("convnet spark: " + line));
			System.out.print(r.table());
			System.out.printf(Locale.ROOT, "%d rows (%d with an error) in %.1f s, %.1f rows/s -> %s%n", r.rows(), r
				.errors(), r.seconds(), r.rows() / Math.max(1e-9, r.seconds()), r.output());
		}
		catch (final UserInputException e) {
			System.err.println("convnet spark: " + e.getMessage());
			code = 2;
		}
		catch (final Exception e) {
			System.err.println("convnet spark: the job failed: " + rootMessage(e));
			code = 1;
		}
		System.exit(code);
	}

	/**
	 * Runs one job on {@code spark}; {@code log} receives the driver's progress lines. Bad input is refused with a
	 * {@link UserInputException} before anything is written.
	 */
	public static Result run(final SparkSession spark, final JobSettings s, final Consumer<String> log)
		throws IOException
	{
		final long start = System.nanoTime();
		final Path model = Path.of(s.model()).toAbsolutePath().normalize();
		if (!Files.isDirectory(model)) {
			throw new UserInputException("model " + s.model() + " is not a folder: give a model folder (convnet.json)");
		}
		final List<String> classes = s.task() == Task.FEATURES ? List.of() : ExecutorModel.requireClassifier(model);
		final OutputFolder out = new OutputFolder(s.output(), s.overwrite(), spark.sparkContext()
			.hadoopConfiguration());
		final Dataset<Row> paths = InputListing.paths(spark, s.input());
		final String name = model.getFileName().toString();
		ship(spark, model);
		final int featureLength = s.task() == Task.FEATURES ? ExecutorModel.of(Path.of(SparkFiles.get(name))).features(s
			.layer(), s.grid()).length() : 0;
		final StructType schema = OutputSchema.of(s.task(), classes, featureLength, s.format().equals("csv"));
		// the listing is kept (paths only) so that counting it and spreading it list the input once; the listing
		// reads no content, so Spark's cost of opening a file (4 MB by default, which made 63 listing tasks of 2,000
		// tiles) is set low while it runs
		paths.persist(StorageLevel.MEMORY_AND_DISK());
		final String openCost = "spark.sql.files.openCostInBytes";
		final String given = spark.conf().get(openCost, null);
		spark.conf().set(openCost, String.valueOf(64 * 1024));
		final long count;
		try {
			count = paths.count();
		}
		catch (final RuntimeException e) {
			paths.unpersist();
			throw e;
		}
		finally {
			if (given == null) spark.conf().unset(openCost);
			else spark.conf().set(openCost, given);
		}
		if (count == 0) {
			paths.unpersist();
			throw new UserInputException("input " + s.input() + " has no TIFF, PNG or JPEG images");
		}
		final int partitions = (int) Math.max(spark.sparkContext().defaultParallelism(), (count + s.partition() - 1) / s
			.partition());
		log.accept(String.format(Locale.ROOT, "%d images listed in %.1f s; %d partitions of about %d (batch %d) -> %s",
			count, (System.nanoTime() - start) / 1e9, partitions, s.partition(), s.batch(), out.target()));
		final Dataset<Row> rows = paths.repartition(partitions, col("path")).sortWithinPartitions("path").mapPartitions(
			new ImageRows(s, name, out.staging() + "/" + OutputSchema.MAPS), Encoders.row(schema));
		final ProgressLog progress = new ProgressLog(partitions, log, 2000);
		spark.sparkContext().addSparkListener(progress);
		try {
			rows.write().format(s.format()).option("header", "true").mode(SaveMode.ErrorIfExists).save(out.staging());
			spark.sparkContext().removeSparkListener(progress);
			final Result r = summary(spark, s, schema, out, start, partitions);
			out.writeText(SUMMARY, r.table());
			out.commit();
			return r;
		}
		catch (final Exception e) { // SparkException too, which Scala throws undeclared
			awaitNoRunningTasks(spark);
			out.discard();
			throw e;
		}
		finally {
			spark.sparkContext().removeSparkListener(progress);
			paths.unpersist();
		}
	}

	/**
	 * After a failed job, Spark kills the tasks still running asynchronously; they could write into the staging
	 * folder after it was deleted. Waits (up to 60 s) until no task runs.
	 */
	private static void awaitNoRunningTasks(final SparkSession spark) {
		final long end = System.nanoTime() + 60_000_000_000L;
		while (System.nanoTime() < end) {
			int running = 0;
			for (final org.apache.spark.SparkExecutorInfo e : spark.sparkContext().statusTracker().getExecutorInfos()) {
				running += e.numRunningTasks();
			}
			if (running == 0) return;
			try {
				Thread.sleep(100);
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** The model folder to every executor, once per Spark application. */
	private static void ship(final SparkSession spark, final Path model) {
		final String uri = model.toUri().toString().replaceAll("/$", "");
		final boolean shipped = scala.jdk.javaapi.CollectionConverters.asJava(spark.sparkContext().listFiles())
			.stream().anyMatch(f -> f.replaceAll("/$", "").equals(uri));
		if (!shipped) spark.sparkContext().addFile(uri, true);
	}

	/** Counts of the written rows, read back from the staging folder (retried tasks counted once, as written). */
	private static Result summary(final SparkSession spark, final JobSettings s, final StructType schema,
		final OutputFolder out, final long start, final int partitions)
	{
		final Dataset<Row> written = spark.read().format(s.format()).schema(schema).option("header", "true").load(out
			.staging());
		final Map<String, Long> classes = new LinkedHashMap<>();
		long rows = 0, errors = 0;
		if (s.task() == Task.FEATURES) {
			final Row r = written.selectExpr("count(*)", "count(error)").first();
			rows = r.getLong(0);
			errors = r.getLong(1);
		}
		else {
			for (final Row r : written.groupBy("class").count().orderBy("class").collectAsList()) {
				rows += r.getLong(1);
				if (r.isNullAt(0)) errors += r.getLong(1);
				else classes.put(r.getString(0), r.getLong(1));
			}
		}
		return new Result(out.target(), rows, errors, classes, (System.nanoTime() - start) / 1e9, partitions);
	}

	private static String rootMessage(Throwable e) {
		while (e.getCause() != null && e.getCause() != e) e = e.getCause();
		return e.getClass().getSimpleName() + ": " + e.getMessage();
	}
}
