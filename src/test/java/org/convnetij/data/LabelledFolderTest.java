package org.convnetij.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/** Labelled folders made of real microscopy crops in a temporary folder. */
class LabelledFolderTest {

	@TempDir
	Path tmp;

	@Test
	void loadsGrayAndRgbCropsIntoOneShape() throws Exception {
		TestData.writeCrops("cell.png", tmp.resolve("phase"), 6, 32); // 8-bit gray
		TestData.writeCrops("ihc.png", tmp.resolve("ihc"), 4, 48); // RGB, another size
		final LabelledFolder folder = LabelledFolder.scan(tmp);
		assertEquals(List.of("ihc", "phase"), folder.classNames());
		assertEquals(10, folder.fileCount());

		final LoadedDataset loaded = folder.load(InputShape.of(32, 32, 1), Normalization.range(), Progress.NONE);
		final LabelledImages images = loaded.images();
		assertArrayEquals(new int[] { 4, 6 }, images.countsPerClass());
		assertEquals(32 * 32, images.pixels(0).length);

		final DatasetSummary summary = loaded.summary();
		assertEquals(4, summary.rgbToGrayCount());
		assertEquals(4, summary.resizedCount());
		assertEquals(Map.of("48x48", 4), summary.otherSizes());
		assertEquals(0, summary.grayToRgbCount());
		// each conversion said once for the whole set
		final List<String> conversions = summary.conversions();
		assertEquals(2, conversions.size(), conversions.toString());
		assertTrue(conversions.get(0).startsWith("4 RGB image(s) converted to gray"), conversions.get(0));
		assertTrue(summary.toString().contains("ihc: 4, phase: 6"), summary.toString());

		// a phase crop at the input size: value / 255 exactly, pixel (5, 7) of the first crop of cell.png
		final int raw = TestData.open("cell.png").getProcessor().get(5, 7);
		assertEquals(raw / 255f, images.pixels(4)[7 * 32 + 5], 1e-7f);
		assertTrue(images.source(4).endsWith("cell_000.png"), images.source(4));
	}

