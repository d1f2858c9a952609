package org.convnetij.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.convnetij.util.UserInputException;

/**
 * Random changes to training images, each switched on separately, all seeded: the same seed, epoch and image
 * index give the same result, whatever the thread or batch order. Immutable; made with {@link #builder()}.
 * Applied to normalised HWC arrays ({@link InputShape}), in this order: crop, horizontal and vertical mirror,
 * 90-degree rotation, rotation by an angle, translation, grayscale, colour shift, brightness, contrast. Values are
 * not clipped afterwards. Geometric changes that reach outside the image fill by reflection (mirror without
 * repeating the edge pixel, Keras' {@code fill_mode="reflect"}); resampling is bilinear.
 * <p>
 * Suggested macro keys (one word each): {@code crop}, {@code fliph}, {@code flipv}, {@code rotate90},
 * {@code rotate}, {@code translate}, {@code colorshift}, {@code brightness}, {@code contrast}, {@code grayscale},
 * {@code seed}.
 */
public final class Augmentation {

	private static final Augmentation NONE = builder().build();

	private final double crop;
	private final boolean flipHorizontal, flipVertical, rotate90;
	private final double rotateDegrees;
	private final int translatePixels;
	private final double colorShift, brightness, contrast, grayscale;
	private final long seed;

	private Augmentation(final Builder b) {
		crop = b.crop;
		flipHorizontal = b.flipHorizontal;
		flipVertical = b.flipVertical;
		rotate90 = b.rotate90;
		rotateDegrees = b.rotateDegrees;
		translatePixels = b.translatePixels;
		colorShift = b.colorShift;
		brightness = b.brightness;
		contrast = b.contrast;
		grayscale = b.grayscale;
		seed = b.seed;
	}

	/** No change at all. */
	public static Augmentation none() {
		return NONE;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding these settings, to change some. */
	public Builder toBuilder() {
		return new Builder().crop(crop).flipHorizontal(flipHorizontal).flipVertical(flipVertical).rotate90(rotate90)
			.rotate(rotateDegrees).translate(translatePixels).colorShift(colorShift).brightness(brightness)
			.contrast(contrast).grayscale(grayscale).seed(seed);
	}

	/** True if at least one change is switched on. */
	public boolean isActive() {
		return crop < 1 || flipHorizontal || flipVertical || rotate90 || rotateDegrees > 0 || translatePixels > 0 ||
			colorShift > 0 || brightness > 0 || contrast > 0 || grayscale > 0;
	}

	public double crop() {
		return crop;
	}

	public boolean flipHorizontal() {
		return flipHorizontal;
	}

	public boolean flipVertical() {
		return flipVertical;
	}

	public boolean rotate90() {
		return rotate90;
	}

	public double rotateDegrees() {
		return rotateDegrees;
	}

	public int translatePixels() {
		return translatePixels;
	}

	public double colorShift() {
		return colorShift;
	}

	public double brightness() {
		return brightness;
	}

	public double contrast() {
		return contrast;
	}

	public double grayscale() {
		return grayscale;
	}

	public long seed() {
		return seed;
	}

	/** Refuses settings that cannot work on images of this shape (quarter turns of non-square images). */
	public void check(final InputShape shape) {
		if (rotate90 && shape.width() != shape.height()) {
			throw new UserInputException("rotate90 needs square images, the input is " + shape.width() + " x " +
				shape.height() + "; use rotate=... (an angle) instead");
		}
	}

	/**
	 * A changed copy of one image (the input is not modified). The random choices depend only on the seed,
	 * {@code epoch} and {@code index} (the image's index in its dataset).
	 */
	public float[] apply(final float[] hwc, final InputShape shape, final int epoch, final int index) {
		check(shape);
		final SplittableRandom random = new SplittableRandom(mix(seed, epoch, index));
		final int w = shape.width(), h = shape.height(), c = shape.channels();
		float[] v = hwc;
		if (crop < 1) {
			final double scale = crop + random.nextDouble() * (1 - crop);
			final int cw = Math.max(1, (int) Math.round(w * scale)), ch = Math.max(1, (int) Math.round(h * scale));
			v = cropResized(v, w, h, c, random.nextInt(w - cw + 1), random.nextInt(h - ch + 1), cw, ch);
		}
		if (flipHorizontal && random.nextBoolean()) v = flipHorizontally(v, w, h, c);
		if (flipVertical && random.nextBoolean()) v = flipVertically(v, w, h, c);
		if (rotate90) v = rotateQuarters(v, w, h, c, random.nextInt(4));
		if (rotateDegrees > 0) v = rotate(v, w, h, c, (random.nextDouble() * 2 - 1) * rotateDegrees);
		if (translatePixels > 0) {
			final int dx = random.nextInt(-translatePixels, translatePixels + 1);
			final int dy = random.nextInt(-translatePixels, translatePixels + 1);
			v = translate(v, w, h, c, dx, dy);
		}
		if (v == hwc) v = hwc.clone();
		if (grayscale > 0 && random.nextDouble() < grayscale && c == 3) toGray(v);
		if (colorShift > 0) {
			for (int k = 0; k < c; k++) addToChannel(v, c, k, (float) ((random.nextDouble() * 2 - 1) * colorShift));
		}
		if (brightness > 0) {
			final float delta = (float) ((random.nextDouble() * 2 - 1) * brightness);
			for (int i = 0; i < v.length; i++) v[i] += delta;
		}
		if (contrast > 0) scaleContrast(v, c, (float) (1 + (random.nextDouble() * 2 - 1) * contrast));
		return v;
	}

	/** The switched-on changes, e.g. "crop=0.8 fliph rotate=15 seed=7", or "none". */
	@Override
	public String toString() {
		final List<String> parts = new ArrayList<>();
		if (crop < 1) parts.add("crop=" + crop);
		if (flipHorizontal) parts.add("fliph");
		if (flipVertical) parts.add("flipv");
		if (rotate90) parts.add("rotate90");
		if (rotateDegrees > 0) parts.add("rotate=" + rotateDegrees);
		if (translatePixels > 0) parts.add("translate=" + translatePixels);
		if (grayscale > 0) parts.add("grayscale=" + grayscale);
		if (colorShift > 0) parts.add("colorshift=" + colorShift);
		if (brightness > 0) parts.add("brightness=" + brightness);
		if (contrast > 0) parts.add("contrast=" + contrast);
		if (parts.isEmpty()) return "none";
		parts.add("seed=" + seed);
		return String.join(" ", parts);
	}

	// Geometry on HWC arrays; package-private for tests.

	static float[] cropResized(final float[] v, final int w, final int h, final int c, final int x0, final int y0,
		final int cw, final int ch)
	{
		final float[] window = new float[cw * ch * c];
		for (int y = 0; y < ch; y++) System.arraycopy(v, ((y0 + y) * w + x0) * c, window, y * cw * c, cw * c);
		return ImageConversion.resize(window, cw, ch, c, w, h);
	}

	static float[] flipHorizontally(final float[] v, final int w, final int h, final int c) {
		final float[] out = new float[v.length];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			System.arraycopy(v, (y * w + x) * c, out, (y * w + (w - 1 - x)) * c, c);
		}
		return out;
	}

