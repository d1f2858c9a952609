package org.convnetij.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;

import java.io.IOException;
import java.util.List;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.convnetij.util.UserInputException;

/**
 * The image paths of a job's input, listed by Spark, never read on the driver: a folder (and its subfolders) or a
 * glob through Spark's {@code binaryFile} source (only its path column, so no content is read while listing), one
 * image file, or a listing file (text, one path per line; relative paths are relative to the listing's folder;
 * empty lines and lines starting with # are skipped). TIFF, PNG and JPEG names only; names starting with "." or "_"
 * are skipped (Spark's rule for hidden files).
 */
final class InputListing {

	static final StructType SCHEMA = DataTypes.createStructType(List.of(DataTypes.createStructField("path",
		DataTypes.StringType, false)));

	private static final String IMAGE = "(?i).*\\.(tif|tiff|png|jpg|jpeg)$";

	private InputListing() {}

	static Dataset<Row> paths(final SparkSession spark, final String input) throws IOException {
		if (input.matches(".*[*?\\[{].*")) return binaryFiles(spark, input);
		final Path path = new Path(input);
		final FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
		if (!fs.exists(path)) {
			throw new UserInputException("input " + input + " does not exist: give a folder of images, a glob " +
				"(quoted, e.g. 'data/*/*.png') or a listing file with one image path per line");
		}
		final FileStatus status = fs.getFileStatus(path);
		if (status.isDirectory()) return binaryFiles(spark, input);
		final String qualified = fs.makeQualified(path).toString();
		if (path.getName().matches(IMAGE)) {
			return spark.createDataFrame(List.of(ImageRows.path(qualified)), SCHEMA);
		}
		final String parent = fs.makeQualified(path).getParent().toString();
		return spark.read().text(qualified).filter((FilterFunction<Row>) r -> {
			final String line = r.getString(0).strip();
			return !line.isEmpty() && !line.startsWith("#");
		}).map((MapFunction<Row, Row>) r -> ImageRows.path(resolve(parent, r.getString(0).strip())), Encoders.row(
			SCHEMA));
	}

	private static Dataset<Row> binaryFiles(final SparkSession spark, final String input) {
		return spark.read().format("binaryFile").option("recursiveFileLookup", "true").load(input).select("path")
			.filter(lower(col("path")).rlike("\\.(tif|tiff|png|jpg|jpeg)$")).filter(not(col("path").rlike(
				"/[._][^/]*$")));
	}

	/** A listing line: a URI or absolute path as it is, a relative path against the listing's folder. */
	static String resolve(final String parent, final String line) {
		if (line.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || line.startsWith("/")) return line;
		return new Path(new Path(parent), line).toString();
	}
}
