package org.convnetij.nn;

import java.util.Arrays;
import java.util.Locale;

import org.convnetij.util.UserInputException;

/**
 * Options of the custom architecture INPUT -> [[CONV -> RELU]*N -> POOL?]*M -> [FC -> RELU]*K -> FC, immutable:
 * every option method returns a changed copy. M counts the pooled blocks; with M = 0 and N > 0 there is one block
 * of N convolutions and no pool (the "INPUT -> CONV -> RELU -> FC" preset). Block b's convolutions have
 * {@code filters[b-1]} filters (the last value repeats for later blocks), F x F kernels, stride S and padding P
 * pixels of zeros (or "same"); pools are max pools of pool x pool with their own stride. FC i has {@code units[i-1]}
 * outputs (last value repeats); the last FC has one output per class, softmax.
 * <p>
 * Layer names: block1_conv1, block1_relu1, (block1_pad1 before a conv with P > 0), block1_pool, ..., flatten, fc1,
 * fc1_relu, ..., predictions.
 */
public final class ConvPattern implements Cloneable {

	private int convs = 1;
	private int blocks = 2;
	private int dense = 1;
	private int[] filters = { 32, 64 };
	private int size = 3;
	private String padding = "same";
	private int stride = 1;
	private int pool = 2;
	private int poolStride = 2;
	private int[] units = { 128 };

	private ConvPattern() {}

	/** N = K = 1, M = 2, 32 then 64 filters of 3x3 same, 2x2 pools, FC 128: a small image classifier. */
	public static ConvPattern defaults() {
		return new ConvPattern();
	}

	/** INPUT -> FC: a linear (softmax) classifier, N = M = K = 0. */
	public static ConvPattern linear() {
		return defaults().convs(0).blocks(0).dense(0);
	}

	/** INPUT -> CONV -> RELU -> FC: N = 1, M = K = 0. */
	public static ConvPattern oneConv() {
		return defaults().convs(1).blocks(0).dense(0);
	}

	/** INPUT -> [CONV -> RELU -> POOL]*2 -> FC -> RELU -> FC: N = K = 1, M = 2. */
	public static ConvPattern twoBlocks() {
		return defaults().convs(1).blocks(2).dense(1);
	}

	/** INPUT -> [CONV -> RELU -> CONV -> RELU -> POOL]*3 -> [FC -> RELU]*2 -> FC: N = K = 2, M = 3. */
	public static ConvPattern threeBlocks() {
		return defaults().convs(2).blocks(3).dense(2).filters(32, 64, 128).units(256, 128);
	}

	/** N: convolutions (each followed by ReLU) per block, 0 or more. */
	public ConvPattern convs(final int n) {
		final ConvPattern p = copy();
		p.convs = atLeast("convs", n, 0);
		return p;
	}

	/** M: pooled blocks, 0 or more. */
	public ConvPattern blocks(final int m) {
		final ConvPattern p = copy();
		p.blocks = atLeast("blocks", m, 0);
		return p;
	}

	/** K: hidden fully connected layers (each followed by ReLU) before the classifier, 0 or more. */
	public ConvPattern dense(final int k) {
		final ConvPattern p = copy();
		p.dense = atLeast("dense", k, 0);
		return p;
	}

	/** Filters per block; the last value repeats for later blocks. */
	public ConvPattern filters(final int... counts) {
		final ConvPattern p = copy();
		p.filters = positiveList("filters", counts);
		return p;
	}

	/** F: kernel width and height. */
	public ConvPattern size(final int f) {
		final ConvPattern p = copy();
		p.size = atLeast("size", f, 1);
		return p;
	}

	/** P: pixels of zeros on each side before every convolution (0 = valid). */
	public ConvPattern padding(final int pixels) {
		final ConvPattern p = copy();
		p.padding = Integer.toString(atLeast("padding", pixels, 0));
		return p;
	}

	/** Keras "same" padding: output size ceil(W / S). */
	public ConvPattern samePadding() {
		final ConvPattern p = copy();
		p.padding = "same";
		return p;
	}

	/** "same", "valid" (= 0) or a number of pixels. */
	public ConvPattern padding(final String text) {
		final String t = text.trim().toLowerCase(Locale.ROOT);
		if (t.equals("same")) return samePadding();
		if (t.equals("valid")) return padding(0);
		try {
			return padding(Integer.parseInt(t));
		}
		catch (final NumberFormatException e) {
			throw new UserInputException("padding must be same, valid or a number of pixels, not '" + text + "'");
		}
	}

	/** S: convolution stride. */
	public ConvPattern stride(final int s) {
		final ConvPattern p = copy();
		p.stride = atLeast("stride", s, 1);
		return p;
	}

	/** Max pool window width and height. */
	public ConvPattern pool(final int f) {
		final ConvPattern p = copy();
		p.pool = atLeast("pool", f, 1);
		return p;
	}

	/** Max pool stride. */
	public ConvPattern poolStride(final int s) {
		final ConvPattern p = copy();
		p.poolStride = atLeast("poolstride", s, 1);
		return p;
	}

