package org.convnetij.filter;

import static org.convnetij.filter.TestImages.assertClose;
import static org.convnetij.filter.TestImages.assertSameImage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.convnetij.ij1.ImagePlusImages;
import org.convnetij.image.Planes;
import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import ij.ImagePlus;
import ij.process.ImageConverter;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** The whole filter catalogue on real images: both engines agree, image types, stacks, sizes, and bad input. */
class FilterCatalogTest {

	static Iterable<FilterEngine> engines() {
		return Engines.all();
	}

	/** Every filter on ihc.png (RGB, three planes) gives the same numbers on every engine. */
	@Test
	void enginesAgreeOnEveryFilterForRgb() {
		final RandomAccessibleInterval<UnsignedByteType> rgb = TestImages.ihc();
		final List<ImageFilters> on = new ArrayList<>();
		for (final FilterEngine e : Engines.all()) on.add(Filters.on(e));
		final ImageFilters java = on.get(0);
		for (final ImageFilters other : on.subList(1, on.size())) {
			final String n = other.engine().name();
			assertSameImage(java.convolve(rgb, Kernel.parse("1 2 3; 0 1 0; -3 -2 -1"), Padding.MIRROR, 1), other.convolve(
				rgb, Kernel.parse("1 2 3; 0 1 0; -3 -2 -1"), Padding.MIRROR, 1), 1e-5, n + " convolve");
			assertSameImage(java.mean(rgb, 2, Padding.ZERO, 2), other.mean(rgb, 2, Padding.ZERO, 2), 1e-5, n + " mean");
			assertSameImage(java.gaussianBlur(rgb, 1.5, Padding.MIRROR, 1), other.gaussianBlur(rgb, 1.5, Padding.MIRROR, 1),
				1e-5, n + " gaussian");
			assertSameImage(java.sobel(rgb, SobelDirection.X, Padding.NONE, 1), other.sobel(rgb, SobelDirection.X,
				Padding.NONE, 1), 1e-5, n + " sobel x");
			assertSameImage(java.laplacian(rgb, Padding.ZERO, 1), other.laplacian(rgb, Padding.ZERO, 1), 1e-5, n +
				" laplacian");
			assertSameImage(java.unsharpMask(rgb, 2, 0.5, Padding.MIRROR), other.unsharpMask(rgb, 2, 0.5, Padding.MIRROR),
				1e-5, n + " unsharp");
			assertSameImage(java.rank(rgb, Rank.MEDIAN, 2, Padding.ZERO), other.rank(rgb, Rank.MEDIAN, 2, Padding.ZERO), 0,
				n + " median");
			assertSameImage(java.pool(rgb, Pooling.AVERAGE, 3, 3), other.pool(rgb, Pooling.AVERAGE, 3, 3), 1e-5, n +
				" average pool");
		}
	}

	@Test
	void rgbIsFilteredPerChannel() {
		final RandomAccessibleInterval<UnsignedByteType> rgb = TestImages.ihc();
		final Img<FloatType> blurred = Filters.gaussianBlur(rgb, 2, Padding.CLAMP, 1);
		assertEquals(3, blurred.numDimensions());
		assertEquals(3, blurred.dimension(2), "three channels");
		for (int c = 0; c < 3; c++) {
			final RandomAccessibleInterval<UnsignedByteType> channel = Views.hyperSlice(rgb, 2, c);
			assertClose(Planes.floatsOf(Filters.gaussianBlur(channel, 2, Padding.CLAMP, 1), 0), Planes.floatsOf(blurred, c),
				0, "channel " + c);
		}
	}

	@Test
	void sixteenBitGivesTheSameAsEightBit() {
		final ImagePlus imp8 = TestImages.open("cell.png");
		final ImagePlus imp16 = imp8.duplicate();
		new ImageConverter(imp16).convertToGray16();
		final RandomAccessibleInterval<UnsignedByteType> a = cast(ImagePlusImages.wrap(imp8));
		final RandomAccessibleInterval<net.imglib2.type.numeric.integer.UnsignedShortType> b = cast(ImagePlusImages.wrap(imp16));
		assertSameImage(Filters.median(a, 2, Padding.CLAMP), Filters.median(b, 2, Padding.CLAMP), 0, "16-bit median");
		assertSameImage(Filters.gaussianBlur(a, 1, Padding.CLAMP, 1), Filters.gaussianBlur(b, 1, Padding.CLAMP, 1), 0,
			"16-bit gaussian");
	}