	static float[] flipVertically(final float[] v, final int w, final int h, final int c) {
		final float[] out = new float[v.length];
		for (int y = 0; y < h; y++) System.arraycopy(v, y * w * c, out, (h - 1 - y) * w * c, w * c);
		return out;
	}

	/** {@code k} quarter turns clockwise as displayed (y pointing down); square images only. */
	static float[] rotateQuarters(final float[] v, final int w, final int h, final int c, final int k) {
		float[] out = v;
		for (int turn = 0; turn < (k & 3); turn++) {
			final float[] next = new float[v.length];
			// clockwise: the pixel at (x, y) moves to (h - 1 - y, x)
			for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
				System.arraycopy(out, (y * w + x) * c, next, (x * w + (h - 1 - y)) * c, c);
			}
			out = next;
		}
		return out;
	}

	/** Rotation by {@code degrees} clockwise as displayed, about the image centre; bilinear, reflected fill. */
	static float[] rotate(final float[] v, final int w, final int h, final int c, final double degrees) {
		final double a = Math.toRadians(degrees), cos = Math.cos(a), sin = Math.sin(a);
		final double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
		final float[] out = new float[v.length];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			final double dx = x - cx, dy = y - cy;
			// inverse mapping: where in the input does output pixel (x, y) come from
			final float sx = (float) (cx + cos * dx + sin * dy), sy = (float) (cy - sin * dx + cos * dy);
			ImageConversion.sampleReflect(v, w, h, c, sx, sy, out, (y * w + x) * c);
		}
		return out;
	}

	/** Moves the content by (dx, dy) pixels (right and down for positive values); reflected fill. */
	static float[] translate(final float[] v, final int w, final int h, final int c, final int dx, final int dy) {
		final float[] out = new float[v.length];
		for (int y = 0; y < h; y++) {
			final int sy = ImageConversion.reflect(y - dy, h);
			for (int x = 0; x < w; x++) {
				System.arraycopy(v, (sy * w + ImageConversion.reflect(x - dx, w)) * c, out, (y * w + x) * c, c);
			}
		}
		return out;
	}

	private static void toGray(final float[] v) {
		for (int i = 0; i < v.length; i += 3) {
			final float g = ImageConversion.RED_WEIGHT * v[i] + ImageConversion.GREEN_WEIGHT * v[i + 1] +
				ImageConversion.BLUE_WEIGHT * v[i + 2];
			v[i] = v[i + 1] = v[i + 2] = g;
		}
	}

	private static void addToChannel(final float[] v, final int c, final int channel, final float delta) {
		for (int i = channel; i < v.length; i += c) v[i] += delta;
	}

	/** Per channel: mean + factor * (value - mean). */
	private static void scaleContrast(final float[] v, final int c, final float factor) {
		for (int k = 0; k < c; k++) {
			double sum = 0;
			for (int i = k; i < v.length; i += c) sum += v[i];
			final float mean = (float) (sum / (v.length / c));
			for (int i = k; i < v.length; i += c) v[i] = mean + factor * (v[i] - mean);
		}
	}

	private static long mix(final long seed, final int epoch, final int index) {
		// SplittableRandom's own mixing spreads nearby keys; combine so that (epoch, index) pairs differ.
		return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1))).nextLong() + 0xBF58476D1CE4E5B9L *
			index;
	}

	/** Settings for {@link Augmentation}; everything off unless set. */
	public static final class Builder {

		private double crop = 1;
		private boolean flipHorizontal, flipVertical, rotate90;
		private double rotateDegrees;
		private int translatePixels;
		private double colorShift, brightness, contrast, grayscale;
		private long seed;

		private Builder() {}

		/** Random crop: a window of a random side fraction in [minFraction, 1], resized back; 1 = off. */
		public Builder crop(final double minFraction) {
			if (!(minFraction > 0 && minFraction <= 1)) throw new UserInputException("crop must be a fraction of " +
				"the side in (0, 1] (e.g. 0.8; 1 = off), not " + minFraction);
			crop = minFraction;
			return this;
		}

		/** Mirror left-right with probability 1/2. */
		public Builder flipHorizontal(final boolean on) {
			flipHorizontal = on;
			return this;
		}

		/** Mirror top-bottom with probability 1/2. */
		public Builder flipVertical(final boolean on) {
			flipVertical = on;
			return this;
		}

		/** Rotate by 0, 90, 180 or 270 degrees, equally likely (square images only). */
		public Builder rotate90(final boolean on) {
			rotate90 = on;
			return this;
		}

		/** Rotate by a random angle in [-maxDegrees, maxDegrees]; 0 = off. */
		public Builder rotate(final double maxDegrees) {
			if (!(maxDegrees >= 0 && maxDegrees <= 180)) throw new UserInputException("rotate must be a maximum " +
				"angle in degrees from 0 to 180, not " + maxDegrees);
			rotateDegrees = maxDegrees;
			return this;
		}

		/** Shift by a random whole number of pixels in [-maxPixels, maxPixels] along x and y; 0 = off. */
		public Builder translate(final int maxPixels) {
			if (maxPixels < 0) throw new UserInputException("translate must be 0 or more pixels, not " + maxPixels);
			translatePixels = maxPixels;
			return this;
		}

		/** Add a random value in [-max, max] to each channel separately (in normalised units); 0 = off. */
		public Builder colorShift(final double max) {
			colorShift = nonNegative("colorshift", max);
			return this;
		}

		/** Add one random value in [-max, max] to all pixels (in normalised units); 0 = off. */
		public Builder brightness(final double max) {
			brightness = nonNegative("brightness", max);
			return this;
		}

		/** Scale each channel's deviation from its mean by a random factor in [1 - max, 1 + max]; 0 = off. */
		public Builder contrast(final double max) {
			if (!(max >= 0 && max < 1)) throw new UserInputException("contrast must be from 0 to below 1 (e.g. " +
				"0.2 for factors 0.8 to 1.2), not " + max);
			contrast = max;
			return this;
		}

		/** Turn an RGB image gray (luminance in all three channels) with this probability; 0 = off. */
		public Builder grayscale(final double probability) {
			if (!(probability >= 0 && probability <= 1)) throw new UserInputException("grayscale must be a " +
				"probability from 0 to 1, not " + probability);
			grayscale = probability;
			return this;
		}

		public Builder seed(final long seed) {
			this.seed = seed;
			return this;
		}

		public Augmentation build() {
			return new Augmentation(this);
		}

		private static double nonNegative(final String key, final double v) {
			if (!(v >= 0) || Double.isInfinite(v)) throw new UserInputException(key + " must be 0 or more, not " + v);
			return v;
		}
	}
}
