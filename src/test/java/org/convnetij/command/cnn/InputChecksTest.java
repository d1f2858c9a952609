package org.convnetij.command.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.nn.ModelSpec;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.workflow.Cnn;
import org.convnetij.workflow.ProbabilityMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import net.imglib2.img.array.ArrayImgs;

/**
 * Classify, Evaluate Model and Probability Map through SciJava on images that do not fit the model: a gray model
 * (trained on the RGB tiles converted to gray) converts RGB images the same way, or refuses them where it learnt from
 * gray images, and refuses 32-bit images; an RGB model takes gray images and says so.
 */
class InputChecksTest {

	private static Context context;

	@TempDir
	static Path tmp;

	private static Path gray, rgb;

	@BeforeAll
	static void train() throws Exception {
		context = new Context(CommandService.class);
		gray = tmp.resolve("gray");
		rgb = tmp.resolve("rgb");
		for (final Path m : new Path[] { gray, rgb }) {
			final CommandModule t = run(TrainClassifierCommand.class, "data", CnnCommandsTest.SAMPLES.toFile(), "width",
				32, "height", 32, "channels", m == gray ? 1 : 3, "pattern", "filters=4 units=8", "epochs", 1, "output", m
					.toFile());
			assertFalse(t.isCanceled(), t.getCancelReason());
		}
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static CommandModule run(final Class<? extends Command> command, final Object... keyValues)
		throws Exception
	{
		final Map<String, Object> inputs = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) inputs.put((String) keyValues[i], keyValues[i + 1]);
		return context.service(CommandService.class).run(command, false, inputs).get();
	}

	@Test
	void aGrayModelRecordsItsInputAndRefusesRgbImages() throws Exception {
		final ModelSpec spec = ModelSpec.read(gray);
		assertEquals(1, spec.input().channels());
		assertEquals(8, spec.bitDepth());
		// it learnt from RGB tiles converted to gray by luminance: it converts RGB images the same way, and says so
		assertTrue(spec.rgbAsGray());
		final CommandModule converted = run(ClassifyCommand.class, "model", gray.toFile(), "input",
			"sample-images/ihc.png");
		assertFalse(converted.isCanceled(), converted.getCancelReason());
		assertEquals("RGB image(s) converted to gray by luminance (0.299 R + 0.587 G + 0.114 B), as the model's " +
			"training images were", converted.getOutput("notes"));
		// the same model as if it had learnt from gray images refuses them
		final Path strict = tmp.resolve("strict");
		copyFolder(gray, strict);
		spec.rgbAsGray(false).write(strict);
		checkRefusals(strict);
	}

