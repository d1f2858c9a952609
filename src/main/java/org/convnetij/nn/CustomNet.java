package org.convnetij.nn;

import static org.convnetij.nn.Activation.SOFTMAX;
import static org.convnetij.nn.PaddingMode.SAME;
import static org.convnetij.nn.PaddingMode.VALID;

import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;

/** Builds the {@link ConvPattern} INPUT -> [[CONV -> RELU]*N -> POOL?]*M -> [FC -> RELU]*K -> FC. */
final class CustomNet {

	private CustomNet() {}

	static Model build(final InputShape input, final ConvPattern pattern, final Top top) {
		try {
			return layers(input, pattern, top);
		}
		catch (final UserInputException e) {
			final int min = minimumSize(pattern);
			if (input.width() >= min && input.height() >= min) throw e;
			throw new UserInputException("custom (" + pattern + ") needs an input of at least " + min + " x " + min +
				" pixels, not " + input.width() + " x " + input.height(), e);
		}
	}

	/** The smallest width (and height: the axes are independent) that the pattern's windows fit in. */
	static int minimumSize(final ConvPattern pattern) {
		for (int size = 1; size <= 1 << 16; size++) {
			try {
				layers(InputShape.of(size, size, 1), pattern, Top.none());
				return size;
			}
			catch (final UserInputException e) {
				// too small: windows do not fit yet
			}
		}
		throw new UserInputException("custom (" + pattern + ") does not fit any input up to 65536 pixels");
	}

	private static Model layers(final InputShape input, final ConvPattern pattern, final Top top) {
		final ModelBuilder b = Model.builder("custom", input);
		String x = b.input();
		for (int block = 1; block <= pattern.convBlocks(); block++) {
			for (int c = 1; c <= pattern.convs(); c++) {
				final String id = "block" + block + "_";
				if (pattern.paddingPixels() > 0) {
					x = b.add(ZeroPadding2D.named(id + "pad" + c).pad(pattern.paddingPixels()), x);
				}
				x = b.add(Conv2D.named(id + "conv" + c).filters(pattern.filtersOf(block)).kernel(pattern.size()).stride(
					pattern.stride()).padding(pattern.isSamePadding() ? SAME : VALID), x);
				x = b.add(ReLU.named(id + "relu" + c), x);
			}
			if (block <= pattern.blocks()) {
				x = b.add(MaxPooling2D.named("block" + block + "_pool").pool(pattern.pool()).stride(pattern.poolStride()),
					x);
			}
		}
		if (top.included()) {
			x = b.add(Flatten.named("flatten"), x);
			for (int k = 1; k <= pattern.dense(); k++) {
				x = b.add(Dense.named("fc" + k).units(pattern.unitsOf(k)), x);
				x = b.add(ReLU.named("fc" + k + "_relu"), x);
			}
			b.add(Dense.named("predictions").units(top.classes()).activation(SOFTMAX), x);
		}
		return b.build();
	}
}