	@SuppressWarnings("unchecked")
	static <T extends RealType<T>> RandomAccessibleInterval<T> cast(final RandomAccessibleInterval<?> img) {
		return (RandomAccessibleInterval<T>) img;
	}

	/** A z-stack of 4 slices from cell.png (the image shifted per slice). */
	static Img<FloatType> stack() {
		final float[] cell = TestImages.cellPlane();
		final RandomAccessibleInterval<UnsignedByteType> c = TestImages.cell();
		final int w = (int) c.dimension(0), h = (int) c.dimension(1), d = 4;
		final float[] v = new float[w * h * d];
		for (int z = 0; z < d; z++) {
			for (int i = 0; i < w * h; i++) v[z * w * h + i] = cell[(i + 11 * z) % (w * h)];
		}
		return ArrayImgs.floats(v, w, h, d);
	}

	@ParameterizedTest
	@MethodSource("engines")
	void stacksAreFilteredPlaneByPlaneOrIn3d(final FilterEngine engine) {
		final ImageFilters f = Filters.on(engine);
		final Img<FloatType> stack = stack();
		final Img<FloatType> median = f.rank(stack, Rank.MEDIAN, 1, Padding.CLAMP);
		assertEquals(4, median.dimension(2));
		assertClose(Planes.floatsOf(f.rank(Views.hyperSlice(stack, 2, 3), Rank.MEDIAN, 1, Padding.CLAMP), 0), Planes
			.floatsOf(median, 3), 0, "slice 3 alone");
		// A 3D kernel that is only a centre 1 on the middle slice is the identity.
		final Img<FloatType> same = f.convolve3d(stack, Kernel3D.parse("0 0 0; 0 0 0; 0 0 0 / 0 0 0; 0 1 0; 0 0 0 / " +
			"0 0 0; 0 0 0; 0 0 0"), Padding.ZERO);
		assertSameImage(Planes.wrap(List.of(Planes.floatsOf(stack, 0), Planes.floatsOf(stack, 1), Planes.floatsOf(stack,
			2), Planes.floatsOf(stack, 3)), stack.dimensionsAsLongArray()), same, 0, "3D identity");
		final Img<FloatType> blurred3d = f.gaussianBlur3d(stack, 1, 1, Padding.CLAMP);
		assertSameImage(Filters.on(JavaFilterEngine.INSTANCE).gaussianBlur3d(stack, 1, 1, Padding.CLAMP), blurred3d,
			1e-5, engine.name() + " 3D gaussian");
		final UserInputException e = assertThrows(UserInputException.class, () -> f.gaussianBlur3d(TestImages.cell(), 1,
			1, Padding.CLAMP));
		assertTrue(e.getMessage().contains("z-stack"), e.getMessage());
	}

	@Test
	void rankOneKernelsAreSeparatedAndGiveTheSameNumbersAs2d() {
		assertNotNull(Separable.of(Kernel.box(3)));
		assertNotNull(Separable.of(Separable.SOBEL_X));
		assertNotNull(Separable.of(Kernel.parse("1 2 1; 2 4 2; 1 2 1")));
		assertNull(Separable.of(Kernel.parse("1 2 1; 2 4 2; 1 2 2")));
		assertNull(Separable.of(ImageFilters.LAPLACIAN));
		final float[] cell = TestImages.cellPlane();
		final RandomAccessibleInterval<UnsignedByteType> c = TestImages.cell();
		final int w = (int) c.dimension(0), h = (int) c.dimension(1);
		final Kernel k = Kernel.parse("1 2 1; 2 4 2; 1 2 1");
		final Separable s = Separable.of(k);
		for (final FilterEngine e : Engines.all()) {
			assertClose(e.correlate(cell, w, h, k, Padding.MIRROR, 1), e.correlateSeparable(cell, w, h, s.row(), s.column(),
				Padding.MIRROR, 1), 1e-6, e.name() + " two passes = 2D");
		}
	}

