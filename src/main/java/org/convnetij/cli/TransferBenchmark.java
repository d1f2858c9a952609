package org.convnetij.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.ImageIO;

import org.convnetij.data.FashionMnist;
import org.convnetij.data.InputShape;
import org.convnetij.data.LabelledFolder;
import org.convnetij.data.LabelledImages;
import org.convnetij.data.Normalization;
import org.convnetij.nn.Architecture;
import org.convnetij.nn.ConvPattern;
import org.convnetij.nn.ImportSettings;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.nn.TransferSettings;
import org.convnetij.nn.TransferSettings.Strategy;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.AutoStrategy;
import org.convnetij.workflow.ModelExchange;
import org.convnetij.workflow.TrainOptions;
import org.convnetij.workflow.Trainer;
import org.convnetij.workflow.TransferLearning;

/**
 * {@code ./convnet benchmark transfer}: does transfer from MobileNetV2 (ImageNet-derived weights, the bundled
 * {@code sample-images/mobilenet_v2_tfjs} imported at {@value #SIZE} x {@value #SIZE}) pay on small sets of images
 * unlike ImageNet photos? Two sets:
 * <ul>
 * <li><b>textures</b>: brick, grass and gravel, 32 x 32 gray tiles cut from the three 512 x 512 textures of
 * {@code sample-images/textures} (CC0, scikit-image's sample data); the label is the texture a tile was cut from.
 * Training tiles from the top half of each image, test tiles from the bottom half (no pixel shared);
 * <li><b>fashion</b>: four kinds of tops of Fashion-MNIST (T-shirt/top, pullover, coat, shirt; 28 x 28 gray; Debian's
 * dataset-fashion-mnist), training images from its training part, test images from its test part.
 * </ul>
 * For every set, images per class and seed, on the same labelled images: a small CNN from scratch (3 blocks of a 3x3
 * convolution and a max pool, 16/32/64 filters), transfer with strategy=auto (which scores features at four layers
 * and fine-tuning by cross-validation or a hold-out and keeps the best), features at the last layer, features at the
 * layer auto found best among the feature candidates, and fine-tuning (auto's freeze point); every model is tested
 * on the same held-out test images. Prints a Markdown table per set (mean ± standard deviation over the seeds) and
 * the machine.
 */
public final class TransferBenchmark {

	/** The input size MobileNetV2 is imported at (the images are enlarged to it, gray copied to RGB). */
	public static final int SIZE = 64;

	/** What to run: sets, images per class, seeds, test images per class, epochs of transfer and of scratch. */
	public record Config(List<String> sets, int[] perClass, int seeds, int testPerClass, int epochs,
		int scratchEpochs) {

		/** The benchmark README reports. */
		public static Config full() {
			return new Config(List.of("textures", "fashion"), new int[] { 10, 50 }, 3, 50, 10, 40);
		}
	}

	/** One set ready to run: training pool and test images, both as PNG files of one labelled folder each. */
	public record Prepared(String name, String what, Path trainFolder, Path testFolder, InputShape shape) {}

	private TransferBenchmark() {}

	public static void main(final String[] args) throws IOException {
		run(Config.full(), System.out);
	}

	public static void run(final Config config, final PrintStream out) throws IOException {
		final Path mobileNet = LauncherHome.sample("mobilenet_v2_tfjs");
		if (!Files.isRegularFile(mobileNet.resolve("model.json"))) {
			throw new UserInputException("no MobileNetV2 in '" + mobileNet + "' (run the launcher of a full checkout)");
		}
		final Path work = Files.createTempDirectory("transfer-benchmark");
		try {
			run(config, mobileNet, LauncherHome.sample("textures"), work, out);
		}
		finally {
			try (var s = Files.walk(work)) {
				for (final Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) Files
					.deleteIfExists(p);
			}
		}
	}

	static void run(final Config config, final Path mobileNet, final Path textures, final Path work,
		final PrintStream out) throws IOException
	{
		final long start = System.nanoTime();
		out.println("Transfer benchmark: scratch, auto, features (last / chosen layer) and fine-tuning of MobileNetV2 " +
			"at " + SIZE + " x " + SIZE + " on images unlike ImageNet photos");
		out.println("machine: " + TransferDemo.machine());
		final Path pretrained = work.resolve("mobilenetv2-" + SIZE);
		ModelExchange.importModel(ImportSettings.of(mobileNet, pretrained).size(SIZE), Progress.NONE);
		final int maxPerClass = java.util.Arrays.stream(config.perClass()).max().orElse(1);
		final List<String> tables = new ArrayList<>();
		for (final String set : config.sets()) {
			final Prepared p = prepare(set, textures, work.resolve(set), maxPerClass, config.testPerClass());
			tables.add(runSet(p, pretrained, config, work, out));
		}
		out.println();
		for (final String t : tables) out.println(t);
		out.println(String.format(Locale.ROOT, "total %.0f s; machine: %s", (System.nanoTime() - start) / 1e9,
			TransferDemo.machine()));
	}

