package org.convnetij.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ImageProcessor;

/**
 * Makes {@code sample-images/labelled/}: 32x32 RGB tiles of {@code ihc.png} (colon tissue, DAB + hematoxylin),
 * class {@code gland} (epithelium, stained brown by DAB) or {@code stroma} (connective tissue: blue hematoxylin
 * nuclei on a pale background). Tiles come from a non-overlapping grid, so no two files share a pixel (a
 * validation split stays honest). A tile's class comes from the fraction of its pixels that are brown (red above
 * blue by more than 30): at least 0.5 is gland, at most 0.1 stroma; tiles in between, and tiles more than 60 %
 * near-white (lumen, background), are left out. Of the candidates, {@link #PER_CLASS} per class are drawn with a
 * fixed seed. (64x64 tiles would leave only 13 stroma tiles in this 512x512 image.) Run from the repository root:
 * <pre>
 * mvn -o -q test-compile
 * java -cp target/test-classes:target/classes:$HOME/.m2/repository/net/imagej/ij/1.54p/ij-1.54p.jar \
 *   org.convnetij.data.SampleLabelledSet sample-images/ihc.png sample-images/labelled
 * </pre>
 */
public final class SampleLabelledSet {

	static final int TILE = 32, PER_CLASS = 40;
	static final long SEED = 1;
	static final double GLAND_MIN_BROWN = 0.5, STROMA_MAX_BROWN = 0.1, MAX_WHITE = 0.6;

	private SampleLabelledSet() {}

	public static void main(final String[] args) throws Exception {
		final Path source = Path.of(args[0]), out = Path.of(args[1]);
		final ImagePlus imp = new Opener().openImage(source.toString());
		final ImageProcessor ip = imp.getProcessor();
		final List<int[]> gland = new ArrayList<>(), stroma = new ArrayList<>();
		for (int y = 0; y + TILE <= imp.getHeight(); y += TILE) {
			for (int x = 0; x + TILE <= imp.getWidth(); x += TILE) {
				final double[] f = fractions(ip, x, y);
				if (f[1] > MAX_WHITE) continue;
				if (f[0] >= GLAND_MIN_BROWN) gland.add(new int[] { x, y });
				else if (f[0] <= STROMA_MAX_BROWN) stroma.add(new int[] { x, y });
			}
		}
		System.out.println("candidates: gland " + gland.size() + ", stroma " + stroma.size());
		write(ip, gland, out.resolve("gland"));
		write(ip, stroma, out.resolve("stroma"));
	}

	private static void write(final ImageProcessor ip, final List<int[]> tiles, final Path dir) throws Exception {
		Collections.shuffle(tiles, new Random(SEED));
		Files.createDirectories(dir);
		for (final int[] t : tiles.subList(0, PER_CLASS)) {
			ip.setRoi(t[0], t[1], TILE, TILE);
			final Path file = dir.resolve(String.format(Locale.ROOT, "ihc_x%03d_y%03d.png", t[0], t[1]));
			if (!new FileSaver(new ImagePlus("tile", ip.crop())).saveAsPng(file.toString())) {
				throw new IllegalStateException("cannot write " + file);
			}
		}
	}

	/** {fraction of brown pixels, fraction of near-white pixels} in the tile at (x0, y0). */
	static double[] fractions(final ImageProcessor ip, final int x0, final int y0) {
		int brown = 0, white = 0;
		for (int y = y0; y < y0 + TILE; y++) {
			for (int x = x0; x < x0 + TILE; x++) {
				final int c = ip.get(x, y);
				final int r = (c >> 16) & 0xff, g = (c >> 8) & 0xff, b = c & 0xff;
				if (r - b > 30) brown++;
				if (r > 215 && g > 215 && b > 215) white++;
			}
		}
		final double n = TILE * TILE;
		return new double[] { brown / n, white / n };
	}
}