	@Test
	void gaussianKernelIsImageJs() {
		for (final double sigma : new double[] { 0.7, 2, 5.5 }) {
			final float[][] ij = new ij.plugin.filter.GaussianBlur().makeGaussianKernel(sigma, Separable.GAUSSIAN_ACCURACY,
				512);
			final float[] ours = Separable.gaussian(sigma, Separable.GAUSSIAN_ACCURACY, 512);
			final int r = ij[0].length;
			assertEquals(2 * r - 1, ours.length);
			for (int i = 0; i < r; i++) {
				assertEquals(ij[0][i], ours[r - 1 + i], 0f, "sigma " + sigma + " tap " + i);
				assertEquals(ij[0][i], ours[r - 1 - i], 0f, "symmetric");
			}
		}
	}

	@ParameterizedTest
	@MethodSource("engines")
	void sizesFollowTheFormula(final FilterEngine engine) {
		final ImageFilters f = Filters.on(engine);
		final RandomAccessibleInterval<UnsignedByteType> c = TestImages.cell();
		final long w = c.dimension(0), h = c.dimension(1);
		final Img<FloatType> pooled = f.pool(c, Pooling.MAX, 3, 2);
		assertEquals((w - 3) / 2 + 1, pooled.dimension(0));
		assertEquals((h - 3) / 2 + 1, pooled.dimension(1));
		final Img<FloatType> valid = f.convolve(c, Kernel.box(2), Padding.NONE, 3);
		assertEquals((w - 5) / 3 + 1, valid.dimension(0));
		final Img<FloatType> same = f.rank(c, Rank.MAXIMUM, 3, Padding.MIRROR);
		assertEquals(w, same.dimension(0));
		assertEquals(h, same.dimension(1));
		// Max pool: every output is the largest of its window.
		final float[] in = TestImages.cellPlane(), out = Planes.floatsOf(pooled, 0);
		float max = 0;
		for (int v = 0; v < 3; v++) for (int u = 0; u < 3; u++) max = Math.max(max, in[(2 * 5 + v) * (int) w + 2 * 7 + u]);
		assertEquals(max, out[5 * (int) pooled.dimension(0) + 7]);
	}

	@ParameterizedTest
	@MethodSource("engines")
	void templateMatchingFindsACrop(final FilterEngine engine) {
		final RandomAccessibleInterval<UnsignedByteType> c = TestImages.cell();
		final int x0 = 150, y0 = 80, tw = 25, th = 19;
		final RandomAccessibleInterval<UnsignedByteType> crop = Views.zeroMin(Views.interval(c, new long[] { x0, y0 },
			new long[] { x0 + tw - 1, y0 + th - 1 }));
		final Img<FloatType> map = Filters.on(engine).matchTemplate(c, crop);
		assertEquals(c.dimension(0) - tw + 1, map.dimension(0));
		final float[] m = Planes.floatsOf(map, 0);
		int best = 0;
		for (int i = 1; i < m.length; i++) if (m[i] > m[best]) best = i;
		assertEquals(x0, best % map.dimension(0));
		assertEquals(y0, best / map.dimension(0));
		assertEquals(1f, m[best], 1e-4f);
		for (final float v : m) assertTrue(v >= -1.0001f && v <= 1.0001f, "NCC in [-1, 1]: " + v);
	}

