package org.convnetij.nn;

import org.convnetij.data.InputShape;


import static org.convnetij.nn.Activation.RELU;
import static org.convnetij.nn.Activation.SOFTMAX;
import static org.convnetij.nn.PaddingMode.SAME;

/**
 * DenseNet121/169/201 (Huang et al. 2016) as Keras Applications writes them, with Keras 3's names (an underscore
 * where Keras 2 wrote "conv1/conv": weight files from Keras 2 map '/' to '_'): zero_padding2d, conv1_conv, conv1_bn,
 * conv1_relu, zero_padding2d_1, pool1; dense blocks "conv2_block1_0_bn" ... "conv2_block1_concat" (growth 32,
 * bottleneck 4 x 32), transitions "pool2_bn", "pool2_relu", "pool2_conv" (half the channels), "pool2_pool"; final
 * bn, relu. Top: avg_pool, predictions. Without top the output is relu.
 */
final class DenseNets {

	private static final double EPSILON = 1.001e-5;
	private static final int GROWTH = 32;

	private DenseNets() {}

	static Model densenet(final String name, final int[] blocks, final InputShape input, final Top top) {
		final ModelBuilder b = Model.builder(name, input);
		String x = b.add(ZeroPadding2D.named(b.autoName("zero_padding2d")).pad(3), b.input());
		x = b.add(Conv2D.named("conv1_conv").filters(64).kernel(7).stride(2).withoutBias(), x);
		x = b.add(BatchNormalization.named("conv1_bn").epsilon(EPSILON), x);
		x = b.add(ActivationLayer.named("conv1_relu").activation(RELU), x);
		x = b.add(ZeroPadding2D.named(b.autoName("zero_padding2d")).pad(1), x);
		x = b.add(MaxPooling2D.named("pool1").pool(3).stride(2), x);
		for (int i = 0; i < blocks.length; i++) {
			x = denseBlock(b, x, blocks[i], "conv" + (i + 2));
			if (i < blocks.length - 1) x = transition(b, x, "pool" + (i + 2));
		}
		x = b.add(BatchNormalization.named("bn").epsilon(EPSILON), x);
		x = b.add(ActivationLayer.named("relu").activation(RELU), x);
		if (top.included()) {
			x = b.add(GlobalAveragePooling2D.named("avg_pool"), x);
			b.add(Dense.named("predictions").units(top.classes()).activation(SOFTMAX), x);
		}
		return b.build();
	}

	private static String denseBlock(final ModelBuilder b, String x, final int blocks, final String name) {
		for (int i = 1; i <= blocks; i++) {
			final String n = name + "_block" + i;
			String y = b.add(BatchNormalization.named(n + "_0_bn").epsilon(EPSILON), x);
			y = b.add(ActivationLayer.named(n + "_0_relu").activation(RELU), y);
			y = b.add(Conv2D.named(n + "_1_conv").filters(4 * GROWTH).kernel(1).withoutBias(), y);
			y = b.add(BatchNormalization.named(n + "_1_bn").epsilon(EPSILON), y);
			y = b.add(ActivationLayer.named(n + "_1_relu").activation(RELU), y);
			y = b.add(Conv2D.named(n + "_2_conv").filters(GROWTH).kernel(3).padding(SAME).withoutBias(), y);
			x = b.add(Concatenate.named(n + "_concat"), x, y);
		}
		return x;
	}

	private static String transition(final ModelBuilder b, final String in, final String name) {
		String x = b.add(BatchNormalization.named(name + "_bn").epsilon(EPSILON), in);
		x = b.add(ActivationLayer.named(name + "_relu").activation(RELU), x);
		x = b.add(Conv2D.named(name + "_conv").filters(b.channels(x) / 2).kernel(1).withoutBias(), x);
		return b.add(AveragePooling2D.named(name + "_pool").pool(2).stride(2), x);
	}
}
