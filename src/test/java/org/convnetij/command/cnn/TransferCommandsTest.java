package org.convnetij.command.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.convnetij.data.LabelledFolder;
import org.convnetij.ij1.ImagePlusImages;
import org.convnetij.testutil.TestFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.IJ;
import ij.ImagePlus;
import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The transfer-learning commands through CommandService with their macro keys, on the gland / stroma tiles:
 * Import Model (MobileNetV2 at 64 x 64), Transfer Learning (features), Extract Features (twice: the second run from
 * the cache), Probability Map of ihc.png, the image the tiles were cut from.
 */
class TransferCommandsTest {

	private static Context context;

	@TempDir
	static Path tmp;

	private static Path pretrained, classifier;

	@BeforeAll
	static void start() throws Exception {
		context = new Context(CommandService.class);
		pretrained = tmp.resolve("mobilenetv2");
		final CommandModule imported = run(ImportModelCommand.class, "source", TestFiles.mobileNetV2().toFile(),
			"inputsize", 64, "output", pretrained.toFile());
		assertFalse(imported.isCanceled(), imported.getCancelReason());
		classifier = tmp.resolve("gland-stroma");
		final CommandModule trained = run(TransferLearningCommand.class, "model", pretrained.toFile(), "data", Path.of(
			"sample-images", "labelled").toFile(), "strategy", "features", "epochs", 30, "rate", 0.01, "seed", 5L,
			"output", classifier.toFile());
		assertFalse(trained.isCanceled(), trained.getCancelReason());
		final String report = (String) trained.getOutput("report");
		assertTrue(report.startsWith("features (as asked): new head (predictions)"), report);
		assertTrue(report.contains("training accuracy 1.000"), report);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	static CommandModule run(final Class<? extends Command> c, final Object... keyValues) throws Exception {
		final Map<String, Object> inputs = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) inputs.put((String) keyValues[i], keyValues[i + 1]);
		return context.service(CommandService.class).run(c, false, inputs).get();
	}

