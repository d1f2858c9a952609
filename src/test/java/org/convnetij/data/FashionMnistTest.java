package org.convnetij.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.convnetij.data.FashionMnist.Part;
import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Fashion-MNIST files (Debian's dataset-fashion-mnist, or CONVNET_DATA). */
class FashionMnistTest {

	@TempDir
	Path tmp;

	/** A named folder first, then CONVNET_DATA, then the package's folder; each may hold fashion-mnist/ instead. */
	@Test
	void theDataIsLookedForInTheDocumentedOrder() throws Exception {
		final Path installed = tmp.resolve("installed"), named = tmp.resolve("named"), parent = tmp.resolve("data");
		for (final Path folder : List.of(installed, named, parent.resolve("fashion-mnist"))) {
			Files.createDirectories(folder);
			Files.write(folder.resolve("train-images-idx3-ubyte.gz"), new byte[0]);
		}
		assertEquals(named, FashionMnist.locate(named.toString(), parent.toString(), installed));
		assertEquals(parent.resolve("fashion-mnist"), FashionMnist.locate("", parent.toString(), installed));
		assertEquals(installed, FashionMnist.locate(null, null, installed));
		// a folder that is named but empty is an error, never passed over for the next place
		final Path empty = Files.createDirectories(tmp.resolve("empty"));
		final UserInputException e = assertThrows(UserInputException.class, () -> FashionMnist.locate(null, empty
			.toString(), installed));
		assertTrue(e.getMessage().startsWith("no Fashion-MNIST in '" + empty + "' (CONVNET_DATA)"), e.getMessage());
		// nothing anywhere: how to get it
		final UserInputException none = assertThrows(UserInputException.class, () -> FashionMnist.locate(null, null,
			empty));
		assertTrue(none.getMessage().contains("apt-get install dataset-fashion-mnist"), none.getMessage());
		assertTrue(none.getMessage().contains("CONVNET_DATA"), none.getMessage());
	}

	@Test
	void testPartHas10000BalancedImages() {
		final LabelledImages test = FashionMnist.load(TestData.FASHION_MNIST, Part.TEST);
		assertEquals(10000, test.size());
		assertEquals(InputShape.of(28, 28, 1), test.shape());
		assertArrayEquals(new int[] { 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000 }, test
			.countsPerClass());
		assertEquals("Ankle boot", test.classNames().get(test.label(0))); // the first test image
		assertEquals(Normalization.range(), test.normalization());
		// values are bytes / 255: in [0, 1], and every value times 255 is a whole number
		for (final float v : test.pixels(0)) {
			assertTrue(v >= 0 && v <= 1);
			assertEquals(Math.round(v * 255), v * 255, 1e-3f);
		}
	}

	@Test
	void subsetOfFiveClassesIsSeededAndRelabelled() {
		final int[] classes = { 0, 1, 2, 3, 4 };
		final LabelledImages a = FashionMnist.load(TestData.FASHION_MNIST, Part.TRAIN, classes, 20, 42);
		assertEquals(100, a.size());
		assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat"), a.classNames());
		assertArrayEquals(new int[] { 20, 20, 20, 20, 20 }, a.countsPerClass());
		final LabelledImages b = FashionMnist.load(TestData.FASHION_MNIST, Part.TRAIN, classes, 20, 42);
		final LabelledImages c = FashionMnist.load(TestData.FASHION_MNIST, Part.TRAIN, classes, 20, 43);
		for (int i = 0; i < a.size(); i++) {
			assertEquals(a.source(i), b.source(i));
			assertArrayEquals(a.pixels(i), b.pixels(i));
		}
		assertNotEquals(sources(a), sources(c));
	}

	@Test
	void selectClassesAndSampleOnTheDataset() {
		final LabelledImages test = FashionMnist.load(TestData.FASHION_MNIST, Part.TEST);
		final LabelledImages bags = test.selectClasses(8, 0).samplePerClass(5, 1);
		assertEquals(List.of("Bag", "T-shirt/top"), bags.classNames());
		assertArrayEquals(new int[] { 5, 5 }, bags.countsPerClass());
		final UserInputException e = assertThrows(UserInputException.class, () -> test.selectClasses(10));
		assertTrue(e.getMessage().contains("class index 10 does not exist"), e.getMessage());
	}

	@Test
	void reshapedForAnRgbModel() {
		final LabelledImages small = FashionMnist.load(TestData.FASHION_MNIST, Part.TEST).subset(new int[] { 0, 1 });
		final LabelledImages rgb = small.reshaped(InputShape.of(56, 56, 3));
		assertEquals(56 * 56 * 3, rgb.pixels(0).length);
		// 2x upscale: output (1, 1) samples (0.25, 0.25) of the original
		final float[] o = small.pixels(0);
		final float expected = 0.5625f * o[0] + 0.1875f * o[1] + 0.1875f * o[28] + 0.0625f * o[29];
		final float[] r = rgb.pixels(0);
		final int i = (1 * 56 + 1) * 3;
		assertEquals(expected, r[i], 1e-6f);
		assertEquals(r[i], r[i + 2]);
	}

	@Test
	void wrongFileKindIsNamed() {
		final UserInputException e = assertThrows(UserInputException.class, () -> FashionMnist.readImages(
			TestData.FASHION_MNIST.resolve("t10k-labels-idx1-ubyte.gz")));
		assertTrue(e.getMessage().contains("magic number 2049, expected 2051 (this is a label file)"), e
			.getMessage());
	}

	@Test
	void asPngFolderReadsTheSameValues(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path tmp)
		throws Exception
	{
		final LabelledImages few = FashionMnist.load(TestData.FASHION_MNIST, Part.TEST, new int[] { 5, 9 }, 4, 3);
		for (int i = 0; i < few.size(); i++) {
			final int[] bytes = new int[784];
			for (int k = 0; k < 784; k++) bytes[k] = Math.round(few.pixels(i)[k] * 255);
			final java.nio.file.Path dir = tmp.resolve(few.classNames().get(few.label(i)));
			java.nio.file.Files.createDirectories(dir);
			TestData.savePng(TestData.bytes(28, 28, bytes), dir.resolve(String.format("%02d.png", i)));
		}
		final LabelledImages read = LabelledFolder.scan(tmp).load(InputShape.of(28, 28, 1), Normalization.range(),
			org.convnetij.util.Progress.NONE).images();
		assertEquals(List.of("Ankle boot", "Sandal"), read.classNames()); // sorted folder names
		assertArrayEquals(new int[] { 4, 4 }, read.countsPerClass());
		// folder order: Ankle boot (label 1 of the subset) first, then Sandal (label 0), each in file order
		final int[] expected = java.util.stream.IntStream.concat(java.util.Arrays.stream(few.indicesOf(1)), java.util
			.Arrays.stream(few.indicesOf(0))).toArray();
		for (int i = 0; i < 8; i++) assertArrayEquals(few.pixels(expected[i]), read.pixels(i), 1e-7f);
	}

	private static List<String> sources(final LabelledImages images) {
		return java.util.stream.IntStream.range(0, images.size()).mapToObj(images::source).toList();
	}
}
