package org.convnetij.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.convnetij.spark.JobSettings.Task;

/**
 * The columns of the jobs' tables. classify: {@code file, class, <one probability column per class>, error} (Classify's
 * table plus the error); features: {@code file, features, error} with the features one array column in Parquet
 * (a table thousands of columns wide is slow to generate code for and to write), {@code file, f0 .. fN-1, error}
 * in CSV (Extract Features' table plus the error);
 * probability-map: {@code file, map, width, height, class, <the mean probability of each class>, error}, the map a
 * TIFF stack (one 32-bit plane per class, in column order) under {@value #MAPS}. A row with an error has nulls
 * elsewhere.
 */
final class OutputSchema {

	/** The folder of the probability maps in the output (a name Spark's readers skip). */
	static final String MAPS = "_maps";

	private OutputSchema() {}

	/** @param flat features as columns f0 .. fN-1 (CSV), else as one array column {@code features} */
	static StructType of(final Task task, final List<String> classes, final int features, final boolean flat) {
		final List<StructField> f = new ArrayList<>();
		f.add(DataTypes.createStructField("file", DataTypes.StringType, false));
		if (task == Task.FEATURES && !flat) {
			f.add(DataTypes.createStructField("features", DataTypes.createArrayType(DataTypes.FloatType, false), true));
		}
		else if (task == Task.FEATURES) {
			for (int i = 0; i < features; i++) f.add(DataTypes.createStructField("f" + i, DataTypes.FloatType, true));
		}
		else {
			if (task == Task.PROBABILITY_MAP) {
				f.add(DataTypes.createStructField("map", DataTypes.StringType, true));
				f.add(DataTypes.createStructField("width", DataTypes.IntegerType, true));
				f.add(DataTypes.createStructField("height", DataTypes.IntegerType, true));
			}
			f.add(DataTypes.createStructField("class", DataTypes.StringType, true));
			for (final String c : classes) f.add(DataTypes.createStructField(c, DataTypes.FloatType, true));
		}
		f.add(DataTypes.createStructField("error", DataTypes.StringType, true));
		return DataTypes.createStructType(f);
	}

	static Row classified(final String file, final List<String> classes, final float[] p) {
		final Object[] v = new Object[3 + p.length];
		v[0] = file;
		v[1] = classes.get(argmax(p));
		for (int i = 0; i < p.length; i++) v[2 + i] = p[i];
		return RowFactory.create(v);
	}

	static Row features(final String file, final float[] f, final boolean flat) {
		if (!flat) return RowFactory.create(file, f, null);
		final Object[] v = new Object[2 + f.length];
		v[0] = file;
		for (int i = 0; i < f.length; i++) v[1 + i] = f[i];
		return RowFactory.create(v);
	}

	static Row map(final String file, final String map, final int width, final int height, final List<String> classes,
		final float[][] maps)
	{
		final float[] mean = new float[maps.length];
		for (int c = 0; c < maps.length; c++) {
			double sum = 0;
			for (final float x : maps[c]) sum += x;
			mean[c] = (float) (sum / maps[c].length);
		}
		final Object[] v = new Object[6 + maps.length];
		v[0] = file;
		v[1] = map;
		v[2] = width;
		v[3] = height;
		v[4] = classes.get(argmax(mean));
		for (int c = 0; c < mean.length; c++) v[5 + c] = mean[c];
		return RowFactory.create(v);
	}

	static Row error(final Task task, final String file, final int classes, final int features, final boolean flat,
		final String message)
	{
		final int width = task == Task.FEATURES ? 2 + (flat ? features : 1) : task == Task.CLASSIFY ? 3 + classes : 6 +
			classes;
		final Object[] v = new Object[width];
		v[0] = file;
		v[width - 1] = message == null ? "failed" : message;
		return RowFactory.create(v);
	}

	/** The map's file name: the image's name and a hash of its whole path (names repeat across folders). */
	static String mapFile(final String name) {
		final String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).replaceAll(
			"[^A-Za-z0-9._-]", "_");
		return String.format(Locale.ROOT, "%s-%08x.tif", base, name.hashCode());
	}

	/** The first class of the highest probability (Classify's rule). */
	static int argmax(final float[] p) {
		int best = 0;
		for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
		return best;
	}
}
