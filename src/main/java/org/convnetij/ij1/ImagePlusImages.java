package org.convnetij.ij1;

import java.util.ArrayList;
import java.util.List;

import org.convnetij.data.ImageAxes;
import org.convnetij.image.Planes;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.IntervalView;
import net.imglib2.view.Views;

/**
 * ImagePlus to ImgLib2 and back without copying pixels. The image axes are X, Y, then channel, Z, time, each only
 * where it has more than one position; an RGB image gets a channel axis of 3 (red, green, blue) at position 2.
 */
public final class ImagePlusImages {

	private ImagePlusImages() {}

	/** A view of the ImagePlus's pixels (8-, 16-, 32-bit as unsigned byte, unsigned short, float; RGB as 3 x 8-bit). */
	public static RandomAccessibleInterval<?> wrap(final ImagePlus imp) {
		final ImageStack stack = imp.getStack();
		final int n = stack.getSize();
		final long[] dims = dimensions(imp, false);
		// the CNN commands tell channels from slices by it: an RGB image is one colour image, not 3 slices
		final int channelAxis = imp.getNChannels() > 1 ? 2 : -1;
		switch (imp.getType()) {
			case ImagePlus.GRAY8:
			case ImagePlus.COLOR_256: {
				final List<ByteArray> planes = new ArrayList<>(n);
				for (int i = 1; i <= n; i++) planes.add(new ByteArray((byte[]) stack.getPixels(i)));
				final PlanarImg<UnsignedByteType, ByteArray> img = new Planar<>(planes, dims, channelAxis);
				return link(img, new UnsignedByteType(img));
			}
			case ImagePlus.GRAY16: {
				final List<ShortArray> planes = new ArrayList<>(n);
				for (int i = 1; i <= n; i++) planes.add(new ShortArray((short[]) stack.getPixels(i)));
				final PlanarImg<UnsignedShortType, ShortArray> img = new Planar<>(planes, dims, channelAxis);
				return link(img, new UnsignedShortType(img));
			}
			case ImagePlus.GRAY32: {
				final List<FloatArray> planes = new ArrayList<>(n);
				for (int i = 1; i <= n; i++) planes.add(new FloatArray((float[]) stack.getPixels(i)));
				final PlanarImg<FloatType, FloatArray> img = new Planar<>(planes, dims, channelAxis);
				return link(img, new FloatType(img));
			}
			case ImagePlus.COLOR_RGB: {
				final List<IntArray> planes = new ArrayList<>(n);
				for (int i = 1; i <= n; i++) planes.add(new IntArray((int[]) stack.getPixels(i)));
				final PlanarImg<ARGBType, IntArray> img = new PlanarImg<>(planes, dims, new Fraction());
				final RandomAccessibleInterval<ARGBType> argb = link(img, new ARGBType(img));
				final RandomAccessibleInterval<UnsignedByteType> rgb = Converters.argbChannels(argb, 1, 2, 3);
				return new ChannelView<>(Views.moveAxis(rgb, rgb.numDimensions() - 1, 2));
			}
			default:
				throw new IllegalArgumentException("unsupported ImageJ image type " + imp.getType());
		}
	}

	/** An ImageJ 1 image's planes that say whether axis 2 holds channels. */
	private static final class Planar<T extends NativeType<T>, A extends net.imglib2.img.basictypeaccess.array.ArrayDataAccess<A>>
		extends PlanarImg<T, A> implements ImageAxes
	{

		private final int channelAxis;

		Planar(final List<A> planes, final long[] dims, final int channelAxis) {
			super(planes, dims, new Fraction());
			this.channelAxis = channelAxis;
		}

		@Override
		public int channelAxis() {
			return channelAxis;
		}
	}

	/** An RGB image: X, Y, its 3 channels (red, green, blue), then Z and time where present. */
	private static final class ChannelView<T> extends IntervalView<T> implements ImageAxes {

		ChannelView(final RandomAccessibleInterval<T> rgb) {
			super(rgb, rgb);
		}

		@Override
		public int channelAxis() {
			return 2;
		}
	}

	/** As {@link #wrap}, typed for the core's filters (every type it returns is a RealType). */
	@SuppressWarnings("unchecked")
	public static <T extends net.imglib2.type.numeric.RealType<T>> RandomAccessibleInterval<T> wrapReal(
		final ImagePlus imp)
	{
		return (RandomAccessibleInterval<T>) wrap(imp);
	}

	private static <T extends NativeType<T>, A extends net.imglib2.img.basictypeaccess.array.ArrayDataAccess<A>> PlanarImg<T, A> link(final PlanarImg<T, A> img, final T type) {
		img.setLinkedType(type);
		return img;
	}

	/** X, Y, then each of channel, Z, time with more than one position (RGB counts as 3 channels if asked). */
	static long[] dimensions(final ImagePlus imp, final boolean rgbAsChannels) {
		final List<Long> d = new ArrayList<>();
		d.add((long) imp.getWidth());
		d.add((long) imp.getHeight());
		final int c = imp.getNChannels() * (rgbAsChannels && imp.getType() == ImagePlus.COLOR_RGB ? 3 : 1);
		if (c > 1) d.add((long) c);
		if (imp.getNSlices() > 1) d.add((long) imp.getNSlices());
		if (imp.getNFrames() > 1) d.add((long) imp.getNFrames());
		return d.stream().mapToLong(Long::longValue).toArray();
	}

	/**
	 * An ImagePlus over a float result whose further axes match {@code source}'s (as {@link #wrap} saw them), with
	 * the source's calibration, the pixel size multiplied by {@code stride}. Planes are shared, not copied. The
	 * display range is the range of the plane shown first.
	 */
	public static ImagePlus toImagePlus(final Img<FloatType> result, final String title, final ImagePlus source,
		final int stride)
	{
		final int w = (int) result.dimension(0), h = (int) result.dimension(1);
		final int n = Planes.count(result);
		final ImageStack stack = new ImageStack(w, h);
		// the arrays themselves: a FloatProcessor per slice would scan every slice for its range, needed only for
		// the slice shown (ImagePlus finds that one's range when it makes its processor)
		for (int i = 0; i < n; i++) stack.addSlice(null, (Object) Planes.floatsOf(result, i));
		final ImagePlus out = new ImagePlus(title, stack);
		if (source != null) {
			final int channels = source.getNChannels() * (source.getType() == ImagePlus.COLOR_RGB ? 3 : 1);
			if (channels * source.getNSlices() * source.getNFrames() == n) {
				out.setDimensions(channels, source.getNSlices(), source.getNFrames());
				if (out.getNDimensions() > 3) out.setOpenAsHyperStack(true);
			}
			final Calibration cal = source.getCalibration().copy();
			cal.pixelWidth *= stride;
			cal.pixelHeight *= stride;
			cal.xOrigin /= stride;
			cal.yOrigin /= stride;
			out.setCalibration(cal);
		}
		return out;
	}
}
