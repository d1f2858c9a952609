package org.convnetij.filter;

import static org.convnetij.filter.TestImages.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.convnetij.image.Planes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import ij.plugin.filter.Convolver;
import ij.plugin.filter.GaussianBlur;
import ij.plugin.filter.RankFilters;
import ij.plugin.filter.UnsharpMask;
import ij.process.FloatProcessor;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The filters against ImageJ 1's own on cell.png, with clamp padding (ImageJ repeats the edge pixels), on both
 * engines.
 */
class FiltersImageJTest {

	static final double TOLERANCE = 1e-5;

	static FloatProcessor cell() {
		return TestImages.open("cell.png").getProcessor().convertToFloatProcessor();
	}

	static Img<FloatType> wrap(final FloatProcessor fp) {
		return ArrayImgs.floats((float[]) fp.getPixels(), fp.getWidth(), fp.getHeight());
	}

	static float[] pixels(final Img<FloatType> img) {
		return Planes.floatsOf(img, 0);
	}

	static Iterable<FilterEngine> engines() {
		return Engines.all();
	}

	@ParameterizedTest
	@MethodSource("engines")
	void gaussianBlurMatchesImageJ(final FilterEngine engine) {
		final FloatProcessor expected = cell();
		new GaussianBlur().blurGaussian(expected, 2, 2, Separable.GAUSSIAN_ACCURACY);
		final Img<FloatType> actual = Filters.on(engine).gaussianBlur(wrap(cell()), 2, Padding.CLAMP, 1);
		assertClose((float[]) expected.getPixels(), pixels(actual), TOLERANCE, engine.name() + " Gaussian sigma 2");
	}

	@ParameterizedTest
	@MethodSource("engines")
	void rankFiltersMatchImageJExactly(final FilterEngine engine) {
		final int[] types = { RankFilters.MIN, RankFilters.MAX, RankFilters.MEDIAN };
		final Rank[] ranks = { Rank.MINIMUM, Rank.MAXIMUM, Rank.MEDIAN };
		for (int i = 0; i < ranks.length; i++) {
			for (final int radius : new int[] { 1, 2, 3 }) {
				final FloatProcessor expected = cell();
				new RankFilters().rank(expected, radius, types[i]);
				final Img<FloatType> actual = Filters.on(engine).rank(wrap(cell()), ranks[i], radius, Padding.CLAMP);
				assertArrayEquals((float[]) expected.getPixels(), pixels(actual), engine.name() + " " + ranks[i] +
					" radius " + radius);
			}
		}
	}

	@ParameterizedTest
	@MethodSource("engines")
	void meanMatchesImageJSmooth(final FilterEngine engine) {
		final FloatProcessor expected = cell();
		expected.smooth();
		assertClose((float[]) expected.getPixels(), pixels(Filters.on(engine).mean(wrap(cell()), 1, Padding.CLAMP, 1)),
			TOLERANCE, engine.name() + " 3x3 mean");
	}

	@ParameterizedTest
	@MethodSource("engines")
	void sobelMagnitudeMatchesImageJFindEdges(final FilterEngine engine) {
		final FloatProcessor expected = cell();
		expected.findEdges();
		assertClose((float[]) expected.getPixels(), pixels(Filters.on(engine).sobel(wrap(cell()),
			SobelDirection.MAGNITUDE, Padding.CLAMP, 1)), TOLERANCE, engine.name() + " Sobel");
	}

	@ParameterizedTest
	@MethodSource("engines")
	void unsharpMaskMatchesImageJ(final FilterEngine engine) {
		final FloatProcessor expected = cell();
		expected.snapshot();
		new UnsharpMask().sharpenFloat(expected, 1.5, 0.6f);
		assertClose((float[]) expected.getPixels(), pixels(Filters.on(engine).unsharpMask(wrap(cell()), 1.5, 0.6,
			Padding.CLAMP)), TOLERANCE, engine.name() + " unsharp mask");
	}

	@ParameterizedTest
	@MethodSource("engines")
	void convolveMatchesImageJConvolver(final FilterEngine engine) {
		final Kernel k = Kernel.parse("1 2 0 -1 3; 0 1 4 1 0; -2 1 5 1 -2; 0 1 4 1 0; 3 -1 0 2 1");
		final FloatProcessor expected = cell();
		final Convolver convolver = new Convolver();
		convolver.setNormalize(false);
		convolver.convolve(expected, k.values(), 5, 5);
		assertClose((float[]) expected.getPixels(), pixels(Filters.on(engine).convolve(wrap(cell()), k, Padding.CLAMP,
			1)), TOLERANCE, engine.name() + " 5x5 kernel");
	}
}
