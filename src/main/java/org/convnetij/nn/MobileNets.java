package org.convnetij.nn;

import org.convnetij.data.InputShape;


import static org.convnetij.nn.Activation.SOFTMAX;
import static org.convnetij.nn.PaddingMode.SAME;
import static org.convnetij.nn.PaddingMode.VALID;

/**
 * MobileNetV2 with alpha 1.0 (Sandler et al. 2018) as Keras 2.2.4 Applications writes it, with its standard layer
 * names (the names of sample-images/mobilenet_v2_tfjs): Conv1_pad, Conv1 (3x3 /2 valid), bn_Conv1, Conv1_relu
 * (ReLU6); inverted residual blocks "expanded_conv_*" (block 0, no expansion) and "block_1_*" ... "block_16_*"
 * (expand, expand_BN, expand_relu, pad (stride 2 only), depthwise, depthwise_BN, depthwise_relu, project,
 * project_BN, add when the shapes allow); Conv_1 (1280), Conv_1_bn, out_relu. Top: global_average_pooling2d,
 * predictions. Without top the output is out_relu. Batch norms: epsilon 0.001, momentum 0.999.
 */
final class MobileNets {

	private static final double EPSILON = 1e-3;
	private static final double MOMENTUM = 0.999;

	/** Per block: output filters, stride, expansion. */
	private static final int[][] BLOCKS = { { 16, 1, 1 }, { 24, 2, 6 }, { 24, 1, 6 }, { 32, 2, 6 }, { 32, 1, 6 }, {
		32, 1, 6 }, { 64, 2, 6 }, { 64, 1, 6 }, { 64, 1, 6 }, { 64, 1, 6 }, { 96, 1, 6 }, { 96, 1, 6 }, { 96, 1, 6 },
		{ 160, 2, 6 }, { 160, 1, 6 }, { 160, 1, 6 }, { 320, 1, 6 } };

	private MobileNets() {}

	static Model mobilenetV2(final InputShape input, final Top top) {
		final ModelBuilder b = Model.builder("mobilenetv2", input);
		String x = b.add(correctPad(b, "Conv1_pad", b.input()), b.input());
		x = b.add(Conv2D.named("Conv1").filters(32).kernel(3).stride(2).padding(VALID).withoutBias(), x);
		x = b.add(bn("bn_Conv1"), x);
		x = b.add(ReLU.six("Conv1_relu"), x);
		for (int id = 0; id < BLOCKS.length; id++) {
			x = invertedResidual(b, x, BLOCKS[id][0], BLOCKS[id][1], BLOCKS[id][2], id);
		}
		x = b.add(Conv2D.named("Conv_1").filters(1280).kernel(1).withoutBias(), x);
		x = b.add(bn("Conv_1_bn"), x);
		x = b.add(ReLU.six("out_relu"), x);
		if (top.included()) {
			x = b.add(GlobalAveragePooling2D.named(b.autoName("global_average_pooling2d")), x);
			b.add(Dense.named("predictions").units(top.classes()).activation(SOFTMAX), x);
		}
		return b.build();
	}

	private static BatchNormalization bn(final String name) {
		return BatchNormalization.named(name).epsilon(EPSILON).momentum(MOMENTUM);
	}

	/** Keras's correct_pad for a 3x3 stride-2 window: one pixel after, and one before too where the size is odd. */
	private static ZeroPadding2D correctPad(final ModelBuilder b, final String name, final String in) {
		final Shape s = b.shape(in);
		final int top = s.height() % 2 == 0 ? 0 : 1;
		final int left = s.width() % 2 == 0 ? 0 : 1;
		return ZeroPadding2D.named(name).pad(top, 1, left, 1);
	}

	private static String invertedResidual(final ModelBuilder b, final String in, final int filters, final int stride,
		final int expansion, final int id)
	{
		final int inChannels = b.channels(in);
		String x = in;
		String prefix = "block_" + id + "_";
		if (id > 0) {
			x = b.add(Conv2D.named(prefix + "expand").filters(expansion * inChannels).kernel(1).padding(SAME)
				.withoutBias(), x);
			x = b.add(bn(prefix + "expand_BN"), x);
			x = b.add(ReLU.six(prefix + "expand_relu"), x);
		}
		else {
			prefix = "expanded_conv_";
		}
		if (stride == 2) x = b.add(correctPad(b, prefix + "pad", x), x);
		x = b.add(DepthwiseConv2D.named(prefix + "depthwise").kernel(3).stride(stride).padding(stride == 1 ? SAME
			: VALID).withoutBias(), x);
		x = b.add(bn(prefix + "depthwise_BN"), x);
		x = b.add(ReLU.six(prefix + "depthwise_relu"), x);
		x = b.add(Conv2D.named(prefix + "project").filters(filters).kernel(1).padding(SAME).withoutBias(), x);
		x = b.add(bn(prefix + "project_BN"), x);
		if (inChannels == filters && stride == 1) x = b.add(Add.named(prefix + "add"), in, x);
		return x;
	}
}
