package org.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.convnetij.data.LabelledFolder;
import org.convnetij.data.LabelledImages;
import org.convnetij.data.Normalization;
import org.convnetij.testutil.TestFiles;
import org.convnetij.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transfer benchmark's data preparation, and one tiny configuration run end to end. */
public class TransferBenchmarkTest {

	@TempDir
	Path tmp;

	private static final Path TEXTURES = Path.of("sample-images", "textures");

	@Test
	void texturesAreTilesOfTheTopHalfForTrainingAndOfTheBottomHalfForTest() throws IOException {
		final TransferBenchmark.Prepared p = TransferBenchmark.prepare("textures", TEXTURES, tmp.resolve("t"), 50, 60);
		final LabelledFolder train = LabelledFolder.scan(p.trainFolder()), test = LabelledFolder.scan(p.testFolder());
		assertEquals(List.of("brick", "grass", "gravel"), train.classNames());
		assertEquals(train.classNames(), test.classNames());
		final Pattern at = Pattern.compile("_x(\\d+)_y(\\d+)\\.png");
		for (int c = 0; c < 3; c++) {
			assertEquals(50, train.files(c).size());
			assertEquals(60, test.files(c).size());
			for (final Path f : train.files(c)) assertTrue(y(at, f) + TransferBenchmark.TILE <= 256, f.toString());
			for (final Path f : test.files(c)) assertTrue(y(at, f) >= 256, f.toString());
			assertEquals(50, train.files(c).stream().map(f -> f.getFileName().toString()).distinct().count());
		}
		final LabelledImages images = train.load(org.convnetij.data.InputShape.of(32, 32, 1), Normalization.range(),
			Progress.NONE).images();
		assertEquals(150, images.size());
		// a tile of brick differs from one of grass: real pixels, not blank
		final float[] a = images.pixels(0), b = images.pixels(images.indicesOf(1)[0]);
		double diff = 0;
		for (int i = 0; i < a.length; i++) diff += Math.abs(a[i] - b[i]);
		assertTrue(diff / a.length > 0.02, "mean |difference| " + diff / a.length);
	}

	private static int y(final Pattern at, final Path f) {
		final Matcher m = at.matcher(f.getFileName().toString());
		assertTrue(m.find(), f.toString());
		return Integer.parseInt(m.group(2));
	}

	@Test
	void fashionTakesFourKindsOfTopsFromTheTrainingAndTestParts() throws IOException {
		final TransferBenchmark.Prepared p = TransferBenchmark.prepare("fashion", TEXTURES, tmp.resolve("f"), 12, 7);
		final LabelledFolder train = LabelledFolder.scan(p.trainFolder()), test = LabelledFolder.scan(p.testFolder());
		assertEquals(List.of("Coat", "Pullover", "Shirt", "T-shirt-top"), train.classNames());
		for (int c = 0; c < 4; c++) {
			assertEquals(12, train.files(c).size());
			assertEquals(7, test.files(c).size());
		}
	}

	@Test
	void aTinyConfigurationRunsEveryColumn() throws IOException {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final TransferBenchmark.Config tiny = new TransferBenchmark.Config(List.of("textures"), new int[] { 3 }, 1, 4,
			2, 2);
		TransferBenchmark.run(tiny, TestFiles.mobileNetV2(), TEXTURES, Files.createDirectories(tmp.resolve("w")),
			new PrintStream(bytes, true, StandardCharsets.UTF_8));
		final String out = bytes.toString(StandardCharsets.UTF_8);
		System.out.println(out);
		assertTrue(out.contains("| images per class | scratch | auto | features, last layer | features, chosen layer " +
			"| finetune |"), out);
		final Matcher row = Pattern.compile("\\| 3 \\| ([0-9.]+) ± 0\\.0 \\| ([0-9.]+) ± 0\\.0 \\| ([0-9.]+) ± 0\\.0 \\| " +
			"([0-9.]+) ± 0\\.0 \\| ([0-9.]+) ± 0\\.0 \\|").matcher(out);
		assertTrue(row.find(), out);
		for (int g = 1; g <= 5; g++) {
			final double pct = Double.parseDouble(row.group(g));
			// 12 test tiles: every accuracy is a multiple of 1/12
			assertTrue(pct >= 0 && pct <= 100 && Math.abs(pct * 12 / 100 - Math.round(pct * 12 / 100)) < 0.01, row
				.group(0));
		}
		assertTrue(out.contains("auto candidates (3-fold cross-validation"), out);
		assertTrue(out.contains("machine: "), out);
	}
}