	/** Writes the set's training pool ({@code poolPerClass} per class) and test images as labelled PNG folders. */
	public static Prepared prepare(final String set, final Path textures, final Path folder, final int poolPerClass,
		final int testPerClass) throws IOException
	{
		switch (set) {
			case "textures":
				return textures(textures, folder, poolPerClass, testPerClass);
			case "fashion":
				return fashion(folder, poolPerClass, testPerClass);
			default:
				throw new UserInputException("unknown set '" + set + "': use textures or fashion");
		}
	}

	/** The tile size of the textures set. */
	static final int TILE = 32;

	private static Prepared textures(final Path textures, final Path folder, final int poolPerClass,
		final int testPerClass) throws IOException
	{
		final Path train = folder.resolve("train"), test = folder.resolve("test");
		for (final String name : List.of("brick", "grass", "gravel")) {
			final Path file = textures.resolve(name + ".png");
			final BufferedImage image = ImageIO.read(file.toFile());
			if (image == null) throw new UserInputException("cannot read the texture " + file);
			final int half = image.getHeight() / 2, across = image.getWidth() / TILE, down = half / TILE;
			if (across * down < Math.max(poolPerClass, testPerClass)) {
				throw new UserInputException(file + " gives " + across * down + " tiles per half, fewer than " + Math.max(
					poolPerClass, testPerClass));
			}
			// tiles in reading order; training from the top half, test from the bottom half, evenly spread
			writeTiles(image, 0, across, down, poolPerClass, train.resolve(name), name);
			writeTiles(image, half, across, down, testPerClass, test.resolve(name), name);
		}
		return new Prepared("textures", "brick / grass / gravel, " + TILE + " x " + TILE + " gray tiles of the CC0 " +
			"textures in sample-images/textures (training: top half, test: bottom half)", train, test, InputShape.of(
				TILE, TILE, 1));
	}

	private static void writeTiles(final BufferedImage image, final int y0, final int across, final int down,
		final int count, final Path dir, final String name) throws IOException
	{
		Files.createDirectories(dir);
		final int total = across * down;
		for (int k = 0; k < count; k++) {
			final int t = (int) ((long) k * total / count);
			final int x = (t % across) * TILE, y = y0 + (t / across) * TILE;
			final BufferedImage tile = new BufferedImage(TILE, TILE, BufferedImage.TYPE_BYTE_GRAY);
			for (int j = 0; j < TILE; j++) for (int i = 0; i < TILE; i++) {
				final int rgb = image.getRGB(x + i, y + j);
				// the textures are gray: any channel is the value
				final int v = rgb & 0xff;
				tile.getRaster().setSample(i, j, 0, v);
			}
			ImageIO.write(tile, "png", dir.resolve(String.format(Locale.ROOT, "%s_x%03d_y%03d.png", name, x, y))
				.toFile());
		}
	}

	/** Fashion-MNIST classes of the fashion set: T-shirt/top, pullover, coat, shirt. */
	static final int[] TOPS = { 0, 2, 4, 6 };

	private static Prepared fashion(final Path folder, final int poolPerClass, final int testPerClass)
		throws IOException
	{
		final Path data = FashionMnist.locate(null);
		final Path train = folder.resolve("train"), test = folder.resolve("test");
		writePngs(FashionMnist.load(data, FashionMnist.Part.TRAIN, TOPS, poolPerClass, 1), train);
		writePngs(FashionMnist.load(data, FashionMnist.Part.TEST, TOPS, testPerClass, 1), test);
		return new Prepared("fashion", "Fashion-MNIST T-shirt/top, pullover, coat, shirt, 28 x 28 gray (training " +
			"images from its training part, test images from its test part)", train, test, InputShape.of(28, 28, 1));
	}

