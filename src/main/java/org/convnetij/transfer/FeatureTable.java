package org.convnetij.transfer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.convnetij.util.TempPaths;

/**
 * Features as a CSV table, one row per image: {@code file}, {@code class} (when the images came from a labelled
 * folder), then {@code f0 .. fN-1}. Written to a temporary file, then moved into place.
 */
public final class FeatureTable {

	private FeatureTable() {}

	/** Writes the table; {@code classes} is null for images without labels. */
	public static void write(final Path csv, final List<String> files, final List<String> classes,
		final float[][] features) throws IOException
	{
		final Path parent = csv.toAbsolutePath().getParent();
		if (parent != null) Files.createDirectories(parent);
		final Path tmp = csv.resolveSibling(csv.getFileName() + ".tmp");
		try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
			w.write("file");
			if (classes != null) w.write(",class");
			final int n = features.length == 0 ? 0 : features[0].length;
			for (int j = 0; j < n; j++) w.write(",f" + j);
			w.write('\n');
			for (int i = 0; i < features.length; i++) {
				w.write(quoted(files.get(i)));
				if (classes != null) w.write("," + quoted(classes.get(i)));
				for (final float f : features[i]) {
					w.write(',');
					w.write(Float.toString(f).toLowerCase(Locale.ROOT));
				}
				w.write('\n');
			}
		}
		TempPaths.moveIntoPlace(tmp, csv);
	}

	/** CSV quoting where a value holds a comma, quote or line break. */
	static String quoted(final String s) {
		if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
		return '"' + s.replace("\"", "\"\"") + '"';
	}
}