	@Test
	void grayIsReplicatedToRgbAndRgbKeepsItsChannels() throws Exception {
		TestData.writeCrops("cell.png", tmp.resolve("phase"), 2, 16);
		TestData.writeCrops("ihc.png", tmp.resolve("ihc"), 2, 16);
		final LoadedDataset loaded = LabelledFolder.scan(tmp).load(InputShape.of(16, 16, 3), Normalization.none(),
			Progress.NONE);
		assertEquals(2, loaded.summary().grayToRgbCount());
		final float[] gray = loaded.images().pixels(2); // phase, first crop
		final int v = TestData.open("cell.png").getProcessor().get(3, 2);
		final int i = (2 * 16 + 3) * 3;
		assertArrayEquals(new float[] { v, v, v }, new float[] { gray[i], gray[i + 1], gray[i + 2] });
		final float[] rgb = loaded.images().pixels(0); // ihc, first crop
		final int c = TestData.open("ihc.png").getProcessor().get(3, 2);
		assertArrayEquals(new float[] { (c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff }, new float[] { rgb[i],
			rgb[i + 1], rgb[i + 2] });
	}

	@Test
	void knownPixelAfterResize() throws Exception {
		Files.createDirectories(tmp.resolve("a"));
		TestData.saveTiff(TestData.bytes(2, 2, 0, 10, 20, 30), tmp.resolve("a/tiny.tif"));
		TestData.writeCrops("cell.png", tmp.resolve("b"), 1, 4);
		final LabelledImages images = LabelledFolder.scan(tmp).load(InputShape.of(4, 4, 1), Normalization.none(),
			Progress.NONE).images();
		assertEquals(7.5f, images.pixels(0)[1 * 4 + 1], 1e-6f);
		assertEquals(30f, images.pixels(0)[15], 1e-6f);
	}

	@Test
	void sixteenAnd32BitTiffAndJpeg() throws Exception {
		Files.createDirectories(tmp.resolve("deep"));
		final ShortProcessor sixteen = new ShortProcessor(8, 8);
		sixteen.set(2, 3, 13107);
		TestData.saveTiff(sixteen, tmp.resolve("deep/a16.tif"));
		final ImageProcessor f = TestData.crop(TestData.open("cell.png"), 0, 0, 8, 8).convertToFloat();
		f.multiply(1000);
		TestData.saveTiff(f, tmp.resolve("deep/b32.tiff"));
		Files.createDirectories(tmp.resolve("photo"));
		TestData.saveJpeg(TestData.crop(TestData.open("retina.jpg"), 600, 600, 8, 8), tmp.resolve("photo/r.JPG"));

		final LoadedDataset loaded = LabelledFolder.scan(tmp).load(InputShape.of(8, 8, 1), Normalization.range(),
			Progress.NONE);
		assertEquals(Map.of(8, 1, 16, 1, 32, 1), loaded.summary().bitDepths());
		assertEquals(0.2f, loaded.images().pixels(0)[3 * 8 + 2], 1e-6f);
		float min = 1, max = 0;
		for (final float v : loaded.images().pixels(1)) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		assertEquals(0f, min, 1e-6f); // 32-bit: per image min-max
		assertEquals(1f, max, 1e-6f);
		assertTrue(loaded.summary().conversions().contains(
			"1 32-bit image(s) scaled per image by their min and max to [0, 1]"), loaded.summary().toString());
		assertEquals(1, loaded.summary().rgbToGrayCount()); // the JPEG
	}

	@Test
	void unreadableAndNonImageFilesAreSkippedAndListed() throws Exception {
		TestData.writeCrops("cell.png", tmp.resolve("phase"), 3, 16);
		TestData.writeCrops("ihc.png", tmp.resolve("ihc"), 3, 16);
		Files.write(tmp.resolve("ihc/broken.png"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
		final byte[] png = Files.readAllBytes(tmp.resolve("ihc/ihc_000.png"));
		Files.write(tmp.resolve("ihc/truncated.png"), java.util.Arrays.copyOf(png, png.length / 3));
		Files.writeString(tmp.resolve("phase/notes.txt"), "taken on Monday");
		Files.writeString(tmp.resolve(".hidden"), "ignored");
		final LoadedDataset loaded = LabelledFolder.scan(tmp).load(InputShape.of(16, 16, 1), Normalization.range(),
			Progress.NONE);
		assertArrayEquals(new int[] { 3, 3 }, loaded.images().countsPerClass());
		final List<DatasetSummary.Skipped> skipped = loaded.summary().skipped();
		assertEquals(3, skipped.size(), skipped.toString());
		assertTrue(skipped.stream().anyMatch(s -> s.file().endsWith("ihc/truncated.png")), skipped.toString());
		assertTrue(skipped.stream().anyMatch(s -> s.file().endsWith("phase/notes.txt") && s.reason().contains(
			"not a TIFF, PNG or JPEG")), skipped.toString());
		assertTrue(skipped.stream().anyMatch(s -> s.file().endsWith("ihc/broken.png") && s.reason().contains(
			"cannot be decoded")), skipped.toString());
		assertTrue(loaded.summary().toString().contains("ihc/broken.png: cannot be decoded"), loaded.summary()
			.toString());
	}

	@Test
	void classWithOnlyUnreadableFilesFails() throws Exception {
		TestData.writeCrops("cell.png", tmp.resolve("phase"), 2, 16);
		Files.createDirectories(tmp.resolve("bad"));
		Files.write(tmp.resolve("bad/x.tif"), new byte[] { 0 });
		final UserInputException e = assertThrows(UserInputException.class, () -> LabelledFolder.scan(tmp).load(
			InputShape.of(16, 16, 1), Normalization.range(), Progress.NONE));
		assertTrue(e.getMessage().contains("no image of class 'bad'") && e.getMessage().contains("x.tif"), e
			.getMessage());
	}

	@Test
	void loadingStopsWhenCancelled() throws Exception {
		TestData.writeCrops("cell.png", tmp.resolve("phase"), 5, 16);
		TestData.writeCrops("ihc.png", tmp.resolve("ihc"), 5, 16);
		final int[] updates = new int[1];
		final Progress cancelAfterThree = new Progress() {
			@Override
			public void status(final String message) {}

			@Override
			public void update(final long done, final long total) {
				updates[0]++;
			}

			@Override
			public boolean isCanceled() {
				return updates[0] >= 3;
			}
		};
		assertThrows(java.util.concurrent.CancellationException.class, () -> LabelledFolder.scan(tmp).load(InputShape
			.of(16, 16, 1), Normalization.range(), cancelAfterThree));
		assertEquals(3, updates[0]);
	}

	@Test
	void folderThatDoesNotExist() {
		final Path missing = tmp.resolve("nowhere");
		final UserInputException e = assertThrows(UserInputException.class, () -> LabelledFolder.scan(missing));
		assertEquals("data folder does not exist: " + missing, e.getMessage());
	}

	@Test
	void emptyFolder() {
		final UserInputException e = assertThrows(UserInputException.class, () -> LabelledFolder.scan(tmp));
		assertTrue(e.getMessage().contains("has no class subfolders"), e.getMessage());
	}

	@Test
	void imagesWithoutClassFolders() throws Exception {
		TestData.savePng(TestData.bytes(1, 1, 5), tmp.resolve("a.png"));
		final UserInputException e = assertThrows(UserInputException.class, () -> LabelledFolder.scan(tmp));
		assertTrue(e.getMessage().contains("1 images lie directly in it"), e.getMessage());
	}

	@Test
	void singleClass() throws Exception {
		TestData.writeCrops("cell.png", tmp.resolve("phase"), 2, 16);
		final UserInputException e = assertThrows(UserInputException.class, () -> LabelledFolder.scan(tmp));
		assertTrue(e.getMessage().contains("only one class subfolder ('phase')") && e.getMessage().contains(
			"at least two classes"), e.getMessage());
	}

	@Test
	void emptyClassFolder() throws Exception {
		TestData.writeCrops("cell.png", tmp.resolve("phase"), 2, 16);
		Files.createDirectories(tmp.resolve("empty"));
		final UserInputException e = assertThrows(UserInputException.class, () -> LabelledFolder.scan(tmp));
		assertTrue(e.getMessage().contains("class folder 'empty'"), e.getMessage());
	}

	@Test
	void aFileInsteadOfAFolder() throws Exception {
		final Path file = tmp.resolve("a.png");
		TestData.savePng(TestData.bytes(1, 1, 5), file);
		final UserInputException e = assertThrows(UserInputException.class, () -> LabelledFolder.scan(file));
		assertTrue(e.getMessage().contains("not a file"), e.getMessage());
	}

	@Test
	void validationFolderWithOtherClasses() throws Exception {
		TestData.writeCrops("cell.png", tmp.resolve("train/phase"), 2, 16);
		TestData.writeCrops("ihc.png", tmp.resolve("train/ihc"), 2, 16);
		TestData.writeCrops("cell.png", tmp.resolve("val/phase"), 2, 16);
		TestData.writeCrops("ihc.png", tmp.resolve("val/tissue"), 2, 16);
		final LabelledFolder train = LabelledFolder.scan(tmp.resolve("train"));
		final LabelledFolder val = LabelledFolder.scan(tmp.resolve("val"));
		final UserInputException e = assertThrows(UserInputException.class, () -> train.requireSameClasses(val));
		assertTrue(e.getMessage().contains("[ihc, phase]") && e.getMessage().contains("[phase, tissue]"), e
			.getMessage());
		final InputShape shape = InputShape.of(16, 16, 1);
		final LabelledImages a = train.load(shape, Normalization.range(), Progress.NONE).images();
		final LabelledImages b = val.load(shape, Normalization.range(), Progress.NONE).images();
		final UserInputException split = assertThrows(UserInputException.class, () -> Split.of(a, b));
		assertTrue(split.getMessage().contains("[ihc, phase]") && split.getMessage().contains("[phase, tissue]"),
			split.getMessage());
	}

	@Test
	void stackIsRefusedWithWhatItHolds() throws Exception {
		Files.createDirectories(tmp.resolve("a"));
		final ij.ImageStack stack = new ij.ImageStack(4, 4);
		stack.addSlice(TestData.bytes(4, 4, new int[16]));
		stack.addSlice(TestData.bytes(4, 4, new int[16]));
		new ij.io.FileSaver(new ImagePlus("z", stack)).saveAsTiffStack(tmp.resolve("a/z.tif").toString());
		final java.io.IOException e = assertThrows(java.io.IOException.class, () -> ImageReader.standard().read(tmp
			.resolve("a/z.tif")));
		assertTrue(e.getMessage().contains("holds 2 planes"), e.getMessage());
	}
}
