package org.convnetij.nn;

import java.util.Arrays;
import java.util.Locale;

import org.convnetij.util.UserInputException;

/**
 * How pixel values become network inputs, stored in convnet.json so that prediction does what training did.
 * Modes: "none" (values as they are), "scale" (v * scale + offset, e.g. 1/255 for 8-bit images to [0, 1]),
 * "meanstd" ((v - mean[c]) / std[c] per channel c, as ImageNet "torch" preprocessing), "image" (each image plane to
 * zero mean and unit standard deviation). Immutable.
 */
public final class Normalization {

	public static final String NONE = "none";
	public static final String SCALE = "scale";
	public static final String MEAN_STD = "meanstd";
	public static final String IMAGE = "image";

	private String mode = NONE;
	private double scale = 1;
	private double offset = 0;
	private double[] mean;
	private double[] std;

	private Normalization() {}

	public static Normalization none() {
		return new Normalization();
	}

	/** v * scale + offset; {@code scale(1 / 255.0, 0)} for 8-bit to [0, 1], {@code scale(1 / 127.5, -1)} to [-1, 1]. */
	public static Normalization scale(final double scale, final double offset) {
		final Normalization n = new Normalization();
		n.mode = SCALE;
		n.scale = scale;
		n.offset = offset;
		return n.validated();
	}

	/** (v - mean[c]) / std[c] for channel c. */
	public static Normalization meanStd(final double[] mean, final double[] std) {
		final Normalization n = new Normalization();
		n.mode = MEAN_STD;
		n.mean = mean.clone();
		n.std = std.clone();
		return n.validated();
	}

	/** Each image plane to zero mean and unit standard deviation. */
	public static Normalization perImage() {
		final Normalization n = new Normalization();
		n.mode = IMAGE;
		return n;
	}

	/** "none", "scale", "meanstd" or "image". */
	public String mode() {
		return mode;
	}

	public double scale() {
		return scale;
	}

	public double offset() {
		return offset;
	}

	/** Per-channel means ("meanstd" only; empty otherwise). */
	public double[] mean() {
		return mean == null ? new double[0] : mean.clone();
	}

	/** Per-channel standard deviations ("meanstd" only; empty otherwise). */
	public double[] std() {
		return std == null ? new double[0] : std.clone();
	}

	/** Normalizes one plane of channel {@code channel} in place. */
	public void apply(final float[] plane, final int channel) {
		switch (mode) {
			case SCALE:
				for (int i = 0; i < plane.length; i++) plane[i] = (float) (plane[i] * scale + offset);
				break;
			case MEAN_STD: {
				final double m = mean[channel % mean.length];
				final double s = std[channel % std.length];
				for (int i = 0; i < plane.length; i++) plane[i] = (float) ((plane[i] - m) / s);
				break;
			}
			case IMAGE: {
				double sum = 0, sumSq = 0;
				for (final float v : plane) {
					sum += v;
					sumSq += (double) v * v;
				}
				final double m = sum / plane.length;
				final double s = Math.sqrt(Math.max(sumSq / plane.length - m * m, 0));
				final double divisor = Math.max(s, 1.0 / Math.sqrt(plane.length)); // TensorFlow's per_image_standardization
				for (int i = 0; i < plane.length; i++) plane[i] = (float) ((plane[i] - m) / divisor);
				break;
			}
			default:
				break;
		}
	}

	/** Checks the values (also after reading JSON); a message names the bad one. */
	public Normalization validated() {
		final String m = mode == null ? "" : mode.toLowerCase(Locale.ROOT);
		switch (m) {
			case NONE:
			case IMAGE:
				break;
			case SCALE:
				if (!Double.isFinite(scale) || scale == 0 || !Double.isFinite(offset)) {
					throw new UserInputException("normalization scale must be a finite non-zero number and offset finite, not " +
						scale + " and " + offset);
				}
				break;
			case MEAN_STD:
				if (mean == null || std == null || mean.length == 0 || mean.length != std.length) {
					throw new UserInputException("normalization meanstd needs as many means as standard deviations (1 or " +
						"more), not " + Arrays.toString(mean) + " and " + Arrays.toString(std));
				}
				for (final double s : std) {
					if (!(s > 0)) throw new UserInputException("normalization std must be above 0, not " + s);
				}
				break;
			default:
				throw new UserInputException("normalization mode must be none, scale, meanstd or image, not '" + mode + "'");
		}
		return this;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof Normalization)) return false;
		final Normalization n = (Normalization) o;
		return mode.equals(n.mode) && scale == n.scale && offset == n.offset && Arrays.equals(mean(), n.mean()) &&
			Arrays.equals(std(), n.std());
	}

	@Override
	public int hashCode() {
		return mode.hashCode() * 31 + Double.hashCode(scale) * 7 + Double.hashCode(offset);
	}

	@Override
	public String toString() {
		switch (mode) {
			case SCALE:
				return "scale " + scale + " offset " + offset;
			case MEAN_STD:
				return "mean " + Arrays.toString(mean) + " std " + Arrays.toString(std);
			default:
				return mode;
		}
	}
}
