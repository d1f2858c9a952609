package org.convnetij.nn;

import org.convnetij.data.InputShape;


import static org.convnetij.nn.Activation.RELU;
import static org.convnetij.nn.Activation.SOFTMAX;
import static org.convnetij.nn.PaddingMode.SAME;

/**
 * ResNet50 (He et al. 2015) as Keras Applications' {@code keras.applications.resnet} writes it: conv1_pad, conv1_conv
 * (7x7 /2, with bias), conv1_bn, conv1_relu, pool1_pad, pool1_pool, then stacks conv2..conv5 of bottleneck blocks
 * ("conv2_block1_1_conv" ... "conv2_block1_add", "conv2_block1_out"), the first block of each stack with a
 * projection shortcut ("_0_conv", "_0_bn"). Top: avg_pool, predictions. Without top the output is conv5_block3_out.
 */
final class ResNets {

	private static final double EPSILON = 1.001e-5;

	private ResNets() {}

	static Model resnet50(final InputShape input, final Top top) {
		final ModelBuilder b = Model.builder("resnet50", input);
		String x = b.add(ZeroPadding2D.named("conv1_pad").pad(3), b.input());
		x = b.add(Conv2D.named("conv1_conv").filters(64).kernel(7).stride(2), x);
		x = b.add(BatchNormalization.named("conv1_bn").epsilon(EPSILON), x);
		x = b.add(ActivationLayer.named("conv1_relu").activation(RELU), x);
		x = b.add(ZeroPadding2D.named("pool1_pad").pad(1), x);
		x = b.add(MaxPooling2D.named("pool1_pool").pool(3).stride(2), x);
		x = stack(b, x, 64, 3, 1, "conv2");
		x = stack(b, x, 128, 4, 2, "conv3");
		x = stack(b, x, 256, 6, 2, "conv4");
		x = stack(b, x, 512, 3, 2, "conv5");
		if (top.included()) {
			x = b.add(GlobalAveragePooling2D.named("avg_pool"), x);
			b.add(Dense.named("predictions").units(top.classes()).activation(SOFTMAX), x);
		}
		return b.build();
	}

	private static String stack(final ModelBuilder b, String x, final int filters, final int blocks,
		final int firstStride, final String name)
	{
		x = block(b, x, filters, firstStride, true, name + "_block1");
		for (int i = 2; i <= blocks; i++) {
			x = block(b, x, filters, 1, false, name + "_block" + i);
		}
		return x;
	}

	private static String block(final ModelBuilder b, final String in, final int filters, final int stride,
		final boolean projection, final String name)
	{
		String shortcut = in;
		if (projection) {
			shortcut = b.add(Conv2D.named(name + "_0_conv").filters(4 * filters).kernel(1).stride(stride), in);
			shortcut = b.add(BatchNormalization.named(name + "_0_bn").epsilon(EPSILON), shortcut);
		}
		String x = b.add(Conv2D.named(name + "_1_conv").filters(filters).kernel(1).stride(stride), in);
		x = b.add(BatchNormalization.named(name + "_1_bn").epsilon(EPSILON), x);
		x = b.add(ActivationLayer.named(name + "_1_relu").activation(RELU), x);
		x = b.add(Conv2D.named(name + "_2_conv").filters(filters).kernel(3).padding(SAME), x);
		x = b.add(BatchNormalization.named(name + "_2_bn").epsilon(EPSILON), x);
		x = b.add(ActivationLayer.named(name + "_2_relu").activation(RELU), x);
		x = b.add(Conv2D.named(name + "_3_conv").filters(4 * filters).kernel(1), x);
		x = b.add(BatchNormalization.named(name + "_3_bn").epsilon(EPSILON), x);
		x = b.add(Add.named(name + "_add"), shortcut, x);
		return b.add(ActivationLayer.named(name + "_out").activation(RELU), x);
	}
}
