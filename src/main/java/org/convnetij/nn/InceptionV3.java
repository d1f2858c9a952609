package org.convnetij.nn;

import org.convnetij.data.InputShape;


import static org.convnetij.nn.Activation.RELU;
import static org.convnetij.nn.Activation.SOFTMAX;
import static org.convnetij.nn.PaddingMode.SAME;
import static org.convnetij.nn.PaddingMode.VALID;

/**
 * Inception v3 (Szegedy et al. 2015) as Keras Applications writes it. Its conv units (conv2d_bn: Conv2D without
 * bias, BatchNormalization without scale, relu) are unnamed in Keras, so they get Keras's automatic names in order
 * ("conv2d", "conv2d_1", ..., "batch_normalization_N", "activation_N", "max_pooling2d", "average_pooling2d_N",
 * "concatenate", "concatenate_1"); the block outputs are named "mixed0" ... "mixed10" and "mixed9_0", "mixed9_1".
 * Top: avg_pool, predictions. Without top the output is mixed10.
 */
final class InceptionV3 {

	private final ModelBuilder b;

	private InceptionV3(final ModelBuilder b) {
		this.b = b;
	}

	static Model build(final InputShape input, final Top top) {
		final ModelBuilder b = Model.builder("inceptionv3", input);
		final InceptionV3 n = new InceptionV3(b);
		String x = n.conv(b.input(), 32, 3, 3, 2, VALID);
		x = n.conv(x, 32, 3, 3, 1, VALID);
		x = n.conv(x, 64, 3, 3, 1, SAME);
		x = n.maxPool(x);
		x = n.conv(x, 80, 1, 1, 1, VALID);
		x = n.conv(x, 192, 3, 3, 1, VALID);
		x = n.maxPool(x);
		x = n.blockA(x, 32, "mixed0");
		x = n.blockA(x, 64, "mixed1");
		x = n.blockA(x, 64, "mixed2");
		x = n.reductionA(x);
		x = n.blockC(x, 128, "mixed4");
		x = n.blockC(x, 160, "mixed5");
		x = n.blockC(x, 160, "mixed6");
		x = n.blockC(x, 192, "mixed7");
		x = n.reductionB(x);
		x = n.blockE(x, 0);
		x = n.blockE(x, 1);
		if (top.included()) {
			x = b.add(GlobalAveragePooling2D.named("avg_pool"), x);
			b.add(Dense.named("predictions").units(top.classes()).activation(SOFTMAX), x);
		}
		return b.build();
	}

	/** conv2d_bn(x, filters, num_row, num_col): a rows x cols kernel, i.e. width cols and height rows. */
	private String conv(final String in, final int filters, final int rows, final int cols, final int stride,
		final PaddingMode padding)
	{
		String x = b.add(Conv2D.named(b.autoName("conv2d")).filters(filters).kernel(cols, rows).stride(stride).padding(
			padding).withoutBias(), in);
		x = b.add(BatchNormalization.named(b.autoName("batch_normalization")).withoutScale(), x);
		return b.add(ActivationLayer.named(b.autoName("activation")).activation(RELU), x);
	}

	private String conv(final String in, final int filters, final int rows, final int cols) {
		return conv(in, filters, rows, cols, 1, SAME);
	}

	private String maxPool(final String in) {
		return b.add(MaxPooling2D.named(b.autoName("max_pooling2d")).pool(3).stride(2), in);
	}

	private String averagePoolSame(final String in) {
		return b.add(AveragePooling2D.named(b.autoName("average_pooling2d")).pool(3).stride(1).padding(SAME), in);
	}

	private String blockA(final String x, final int poolFilters, final String name) {
		final String branch1x1 = conv(x, 64, 1, 1);
		String branch5x5 = conv(x, 48, 1, 1);
		branch5x5 = conv(branch5x5, 64, 5, 5);
		String branch3x3dbl = conv(x, 64, 1, 1);
		branch3x3dbl = conv(branch3x3dbl, 96, 3, 3);
		branch3x3dbl = conv(branch3x3dbl, 96, 3, 3);
		String branchPool = averagePoolSame(x);
		branchPool = conv(branchPool, poolFilters, 1, 1);
		return b.add(Concatenate.named(name), branch1x1, branch5x5, branch3x3dbl, branchPool);
	}

	private String reductionA(final String x) {
		final String branch3x3 = conv(x, 384, 3, 3, 2, VALID);
		String branch3x3dbl = conv(x, 64, 1, 1);
		branch3x3dbl = conv(branch3x3dbl, 96, 3, 3);
		branch3x3dbl = conv(branch3x3dbl, 96, 3, 3, 2, VALID);
		final String branchPool = maxPool(x);
		return b.add(Concatenate.named("mixed3"), branch3x3, branch3x3dbl, branchPool);
	}

	/** The 17 x 17 blocks mixed4..mixed7 with factorized 7x7 convolutions of {@code c} channels inside. */
	private String blockC(final String x, final int c, final String name) {
		final String branch1x1 = conv(x, 192, 1, 1);
		String branch7x7 = conv(x, c, 1, 1);
		branch7x7 = conv(branch7x7, c, 1, 7);
		branch7x7 = conv(branch7x7, 192, 7, 1);
		String branch7x7dbl = conv(x, c, 1, 1);
		branch7x7dbl = conv(branch7x7dbl, c, 7, 1);
		branch7x7dbl = conv(branch7x7dbl, c, 1, 7);
		branch7x7dbl = conv(branch7x7dbl, c, 7, 1);
		branch7x7dbl = conv(branch7x7dbl, 192, 1, 7);
		String branchPool = averagePoolSame(x);
		branchPool = conv(branchPool, 192, 1, 1);
		return b.add(Concatenate.named(name), branch1x1, branch7x7, branch7x7dbl, branchPool);
	}

	private String reductionB(final String x) {
		String branch3x3 = conv(x, 192, 1, 1);
		branch3x3 = conv(branch3x3, 320, 3, 3, 2, VALID);
		String branch7x7x3 = conv(x, 192, 1, 1);
		branch7x7x3 = conv(branch7x7x3, 192, 1, 7);
		branch7x7x3 = conv(branch7x7x3, 192, 7, 1);
		branch7x7x3 = conv(branch7x7x3, 192, 3, 3, 2, VALID);
		final String branchPool = maxPool(x);
		return b.add(Concatenate.named("mixed8"), branch3x3, branch7x7x3, branchPool);
	}

	private String blockE(final String x, final int i) {
		final String branch1x1 = conv(x, 320, 1, 1);
		String branch3x3 = conv(x, 384, 1, 1);
		final String branch3x3a = conv(branch3x3, 384, 1, 3);
		final String branch3x3b = conv(branch3x3, 384, 3, 1);
		branch3x3 = b.add(Concatenate.named("mixed9_" + i), branch3x3a, branch3x3b);
		String branch3x3dbl = conv(x, 448, 1, 1);
		branch3x3dbl = conv(branch3x3dbl, 384, 3, 3);
		final String branch3x3dblA = conv(branch3x3dbl, 384, 1, 3);
		final String branch3x3dblB = conv(branch3x3dbl, 384, 3, 1);
		branch3x3dbl = b.add(Concatenate.named(b.autoName("concatenate")), branch3x3dblA, branch3x3dblB);
		String branchPool = averagePoolSame(x);
		branchPool = conv(branchPool, 192, 1, 1);
		return b.add(Concatenate.named("mixed" + (9 + i)), branch1x1, branch3x3, branch3x3dbl, branchPool);
	}
}