	private static void writePngs(final LabelledImages images, final Path folder) throws IOException {
		final InputShape s = images.shape();
		for (int i = 0; i < images.size(); i++) {
			final String cls = images.classNames().get(images.label(i)).replaceAll("[^A-Za-z0-9]+", "-");
			final Path dir = folder.resolve(cls);
			Files.createDirectories(dir);
			final BufferedImage b = new BufferedImage(s.width(), s.height(), BufferedImage.TYPE_BYTE_GRAY);
			final float[] px = images.pixels(i);
			for (int y = 0; y < s.height(); y++) for (int x = 0; x < s.width(); x++) {
				b.getRaster().setSample(x, y, 0, Math.round(px[y * s.width() + x] * 255));
			}
			ImageIO.write(b, "png", dir.resolve(String.format(Locale.ROOT, "%05d.png", i)).toFile());
		}
	}

	/** The small CNN trained from scratch: 3 blocks of one 3x3 convolution and a 2x2 max pool, then the classifier. */
	static ModelSpec scratchSpec(final InputShape shape, final List<String> classes) {
		return ModelSpec.of(Architecture.CUSTOM, shape).pattern(ConvPattern.defaults().blocks(3).filters(16, 32, 64).dense(0)).classes(classes)
			.normalization(Normalization.range());
	}

	private static final String[] COLUMNS = { "scratch", "auto", "features, last layer", "features, chosen layer",
		"finetune" };

	private static String runSet(final Prepared p, final Path pretrained, final Config config, final Path work,
		final PrintStream out) throws IOException
	{
		out.println();
		out.println("== " + p.name() + ": " + p.what());
		final Normalization norm = ModelSpec.read(pretrained).normalization();
		final InputShape big = InputShape.of(SIZE, SIZE, 3);
		final LabelledImages pool = LabelledFolder.scan(p.trainFolder()).load(p.shape(), norm, Progress.NONE).images();
		final LabelledImages test = LabelledFolder.scan(p.testFolder()).load(p.shape(), norm, Progress.NONE).images();
		final LabelledImages poolBig = pool.reshaped(big), testBig = test.reshaped(big);
		final StringBuilder table = new StringBuilder();
		table.append("**").append(p.name()).append("**: ").append(p.what()).append("; ").append(pool.classCount())
			.append(" classes, tested on ").append(test.size()).append(" held-out images; accuracy in %, mean ± " +
				"standard deviation over ").append(config.seeds()).append(" seeds (other labelled images each)\n\n");
		table.append("| images per class | scratch | auto | features, last layer | features, chosen layer | finetune | " +
			"best transfer - scratch | layers auto found best | auto chose | seconds |\n|---|---|---|---|---|---|---|---|---|---|\n");
		for (final int n : config.perClass()) {
			final long tn = System.nanoTime();
			final double[][] acc = new double[COLUMNS.length][config.seeds()];
			final Map<String, Integer> layers = new LinkedHashMap<>(), picks = new LinkedHashMap<>();
			for (int s = 0; s < config.seeds(); s++) {
				final long seed = s + 1;
				final long ts = System.nanoTime();
				final LabelledImages few = pool.samplePerClass(n, seed), fewBig = poolBig.samplePerClass(n, seed);
				try (Network m = Networks.create(scratchSpec(p.shape(), few.classNames()), seed)) {
					Trainer.fit(m, few, TrainOptions.builder().epochs(config.scratchEpochs()).seed(seed)
						.validationFraction(0).build(), Progress.NONE);
					acc[0][s] = Trainer.evaluate(m, test, Progress.NONE).accuracy();
				}
				final TransferSettings settings = new TransferSettings(Strategy.AUTO, "", config.epochs(), 0.01, seed);
				final Path autoFolder = work.resolve(p.name() + "-auto-" + n + "-" + seed);
				final TransferLearning.Result auto = TransferLearning.run(new TransferLearning.Target(pretrained,
					autoFolder, false), fewBig, null, settings, Progress.NONE);
				acc[1][s] = testAccuracy(autoFolder, testBig);
				final List<String[]> candidates = candidates(autoFolder);
				String bestLayer = "", freeze = "";
				double bestFeatures = -1;
				String chosen = "";
				for (final String[] c : candidates) {
					final double a = Double.parseDouble(c[5]);
					if (c[1].equals("features") && a > bestFeatures) {
						bestFeatures = a;
						bestLayer = c[2];
					}
					if (c[1].equals("finetune")) freeze = c[4];
					if (c[7].equals("true")) chosen = c[1].equals("finetune") ? "finetune" : c[2].isEmpty() ? "last layer"
						: c[2];
				}
				picks.merge(chosen, 1, Integer::sum);
				layers.merge(bestLayer.isEmpty() ? "last layer" : bestLayer, 1, Integer::sum);
				final boolean autoFeaturesLast = chosen.equals("last layer"), autoFinetune = chosen.equals("finetune");
				acc[2][s] = autoFeaturesLast ? acc[1][s] : transfer(pretrained, fewBig, settings.strategy(
					Strategy.FEATURES), testBig, work.resolve(p.name() + "-last-" + n + "-" + seed));
				acc[3][s] = bestLayer.isEmpty() ? acc[2][s] : !autoFinetune ? acc[1][s] : transfer(pretrained, fewBig,
					settings.strategy(Strategy.FEATURES).layer(bestLayer, 1), testBig, work.resolve(p.name() + "-layer-" +
						n + "-" + seed));
				acc[4][s] = autoFinetune ? acc[1][s] : transfer(pretrained, fewBig, settings.strategy(Strategy.FINETUNE)
					.freeze(freeze), testBig, work.resolve(p.name() + "-finetune-" + n + "-" + seed));
				deleteTree(autoFolder);
				out.println(String.format(Locale.ROOT, "  %d per class, seed %d: scratch %.1f, auto %.1f (%s), features " +
					"last %.1f, features at %s %.1f, finetune %.1f (%.1f s)", n, seed, 100 * acc[0][s], 100 * acc[1][s],
					chosen, 100 * acc[2][s], bestLayer.isEmpty() ? "last layer" : bestLayer, 100 * acc[3][s], 100 *
						acc[4][s], (System.nanoTime() - ts) / 1e9));
				if (s == 0 && n == config.perClass()[0]) {
					out.println("  " + auto.report().replace(work.toString(), "<tmp>").replace("\n", "\n  "));
				}
			}
			final double[] bestTransfer = new double[config.seeds()];
			for (int s = 0; s < config.seeds(); s++) {
				bestTransfer[s] = Math.max(Math.max(acc[1][s], acc[2][s]), Math.max(acc[3][s], acc[4][s])) - acc[0][s];
			}
			table.append("| ").append(n);
			for (final double[] column : acc) table.append(" | ").append(TransferDemo.meanSd(column, 1));
			table.append(" | ").append(TransferDemo.meanSd(bestTransfer, 1)).append(" | ").append(counts(layers)).append(
				" | ").append(counts(picks)).append(String.format(Locale.ROOT, " | %.0f |%n", (System.nanoTime() - tn) /
					1e9));
		}
		table.append("\nScratch: ").append(config.scratchEpochs()).append(" epochs (Adam 0.001) at ").append(p.shape()
			.width()).append(" x ").append(p.shape().height()).append("; transfer at ").append(SIZE).append(" x ").append(
				SIZE).append(": softmax head ").append(config.epochs()).append(" epochs (rate 0.01), fine-tuning ").append(
					config.epochs()).append(" more at 1e-4 with auto's freeze point; best transfer - scratch: the best of " +
						"the four transfer columns per seed minus scratch, in percentage points (an upper bound: picking the " +
						"best after seeing the test set is what auto must do without it).\n");
		return table.toString();
	}

