package org.convnetij.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;

/** Each refusal and each lossless conversion of an image before a model takes it, with its exact message. */
class InputFitTest {

	private static final InputShape GRAY = InputShape.of(32, 32, 1), RGB = InputShape.of(32, 32, 3);

	private static RawImage image(final int channels, final int bitDepth) {
		final float[] p = new float[4 * 4 * channels];
		for (int i = 0; i < p.length; i++) p[i] = i;
		return new RawImage(4, 4, channels, bitDepth, p);
	}

	@Test
	void anRgbImageForAGrayModelIsRefused() {
		final InputFit fit = new InputFit("models/cells", GRAY, 8, Normalization.range());
		final UserInputException e = assertThrows(UserInputException.class, () -> fit.fit(image(3, 8), "a.png"));
		assertEquals("a.png is an RGB image but the model models/cells takes gray images (1 channel): convert it to " +
			"gray first (Image > Type > 8-bit), or use a model trained on RGB images", e.getMessage());
	}

	/** A gray model that learnt from RGB images converted by luminance takes RGB images the same way, and says so. */
	@Test
	void anRgbImageForAGrayModelOfConvertedRgbImagesIsConvertedTheSameWay() {
		final InputFit fit = new InputFit("m", GRAY, 8, Normalization.range()).rgbAsGray(true);
		final RawImage rgb = image(3, 8);
		assertSame(rgb, fit.fit(rgb, "a.png"), "the conversion itself happens in ImageConversion, as in training");
		assertEquals(List.of("RGB image(s) converted to gray by luminance (0.299 R + 0.587 G + 0.114 B), as the " +
			"model's training images were"), fit.notes());
	}

	@Test
	void aGrayImageForAnRgbModelRepeatsTheChannelAndSaysSo() {
		final InputFit fit = new InputFit("m", RGB, 8, Normalization.range());
		final RawImage gray = image(1, 8);
		assertSame(gray, fit.fit(gray, "a.png"), "the conversion itself happens in ImageConversion, unchanged");
		fit.fit(gray, "b.png");
		assertEquals(List.of("gray image(s) given to an RGB model: the gray value is repeated in R, G and B " +
			"(lossless)"), fit.notes(), "said once");
		assertArrayEquals(new float[] { 5, 5, 5 }, java.util.Arrays.copyOfRange(ImageConversion.convertChannels(gray
			.pixels(), 1, 3), 15, 18));
	}

	@Test
	void anotherBitDepthIsRefusedWhereTheNormalisationDependsOnIt() {
		final InputFit fit = new InputFit("m", GRAY, 8, Normalization.range());
		final UserInputException e = assertThrows(UserInputException.class, () -> fit.fit(image(1, 32), "slice 2"));
		assertEquals("slice 2 is a 32-bit image but the model m learnt from 8-bit images (normalisation range): " +
			"convert it to 8-bit first (Image > Type > 8-bit), or use a model trained on 32-bit images", e
				.getMessage());
		final UserInputException sixteen = assertThrows(UserInputException.class, () -> fit.fit(image(1, 16), "x.tif"));
		assertTrue(sixteen.getMessage().startsWith("x.tif is a 16-bit image but the model m learnt from 8-bit"),
			sixteen.getMessage());
		final InputFit meanStd = new InputFit("m", GRAY, 16, Normalization.meanStd(new float[] { 0.5f },
			new float[] { 0.25f }));
		assertThrows(UserInputException.class, () -> meanStd.fit(image(1, 8), "y.png"));
		final InputFit none = new InputFit("m", GRAY, 8, Normalization.none());
		assertThrows(UserInputException.class, () -> none.fit(image(1, 32), "z.tif"));
	}

	@Test
	void eightBitForA32BitModelIsTakenAs32Bit() {
		final InputFit fit = new InputFit("m", GRAY, 32, Normalization.range());
		final RawImage eight = image(1, 8);
		final RawImage taken = fit.fit(eight, "a.png");
		assertEquals(32, taken.bitDepth());
		assertArrayEquals(eight.pixels(), taken.pixels());
		assertEquals(List.of("8-bit image(s) taken as 32-bit (lossless), as the model's training images were"), fit
			.notes());
	}

	@Test
	void minMaxAndUnknownBitDepthsTakeAnyDepth() {
		final RawImage f = image(1, 32);
		assertSame(f, new InputFit("m", GRAY, 8, Normalization.minMax()).fit(f, "a"));
		assertSame(f, new InputFit("m", GRAY, 0, Normalization.range()).fit(f, "a"), "an older folder: not known");
	}

	@Test
	void aLabelledFolderIsCheckedAsAWhole() {
		final Path folder = Path.of("data");
		final DatasetSummary rgb = new DatasetSummary(folder, GRAY, Normalization.range(), List.of("a", "b"),
			new int[] { 2, 2 }, List.of(), 0, 4, 0, Map.of(), Map.of(8, 4));
		final UserInputException e = assertThrows(UserInputException.class, () -> new InputFit("m", GRAY, 8,
			Normalization.range()).check(rgb));
		assertEquals("data has 4 RGB image(s) but the model m takes gray images (1 channel): convert them to gray " +
			"first, or use a model trained on RGB images", e.getMessage());
		final DatasetSummary sixteen = new DatasetSummary(folder, GRAY, Normalization.range(), List.of("a", "b"),
			new int[] { 2, 2 }, List.of(), 0, 0, 0, Map.of(), Map.of(8, 3, 16, 1));
		final UserInputException d = assertThrows(UserInputException.class, () -> new InputFit("m", GRAY, 8,
			Normalization.range()).check(sixteen));
		assertEquals("data has 1 16-bit image(s) but the model m learnt from 8-bit images (normalisation " +
			"range): convert them to 8-bit first, or use a model trained on such images", d.getMessage());
		final DatasetSummary gray = new DatasetSummary(folder, RGB, Normalization.range(), List.of("a", "b"),
			new int[] { 2, 2 }, List.of(), 4, 0, 0, Map.of(), Map.of(8, 4));
		final InputFit ok = new InputFit("m", RGB, 8, Normalization.range());
		ok.check(gray);
		assertEquals(1, ok.notes().size());
	}
}