	/** Outputs of the hidden FC layers; the last value repeats. */
	public ConvPattern units(final int... counts) {
		final ConvPattern p = copy();
		p.units = positiveList("units", counts);
		return p;
	}

	public int convs() {
		return convs;
	}

	public int blocks() {
		return blocks;
	}

	public int dense() {
		return dense;
	}

	public int[] filters() {
		return filters.clone();
	}

	/** Filters of block {@code block} (1-based). */
	public int filtersOf(final int block) {
		return filters[Math.min(block, filters.length) - 1];
	}

	public int size() {
		return size;
	}

	/** "same" or a number of pixels. */
	public String padding() {
		return padding;
	}

	public boolean isSamePadding() {
		return padding.equals("same");
	}

	/** P in pixels; 0 for same (the convolution pads itself). */
	public int paddingPixels() {
		return isSamePadding() ? 0 : Integer.parseInt(padding);
	}

	public int stride() {
		return stride;
	}

	public int pool() {
		return pool;
	}

	public int poolStride() {
		return poolStride;
	}

	public int[] units() {
		return units.clone();
	}

	/** Units of hidden FC layer {@code layer} (1-based). */
	public int unitsOf(final int layer) {
		return units[Math.min(layer, units.length) - 1];
	}

	/** The smallest input width and height whose windows all fit (1 when every window is padded "same"). */
	public int minimumSize() {
		return CustomNet.minimumSize(this);
	}

	/** Blocks of convolutions: M, or 1 when M = 0 and N > 0. */
	public int convBlocks() {
		return blocks > 0 ? blocks : convs > 0 ? 1 : 0;
	}

	/**
	 * Checks the values (after reading from JSON, where the option methods were not called); throws a message
	 * naming the bad one.
	 */
	public ConvPattern validated() {
		ConvPattern p = defaults().convs(convs).blocks(blocks).dense(dense).size(size).stride(stride).pool(pool)
			.poolStride(poolStride).padding(padding == null ? "same" : padding);
		if (filters == null || filters.length == 0) throw new UserInputException("filters must list 1 or more counts");
		if (units == null || units.length == 0) throw new UserInputException("units must list 1 or more counts");
		p = p.filters(filters).units(units);
		return p;
	}

	/**
	 * The pattern written as {@code [[CONV-RELU]*2-POOL]*2-[FC-RELU]*1-FC filters=32,64 units=128}: the layers in the
	 * course's notation, then settings ({@link ConvPatternNotation}).
	 */
	public static ConvPattern parse(final String text) {
		return ConvPatternNotation.parse(text);
	}

	/** This pattern in the notation {@link #parse} reads: the layers, then the settings that differ from the defaults. */
	public String notation() {
		return ConvPatternNotation.format(this);
	}

	/** "32,64" to {32, 64}, with a message quoting a bad value. */
	public static int[] parseList(final String key, final String text) {
		final String[] parts = text.trim().split("[,\\s]+");
		final int[] values = new int[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				values[i] = Integer.parseInt(parts[i]);
			}
			catch (final NumberFormatException e) {
				throw new UserInputException(key + " must be whole numbers separated by commas, e.g. 32,64, not '" + text +
					"'");
			}
		}
		return positiveList(key, values);
	}

	private static int[] positiveList(final String key, final int[] values) {
		if (values.length == 0) throw new UserInputException(key + " must list 1 or more counts");
		for (final int v : values) {
			if (v < 1) throw new UserInputException(key + " must be 1 or more, not " + v + " in " + Arrays.toString(
				values));
		}
		return values.clone();
	}

	private static int atLeast(final String key, final int value, final int minimum) {
		if (value < minimum) throw new UserInputException(key + " must be " + minimum + " or more, not " + value);
		return value;
	}

	private ConvPattern copy() {
		try {
			final ConvPattern p = (ConvPattern) clone();
			p.filters = filters.clone();
			p.units = units.clone();
			return p;
		}
		catch (final CloneNotSupportedException e) {
			throw new AssertionError(e);
		}
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof ConvPattern)) return false;
		final ConvPattern p = (ConvPattern) o;
		return convs == p.convs && blocks == p.blocks && dense == p.dense && Arrays.equals(filters, p.filters) &&
			size == p.size && padding.equals(p.padding) && stride == p.stride && pool == p.pool &&
			poolStride == p.poolStride && Arrays.equals(units, p.units);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(new int[] { convs, blocks, dense, Arrays.hashCode(filters), size, padding.hashCode(),
			stride, pool, poolStride, Arrays.hashCode(units) });
	}

	@Override
	public String toString() {
		return "convs=" + convs + " blocks=" + blocks + " dense=" + dense + " filters=" + join(filters) + " size=" +
			size + " padding=" + padding + " stride=" + stride + " pool=" + pool + " poolstride=" + poolStride +
			" units=" + join(units);
	}

	private static String join(final int[] values) {
		final StringBuilder sb = new StringBuilder();
		for (final int v : values) sb.append(sb.length() == 0 ? "" : ",").append(v);
		return sb.toString();
	}
}