	private static void copyFolder(final Path from, final Path to) throws java.io.IOException {
		try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(from)) {
			for (final Path f : (Iterable<Path>) files::iterator) {
				final Path target = to.resolve(from.relativize(f).toString());
				if (java.nio.file.Files.isDirectory(f)) java.nio.file.Files.createDirectories(target);
				else java.nio.file.Files.copy(f, target);
			}
		}
	}

	private static void checkRefusals(final Path gray) throws Exception {
		final CommandModule file = run(ClassifyCommand.class, "model", gray.toFile(), "input", "sample-images/ihc.png");
		assertTrue(file.isCanceled());
		assertEquals("ihc.png is an RGB image but the model " + gray + " takes gray images (1 channel): convert it to " +
			"gray first (Image > Type > 8-bit), or use a model trained on RGB images", file.getCancelReason());
		final CommandModule folder = run(ClassifyCommand.class, "model", gray.toFile(), "input", CnnCommandsTest.SAMPLES
			.toString());
		assertTrue(folder.isCanceled());
		assertTrue(folder.getCancelReason().startsWith("gland/ihc_"), folder.getCancelReason());
		final CommandModule evaluate = run(EvaluateModelCommand.class, "model", gray.toFile(), "data",
			CnnCommandsTest.SAMPLES.toFile());
		assertTrue(evaluate.isCanceled());
		assertEquals(CnnCommandsTest.SAMPLES.toAbsolutePath() + " has 80 RGB image(s) but the model " + gray + " takes gray images (1 " +
			"channel): convert them to gray first, or use a model trained on RGB images", evaluate.getCancelReason());
	}

	/** A stack file in a folder gives one row per slice, as the same file given alone does. */
	@Test
	void aStackInAFolderGivesOneRowPerSlice() throws Exception {
		final Path folder = java.nio.file.Files.createDirectories(tmp.resolve("with-stack"));
		final ij.ImagePlus stack = ij.IJ.createImage("stack", "8-bit ramp", 40, 40, 3);
		assertTrue(new ij.io.FileSaver(stack).saveAsTiffStack(folder.resolve("stack.tif").toString()));
		final CommandModule inFolder = run(ClassifyCommand.class, "model", gray.toFile(), "input", folder.toFile());
		assertFalse(inFolder.isCanceled(), inFolder.getCancelReason());
		final CommandModule alone = run(ClassifyCommand.class, "model", gray.toFile(), "input", folder.resolve(
			"stack.tif").toFile());
		final java.util.List<String> rows = ((String) inFolder.getOutput("table")).lines().toList();
		assertEquals(4, rows.size(), rows.toString());
		assertTrue(rows.get(3).startsWith("stack.tif slice 3,"), rows.toString());
		assertEquals(((String) alone.getOutput("table")).lines().toList(), rows, "the same rows as the file alone");
	}

	@Test
	void aGrayModelRefusesA32BitImageAndTakesAn8BitOne() throws Exception {
		final CommandModule f = run(ClassifyCommand.class, "model", gray.toFile(), "image", ArrayImgs.floats(32, 32));
		assertTrue(f.isCanceled());
		assertEquals("image is a 32-bit image but the model " + gray + " learnt from 8-bit images (normalisation " +
			"range): convert it to 8-bit first (Image > Type > 8-bit), or use a model trained on 32-bit images", f
				.getCancelReason());
		final CommandModule ok = run(ClassifyCommand.class, "model", gray.toFile(), "image", ArrayImgs.unsignedBytes(32,
			32));
		assertFalse(ok.isCanceled(), ok.getCancelReason());
		assertEquals(2, ((String) ok.getOutput("table")).lines().count());
		assertNull(ok.getOutput("notes"));
		final CommandModule map = run(ProbabilityMapCommand.class, "model", gray.toFile(), "input", ArrayImgs.floats(64,
			64), "window", 32, "stride", 32);
		assertTrue(map.isCanceled());
		assertTrue(map.getCancelReason().startsWith("the image is a 32-bit image but the model"), map
			.getCancelReason());
		final CommandModule stack = run(ProbabilityMapCommand.class, "model", gray.toFile(), "input", ArrayImgs
			.unsignedBytes(64, 64, 3), "window", 32, "stride", 32);
		assertTrue(stack.isCanceled());
		assertEquals("the map needs one 2D image (gray or RGB), not a stack of 3: duplicate the slice to map " +
			"(Image > Duplicate)", stack.getCancelReason());
		// the same checks and names for a script, through the workflow the commands call
		final UserInputException e = assertThrows(UserInputException.class, () -> ProbabilityMap.map(gray, ArrayImgs
			.unsignedBytes(64, 64, 3), new ProbabilityMap.Window(32, 32), Progress.NONE));
		assertEquals(stack.getCancelReason(), e.getMessage());
		final ProbabilityMap.Maps maps = ProbabilityMap.map(gray, ArrayImgs.unsignedBytes(64, 64), new ProbabilityMap
			.Window(32, 32), Progress.NONE);
		assertEquals(List.of(64L, 64L, (long) maps.classes().size()), List.of(maps.stack().dimension(0), maps.stack()
			.dimension(1), maps.stack().dimension(2)));
		assertEquals(List.of("slice 1", "slice 2"), Cnn.classifyImage(gray, ArrayImgs.unsignedBytes(32, 32, 2),
			Progress.NONE).names());
		assertEquals(List.of("image"), Cnn.classify(gray, " ", ArrayImgs.unsignedBytes(32, 32), Progress.NONE).names());
		assertEquals("nothing to classify: give input=<folder or image file> or an image", assertThrows(
			UserInputException.class, () -> Cnn.classify(gray, "", null, Progress.NONE)).getMessage());
	}

	@Test
	void anRgbModelTakesAGrayImageAndSaysSo() throws Exception {
		final CommandModule c = run(ClassifyCommand.class, "model", rgb.toFile(), "input", "sample-images/cell.png");
		assertFalse(c.isCanceled(), c.getCancelReason());
		assertEquals("gray image(s) given to an RGB model: the gray value is repeated in R, G and B (lossless)", c
			.getOutput("notes"));
		final CommandModule map = run(ProbabilityMapCommand.class, "model", rgb.toFile(), "input", ArrayImgs
			.unsignedBytes(64, 64), "window", 32, "stride", 32);
		assertFalse(map.isCanceled(), map.getCancelReason());
	}
}