	@ParameterizedTest
	@MethodSource("engines")
	void convLayerComputesBiasReluAndShape(final FilterEngine engine) {
		final RandomAccessibleInterval<UnsignedByteType> rgb = TestImages.ihc();
		// Kernel 1: the centre of channel 0 minus the centre of channel 2; kernel 2: the mean of channel 1.
		final FilterBank bank = FilterBank.parse("0 0 0; 0 1 0; 0 0 0 / 0 0 0; 0 0 0; 0 0 0 / 0 0 0; 0 -1 0; 0 0 0 | " +
			"0 0 0; 0 0 0; 0 0 0 / 1 1 1; 1 1 1; 1 1 1 / 0 0 0; 0 0 0; 0 0 0", "10 -3000");
		final Img<FloatType> out = Filters.on(engine).convLayer(rgb, bank, Padding.NONE, 2, true);
		final long w = rgb.dimension(0);
		assertEquals((w - 3) / 2 + 1, out.dimension(0));
		assertEquals(2, out.dimension(2), "N output planes");
		final float[] r = Planes.toFloats(rgb, 0), b = Planes.toFloats(rgb, 2);
		final float[] o = Planes.floatsOf(out, 0);
		final int ow = (int) out.dimension(0);
		for (final int[] p : new int[][] { { 0, 0 }, { 10, 20 }, { 50, 7 } }) {
			final int i = (2 * p[1] + 1) * (int) w + 2 * p[0] + 1;
			assertEquals(Math.max(0, r[i] - b[i] + 10), o[p[1] * ow + p[0]], 1e-4f);
		}
		for (final float v : Planes.floatsOf(out, 1)) assertEquals(0f, v, "ReLU of (at most 9 * 255 - 3000): " + v);
	}

	@Test
	void defaultEngineFollowsThePropertyAndPrefersOpenCl() {
		final String forced = System.getProperty(Filters.ENGINE_PROPERTY, "");
		if (forced.equals("java")) assertEquals("java", Filters.engine().name());
		else if (org.convnetij.opencl.OpenCl.engine().isPresent()) assertTrue(Filters.engine().name().startsWith("opencl"));
		else assertEquals("java", Filters.engine().name());
	}

	// ---- bad input ----

	@Test
	void radiusZeroIsTheIdentity() {
		final RandomAccessibleInterval<UnsignedByteType> c = TestImages.cell();
		final float[] cell = TestImages.cellPlane();
		for (final FilterEngine e : Engines.all()) {
			assertArrayEquals(cell, Planes.floatsOf(Filters.on(e).rank(c, Rank.MEDIAN, 0, Padding.CLAMP), 0));
			assertArrayEquals(cell, Planes.floatsOf(Filters.on(e).mean(c, 0, Padding.ZERO, 1), 0));
		}
	}

	@Test
	void sigmaMustBePositive() {
		for (final double sigma : new double[] { 0, -1 }) {
			final UserInputException e = assertThrows(UserInputException.class, () -> Filters.gaussianBlur(TestImages
				.cell(), sigma, Padding.CLAMP, 1));
			assertTrue(e.getMessage().contains("sigma must be more than 0") && e.getMessage().contains(String.valueOf(
				sigma)), e.getMessage());
		}
		assertThrows(UserInputException.class, () -> Filters.unsharpMask(TestImages.cell(), 0, 0.5, Padding.CLAMP));
	}

	@Test
	void templateLargerThanImageIsRefused() {
		final RandomAccessibleInterval<UnsignedByteType> small = Views.zeroMin(Views.interval(TestImages.cell(), new long[] {
			0, 0 }, new long[] { 19, 19 }));
		final UserInputException e = assertThrows(UserInputException.class, () -> Filters.matchTemplate(small,
			TestImages.cell()));
		assertTrue(e.getMessage().contains("larger than the image") && e.getMessage().contains("(20 x 20)"), e
			.getMessage());
	}

	@Test
	void convLayerDepthMustEqualChannels() {
		final FilterBank bank = FilterBank.parse("1 0 1; 0 1 0; 1 0 1 / 1 1 1; 1 1 1; 1 1 1", "");
		final UserInputException e = assertThrows(UserInputException.class, () -> Filters.convLayer(TestImages.ihc(),
			bank, Padding.ZERO, 1, false));
		assertTrue(e.getMessage().contains("kernel depth 2") && e.getMessage().contains("channel count 3"), e
			.getMessage());
	}
}