	private static double transfer(final Path pretrained, final LabelledImages few, final TransferSettings settings,
		final LabelledImages test, final Path folder) throws IOException
	{
		TransferLearning.run(new TransferLearning.Target(pretrained, folder, false), few, null, settings, Progress.NONE);
		final double a = testAccuracy(folder, test);
		deleteTree(folder);
		return a;
	}

	private static double testAccuracy(final Path folder, final LabelledImages test) {
		try (Network m = Networks.load(folder)) {
			return Trainer.evaluate(m, test, Progress.NONE).accuracy();
		}
		catch (final IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	/** The rows of auto's candidate list: name, strategy, layer, grid, freeze, accuracy, seconds, chosen. */
	static List<String[]> candidates(final Path folder) throws IOException {
		final List<String[]> rows = new ArrayList<>();
		final List<String> lines = Files.readAllLines(folder.resolve(AutoStrategy.CSV_NAME));
		for (final String line : lines.subList(1, lines.size())) {
			final int close = line.indexOf('"', 1);
			final String[] rest = line.substring(close + 2).split(",", -1);
			final String[] row = new String[8];
			row[0] = line.substring(1, close);
			System.arraycopy(rest, 0, row, 1, 7);
			rows.add(row);
		}
		return rows;
	}

	private static String counts(final Map<String, Integer> m) {
		final List<String> parts = new ArrayList<>();
		for (final Map.Entry<String, Integer> e : m.entrySet()) parts.add(e.getKey() + " x" + e.getValue());
		return String.join(", ", parts);
	}

	private static void deleteTree(final Path root) throws IOException {
		if (!Files.exists(root)) return;
		try (var s = Files.walk(root)) {
			for (final Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) Files
				.deleteIfExists(p);
		}
	}
}
