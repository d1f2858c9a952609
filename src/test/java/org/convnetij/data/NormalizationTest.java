package org.convnetij.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonParser;

class NormalizationTest {

	@Test
	void rangeDividesByTheTypeMaximum() {
		final RawImage eight = new RawImage(2, 1, 1, 8, new float[] { 51, 255 });
		assertArrayEquals(new float[] { 0.2f, 1f }, Normalization.range().scale(eight), 1e-7f);
		final RawImage sixteen = new RawImage(2, 1, 1, 16, new float[] { 65535, 13107 });
		assertArrayEquals(new float[] { 1f, 0.2f }, Normalization.range().scale(sixteen), 1e-7f);
	}

	@Test
	void rangeScales32BitByMinAndMax() {
		final RawImage f = new RawImage(3, 1, 1, 32, new float[] { -2, 0, 6 });
		assertArrayEquals(new float[] { 0f, 0.25f, 1f }, Normalization.range().scale(f), 1e-7f);
	}

	@Test
	void minMaxPerImageAndConstantImageGivesZeros() {
		final RawImage eight = new RawImage(3, 1, 1, 8, new float[] { 10, 20, 50 });
		assertArrayEquals(new float[] { 0f, 0.25f, 1f }, Normalization.minMax().scale(eight), 1e-7f);
		final RawImage flat = new RawImage(2, 1, 1, 8, new float[] { 7, 7 });
		assertArrayEquals(new float[] { 0f, 0f }, Normalization.minMax().scale(flat));
	}

	@Test
	void meanStdPerChannelAfterRange() {
		final Normalization n = Normalization.parse("meanstd mean=0.5,0.25,0 std=0.5,0.25,2");
		final RawImage rgb = new RawImage(1, 1, 3, 8, new float[] { 255, 255, 255 });
		final float[] v = n.scale(rgb);
		n.standardize(v, 3);
		assertArrayEquals(new float[] { 1f, 3f, 0.5f }, v, 1e-6f);
	}

	@Test
	void textAndJsonRoundTrip() {
		for (final String text : new String[] { "range", "minmax", "none", "meanstd mean=0.485,0.456,0.406 " +
			"std=0.229,0.224,0.225", "meanstd mean=0.5 std=2" })
		{
			final Normalization n = Normalization.parse(text);
			assertEquals(text, n.toString());
			final String json = n.toJson().toString();
			assertEquals(n, Normalization.fromJson(JsonParser.parseString(json).getAsJsonObject()), json);
		}
		assertEquals("{\"method\":\"meanstd\",\"mean\":[0.5],\"std\":[2.0]}", Normalization.parse(
			"meanstd mean=0.5 std=2").toJson().toString());
	}

	@Test
	void badTextIsRefusedWithTheValue() {
		final UserInputException e = assertThrows(UserInputException.class, () -> Normalization.parse("zscore"));
		assertTrue(e.getMessage().contains("'zscore'") && e.getMessage().contains("range"), e.getMessage());
		assertThrows(UserInputException.class, () -> Normalization.parse("meanstd mean=0.5"));
		assertThrows(UserInputException.class, () -> Normalization.parse("meanstd mean=0.5 std=0"));
		final UserInputException channels = assertThrows(UserInputException.class, () -> Normalization.parse(
			"meanstd mean=1,2 std=1,1").check(InputShape.of(8, 8, 3)));
		assertTrue(channels.getMessage().contains("2 mean/std values"), channels.getMessage());
	}
}