	/** The layer and grid keys of Transfer Learning: the head on an earlier layer, pooled over a 2 x 2 grid. */
	@Test
	void transferLearningTakesLayerAndGrid() throws Exception {
		final Path out = tmp.resolve("layer-grid");
		final CommandModule trained = run(TransferLearningCommand.class, "model", pretrained.toFile(), "data", Path.of(
			"sample-images", "labelled").toFile(), "strategy", "features", "layer", "block_6_expand_relu", "grid", 2,
			"epochs", 10, "output", out.toFile());
		assertFalse(trained.isCanceled(), trained.getCancelReason());
		final String report = (String) trained.getOutput("report");
		assertTrue(report.contains("features of block_6_expand_relu (averaged over the cells of a 2 x 2 grid)"), report);
		assertTrue(Files.readString(out.resolve("convnet.json")).contains("\"headAt\": \"block_6_expand_relu\""));
		final CommandModule bad = run(TransferLearningCommand.class, "model", pretrained.toFile(), "data", Path.of(
			"sample-images", "labelled").toFile(), "strategy", "features", "layer", "1.5", "output", tmp.resolve(
				"bad-layer").toFile());
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().startsWith("layer 1.5 is not a relative depth in (0, 1]"), bad
			.getCancelReason());
		assertFalse(Files.exists(tmp.resolve("bad-layer")));
	}

	@Test
	void extractFeaturesWritesOneRowPerImageAndCaches() throws Exception {
		final Path csv = tmp.resolve("features.csv");
		final Object[] keys = { "model", classifier.toFile(), "input", Path.of("sample-images", "labelled").toFile(),
			"output", csv.toFile() };
		final CommandModule first = run(ExtractFeaturesCommand.class, keys);
		assertFalse(first.isCanceled(), first.getCancelReason());
		final String report = (String) first.getOutput("report");
		assertTrue(report.startsWith("80 images x 1280 features of global_average_pooling2d"), report);
		final List<String> lines = Files.readAllLines(csv);
		assertEquals(81, lines.size());
		assertTrue(lines.get(0).startsWith("file,class,f0,"));
		assertTrue(lines.stream().skip(1).allMatch(l -> l.contains(",gland,") || l.contains(",stroma,")));
		final CommandModule second = run(ExtractFeaturesCommand.class, keys);
		assertTrue(((String) second.getOutput("report")).contains("(0 computed, 80 from the cache)"), (String) second
			.getOutput("report"));
		assertEquals(lines, Files.readAllLines(csv));

		final CommandModule one = run(ExtractFeaturesCommand.class, "model", pretrained.toFile(), "layer", "block_16_project",
			"input", TestFiles.sample("cell.png").toFile(), "output", tmp.resolve("cell.csv").toFile());
		final String r = (String) one.getOutput("report");
		assertTrue(r.startsWith("1 images x 320 features of block_16_project (averaged over height and width)"), r);
		assertTrue(r.contains("gray images given to an RGB network: the gray value is copied into R, G and B"), r);
		assertTrue(Files.readAllLines(tmp.resolve("cell.csv")).get(0).startsWith("file,f0,"));
	}

	@Test
	void theNewModelIsAnOrdinaryModelFolderForEvaluateAndClassify() throws Exception {
		final CommandModule e = run(EvaluateModelCommand.class, "model", classifier.toFile(), "data", Path.of(
			"sample-images", "labelled").toFile());
		assertFalse(e.isCanceled(), e.getCancelReason());
		final String report = (String) e.getOutput("report");
		assertTrue(report.contains("gland") && report.contains("stroma"), report);
		final CommandModule c = run(ClassifyCommand.class, "model", classifier.toFile(), "input", Path.of(
			"sample-images", "labelled", "gland").toString());
		assertFalse(c.isCanceled(), c.getCancelReason());
		final String table = (String) c.getOutput("table");
		assertEquals(41, table.lines().count(), table);
		assertEquals("file,class,gland,stroma", table.lines().findFirst().orElse(""));
		// the training tiles: the head fits them
		assertTrue(table.lines().skip(1).filter(l -> l.split(",")[1].equals("gland")).count() >= 36, table);
	}

	@Test
	void probabilityMapsOfTheSourceImageFollowTheLabels() throws Exception {
		final ImagePlus ihc = IJ.openImage(Path.of("sample-images", "ihc.png").toString());
		final CommandModule m = run(ProbabilityMapCommand.class, "model", classifier.toFile(), "input", ImagePlusImages
			.wrapReal(ihc), "window", 32, "stride", 32);
		assertFalse(m.isCanceled(), m.getCancelReason());
		assertEquals("gland,stroma", m.getOutput("classes"));
		@SuppressWarnings("unchecked")
		final Img<FloatType> maps = (Img<FloatType>) m.getOutput("output");
		assertEquals(512, maps.dimension(0));
		assertEquals(512, maps.dimension(1));
		assertEquals(2, maps.dimension(2));
		// at the centres of the labelled tiles (the training images, so this checks the sliding, not generalisation)
		// the map of their own class is high
		final LabelledFolder set = LabelledFolder.scan(Path.of("sample-images", "labelled"));
		final Pattern xy = Pattern.compile("_x(\\d+)_y(\\d+)");
		final RandomAccess<FloatType> ra = maps.randomAccess();
		int right = 0, total = 0;
		for (int c = 0; c < 2; c++) {
			for (final Path f : set.files(c)) {
				final Matcher mm = xy.matcher(f.getFileName().toString());
				assertTrue(mm.find());
				ra.setPosition(new long[] { Long.parseLong(mm.group(1)) + 16, Long.parseLong(mm.group(2)) + 16, c });
				final float p = ra.get().get();
				ra.setPosition(1 - c, 2);
				assertEquals(1f, p + ra.get().get(), 1e-4f);
				if (p > 0.5f) right++;
				total++;
			}
		}
		System.out.println("probability map of ihc.png: " + right + " of " + total + " labelled tile centres in their class");
		assertTrue(right >= 0.9 * total, right + " of " + total);
	}
}
