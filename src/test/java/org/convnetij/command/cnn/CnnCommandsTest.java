package org.convnetij.command.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/** The CNN commands through SciJava's CommandService on the sample labelled set, and their bad-input messages. */
class CnnCommandsTest {

	static final Path SAMPLES = Path.of("sample-images/labelled");

	private static Context context;

	@TempDir
	static Path shared;

	static Path model;

	@TempDir
	Path tmp;

	@BeforeAll
	static void trainOnce() throws Exception {
		context = new Context(CommandService.class);
		model = shared.resolve("glands");
		final CommandModule m = run(TrainClassifierCommand.class, "data", SAMPLES.toFile(), "width", 32, "height", 32,
			"channels", 3, "pattern", "filters=8,16 units=32", "epochs", 5, "batch", 16, "fliph", true,
			"seed", 3, "output", model.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		final String report = (String) m.getOutput("report");
		assertTrue(report.contains("80 images, 2 classes"), report);
		assertTrue(report.contains("epoch,loss,accuracy,val_loss"), report);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	static CommandModule run(final Class<? extends Command> command, final Object... keyValues) throws Exception {
		final Map<String, Object> inputs = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) inputs.put((String) keyValues[i], keyValues[i + 1]);
		return context.service(CommandService.class).run(command, false, inputs).get();
	}

	@Test
	void trainWritesAModelFolder() throws Exception {
		for (final String f : List.of("convnet.json", "weights.bin", "weights.json", "history.csv", "curves.png")) {
			assertTrue(Files.exists(model.resolve(f)), f);
		}
		assertEquals(6, Files.readAllLines(model.resolve("history.csv")).size());
		// README and docs/training.md: the SavedModel for other tools, and the strategy of a model trained here
		assertTrue(Files.isRegularFile(model.resolve("savedmodel/saved_model.pb")), "savedmodel/");
		assertEquals("scratch", org.convnetij.nn.ModelSpec.read(model).training().strategy());
		assertEquals(8, org.convnetij.nn.ModelSpec.read(model).bitDepth(), "the tiles are 8-bit");
		try (Stream<Path> s = Files.list(shared)) {
			assertEquals(1, s.count(), "no temporary folder left beside the model");
		}
	}

	@Test
	void evaluateGivesReportAndConfusionMatrix() throws Exception {
		final CommandModule m = run(EvaluateModelCommand.class, "model", model.toFile(), "data", SAMPLES.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		final String report = (String) m.getOutput("report");
		assertTrue(report.contains("Accuracy: "), report);
		assertTrue(report.contains("gland") && report.contains("precision"), report);
		assertFalse(report.contains("Top-5"), "2 classes: no top-5");
		@SuppressWarnings("unchecked")
		final Img<FloatType> confusion = (Img<FloatType>) m.getOutput("confusion");
		assertEquals(2, confusion.dimension(0));
		double total = 0;
		for (final FloatType v : confusion) total += v.get();
		assertEquals(80, total);
		// a colour rule labelled the tiles: a trained model separates them well above chance
		final double accuracy = Double.parseDouble(report.lines().filter(l -> l.startsWith("Accuracy: ")).findFirst()
			.get().substring(10));
		assertTrue(accuracy > 0.7, report);
	}

	@Test
	void classifyAFolderAnImageAndAStack() throws Exception {
		final Path csv = tmp.resolve("out.csv");
		final CommandModule m = run(ClassifyCommand.class, "model", model.toFile(), "input", SAMPLES.toString(),
			"output", csv.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		final List<String> lines = Files.readAllLines(csv);
		assertEquals("file,class,gland,stroma", lines.get(0));
		assertEquals(81, lines.size());
		assertTrue(lines.get(1).startsWith("gland/ihc_"), lines.get(1));
		final Img<UnsignedByteType> stack = ArrayImgs.unsignedBytes(32, 32, 3, 2);
		final CommandModule s = run(ClassifyCommand.class, "model", model.toFile(), "image", stack);
		assertFalse(s.isCanceled(), s.getCancelReason());
		final String table = (String) s.getOutput("table");
		assertEquals(3, table.lines().count(), table);
		assertTrue(table.contains("slice 2,"), table);
		final CommandModule one = run(ClassifyCommand.class, "model", model.toFile(), "input", SAMPLES.resolve(
			"stroma/ihc_x000_y480.png").toString());
		assertFalse(one.isCanceled(), one.getCancelReason());
		assertTrue(((String) one.getOutput("table")).contains("ihc_x000_y480.png,"), (String) one.getOutput("table"));
	}

	@Test
	void filtersAndFeatureMaps() throws Exception {
		final CommandModule f = run(ShowFiltersCommand.class, "model", model.toFile(), "layer", "block1_conv1");
		assertFalse(f.isCanceled(), f.getCancelReason());
		final Img<?> montage = (Img<?>) f.getOutput("filters");
		// 8 filters of 3x3 enlarged 8 times, 1 pixel apart; 3 input channels
		assertEquals(8 * 25 - 1, montage.dimension(0));
		assertEquals(3 * 25 - 1, montage.dimension(1));
		final CommandModule bad = run(ShowFiltersCommand.class, "model", model.toFile(), "layer", "fc1");
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().contains("not a convolution"), bad.getCancelReason());
		final CommandModule maps = run(FeatureMapsCommand.class, "model", model.toFile(), "layer", "block2_conv1",
			"input", ArrayImgs.unsignedBytes(40, 40, 3));
		assertFalse(maps.isCanceled(), maps.getCancelReason());
		final Img<?> stack = (Img<?>) maps.getOutput("maps");
		assertEquals(16, stack.dimension(0));
		assertEquals(16, stack.dimension(2));
	}

	@Test
	void badInputGetsClearMessages() throws Exception {
		final Path empty = Files.createDirectories(tmp.resolve("empty"));
		assertTrue(train(empty, tmp.resolve("m1")).contains("no class subfolders"));
		final Path single = tmp.resolve("single");
		copy(SAMPLES.resolve("gland"), single.resolve("gland"), 5);
		assertTrue(train(single, tmp.resolve("m2")).contains("only one class"));
		final Path bad = tmp.resolve("bad");
		copy(SAMPLES.resolve("gland"), bad.resolve("gland"), 6);
		copy(SAMPLES.resolve("stroma"), bad.resolve("stroma"), 6);
		Files.writeString(bad.resolve("stroma/broken.png"), "not a png");
		final CommandModule ok = run(TrainClassifierCommand.class, "data", bad.toFile(), "width", 32, "height", 32,
			"channels", 3, "pattern", "filters=4 units=8", "epochs", 1, "output", tmp.resolve("m3").toFile());
		assertFalse(ok.isCanceled(), ok.getCancelReason());
		assertTrue(((String) ok.getOutput("report")).contains("stroma/broken.png"), (String) ok.getOutput("report"));
		// Classify skips the unreadable file and lists it
		final CommandModule c = run(ClassifyCommand.class, "model", model.toFile(), "input", bad.toString());
		assertFalse(c.isCanceled(), c.getCancelReason());
		assertEquals(13, ((String) c.getOutput("table")).lines().count());
		assertTrue(((String) c.getOutput("skipped")).startsWith("stroma/broken.png: "), (String) c.getOutput(
			"skipped"));
		// output exists: refused without overwrite
		final String exists = train(bad, tmp.resolve("m3"));
		assertTrue(exists.contains("exists") && exists.contains("overwrite"), exists);
		// input below the architecture's minimum
		final CommandModule small = run(TrainClassifierCommand.class, "data", bad.toFile(), "architecture", "vgg16",
			"width", 16, "height", 16, "output", tmp.resolve("m4").toFile());
		assertTrue(small.isCanceled());
		assertTrue(small.getCancelReason().contains("at least 32 x 32"), small.getCancelReason());
		// NaN loss
		final CommandModule nan = run(TrainClassifierCommand.class, "data", bad.toFile(), "width", 32, "height", 32,
			"channels", 3, "pattern", "filters=4 units=8", "epochs", 3, "optimizer", "sgd", "rate", 1e30, "validation",
			"0", "output", tmp.resolve("m5").toFile());
		assertTrue(nan.isCanceled());
		assertTrue(nan.getCancelReason().contains("learning rate"), nan.getCancelReason());
		// evaluation on other classes lists both
		final Path other = tmp.resolve("other");
		copy(SAMPLES.resolve("gland"), other.resolve("glandular"), 3);
		copy(SAMPLES.resolve("stroma"), other.resolve("stroma"), 3);
		final CommandModule e = run(EvaluateModelCommand.class, "model", model.toFile(), "data", other.toFile());
		assertTrue(e.isCanceled());
		assertTrue(e.getCancelReason().contains("[gland, stroma]") && e.getCancelReason().contains(
			"[glandular, stroma]"), e.getCancelReason());
	}

	private static String train(final Path data, final Path output) throws Exception {
		final CommandModule m = run(TrainClassifierCommand.class, "data", data.toFile(), "width", 32, "height", 32,
			"channels", 3, "epochs", 1, "output", output.toFile());
		assertTrue(m.isCanceled(), "expected a refusal");
		return m.getCancelReason();
	}

	private static void copy(final Path from, final Path to, final int count) throws Exception {
		Files.createDirectories(to);
		try (Stream<Path> s = Files.list(from)) {
			for (final Path p : s.sorted().limit(count).toList()) Files.copy(p, to.resolve(p.getFileName()));
		}
	}
}
