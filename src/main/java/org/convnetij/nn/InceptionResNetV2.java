package org.convnetij.nn;

import org.convnetij.data.InputShape;


import static org.convnetij.nn.Activation.RELU;
import static org.convnetij.nn.Activation.SOFTMAX;
import static org.convnetij.nn.PaddingMode.SAME;
import static org.convnetij.nn.PaddingMode.VALID;

/**
 * Inception-ResNet v2 (Szegedy et al. 2016) as Keras Applications writes it. Unnamed conv units (Conv2D without
 * bias, BatchNormalization without scale, relu) get Keras's automatic names ("conv2d", "batch_normalization",
 * "activation", with _N); named parts: mixed_5b, block35_1..10, mixed_6a, block17_1..20, mixed_7a, block8_1..10,
 * conv_7b (+ _bn, _ac). Each residual block: branches, "blockX_N_mixed" (Concatenate), "blockX_N_conv" (1x1 with
 * bias, no norm), "blockX_N" ({@link ScaledAdd}, Keras's Lambda / CustomScaleLayer; scales 0.17, 0.1, 0.2, last
 * 1.0) and "blockX_N_ac" (relu; none after block8_10). Top: avg_pool, predictions. Without top: conv_7b_ac.
 */
final class InceptionResNetV2 {

	private final ModelBuilder b;

	private InceptionResNetV2(final ModelBuilder b) {
		this.b = b;
	}

	static Model build(final InputShape input, final Top top) {
		final ModelBuilder b = Model.builder("inceptionresnetv2", input);
		final InceptionResNetV2 n = new InceptionResNetV2(b);
		String x = n.conv(b.input(), 32, 3, 3, 2, VALID, null);
		x = n.conv(x, 32, 3, 3, 1, VALID, null);
		x = n.conv(x, 64, 3, 3, 1, SAME, null);
		x = n.maxPool(x);
		x = n.conv(x, 80, 1, 1, 1, VALID, null);
		x = n.conv(x, 192, 3, 3, 1, VALID, null);
		x = n.maxPool(x);
		x = n.mixed5b(x);
		for (int i = 1; i <= 10; i++) x = n.residual(x, 0.17, "block35", i, true);
		x = n.mixed6a(x);
		for (int i = 1; i <= 20; i++) x = n.residual(x, 0.1, "block17", i, true);
		x = n.mixed7a(x);
		for (int i = 1; i <= 9; i++) x = n.residual(x, 0.2, "block8", i, true);
		x = n.residual(x, 1.0, "block8", 10, false);
		x = n.conv(x, 1536, 1, 1, 1, SAME, "conv_7b");
		if (top.included()) {
			x = b.add(GlobalAveragePooling2D.named("avg_pool"), x);
			b.add(Dense.named("predictions").units(top.classes()).activation(SOFTMAX), x);
		}
		return b.build();
	}

	/** conv2d_bn with batch norm and relu; {@code name} null for Keras's automatic names. */
	private String conv(final String in, final int filters, final int rows, final int cols, final int stride,
		final PaddingMode padding, final String name)
	{
		String x = b.add(Conv2D.named(name != null ? name : b.autoName("conv2d")).filters(filters).kernel(cols, rows)
			.stride(stride).padding(padding).withoutBias(), in);
		x = b.add(BatchNormalization.named(name != null ? name + "_bn" : b.autoName("batch_normalization"))
			.withoutScale(), x);
		return b.add(ActivationLayer.named(name != null ? name + "_ac" : b.autoName("activation")).activation(RELU), x);
	}

	private String conv(final String in, final int filters, final int rows, final int cols) {
		return conv(in, filters, rows, cols, 1, SAME, null);
	}

	private String maxPool(final String in) {
		return b.add(MaxPooling2D.named(b.autoName("max_pooling2d")).pool(3).stride(2), in);
	}

	private String mixed5b(final String x) {
		final String branch0 = conv(x, 96, 1, 1);
		String branch1 = conv(x, 48, 1, 1);
		branch1 = conv(branch1, 64, 5, 5);
		String branch2 = conv(x, 64, 1, 1);
		branch2 = conv(branch2, 96, 3, 3);
		branch2 = conv(branch2, 96, 3, 3);
		String branchPool = b.add(AveragePooling2D.named(b.autoName("average_pooling2d")).pool(3).stride(1).padding(
			SAME), x);
		branchPool = conv(branchPool, 64, 1, 1);
		return b.add(Concatenate.named("mixed_5b"), branch0, branch1, branch2, branchPool);
	}

	private String mixed6a(final String x) {
		final String branch0 = conv(x, 384, 3, 3, 2, VALID, null);
		String branch1 = conv(x, 256, 1, 1);
		branch1 = conv(branch1, 256, 3, 3);
		branch1 = conv(branch1, 384, 3, 3, 2, VALID, null);
		final String branchPool = maxPool(x);
		return b.add(Concatenate.named("mixed_6a"), branch0, branch1, branchPool);
	}

	private String mixed7a(final String x) {
		String branch0 = conv(x, 256, 1, 1);
		branch0 = conv(branch0, 384, 3, 3, 2, VALID, null);
		String branch1 = conv(x, 256, 1, 1);
		branch1 = conv(branch1, 288, 3, 3, 2, VALID, null);
		String branch2 = conv(x, 256, 1, 1);
		branch2 = conv(branch2, 288, 3, 3);
		branch2 = conv(branch2, 320, 3, 3, 2, VALID, null);
		final String branchPool = maxPool(x);
		return b.add(Concatenate.named("mixed_7a"), branch0, branch1, branch2, branchPool);
	}

	private String residual(final String x, final double scale, final String type, final int index,
		final boolean activation)
	{
		final String[] branches;
		if (type.equals("block35")) {
			final String branch0 = conv(x, 32, 1, 1);
			String branch1 = conv(x, 32, 1, 1);
			branch1 = conv(branch1, 32, 3, 3);
			String branch2 = conv(x, 32, 1, 1);
			branch2 = conv(branch2, 48, 3, 3);
			branch2 = conv(branch2, 64, 3, 3);
			branches = new String[] { branch0, branch1, branch2 };
		}
		else if (type.equals("block17")) {
			final String branch0 = conv(x, 192, 1, 1);
			String branch1 = conv(x, 128, 1, 1);
			branch1 = conv(branch1, 160, 1, 7);
			branch1 = conv(branch1, 192, 7, 1);
			branches = new String[] { branch0, branch1 };
		}
		else {
			final String branch0 = conv(x, 192, 1, 1);
			String branch1 = conv(x, 192, 1, 1);
			branch1 = conv(branch1, 224, 1, 3);
			branch1 = conv(branch1, 256, 3, 1);
			branches = new String[] { branch0, branch1 };
		}
		final String name = type + "_" + index;
		final String mixed = b.add(Concatenate.named(name + "_mixed"), branches);
		final String up = b.add(Conv2D.named(name + "_conv").filters(b.channels(x)).kernel(1).padding(SAME), mixed);
		String out = b.add(ScaledAdd.named(name).scale(scale), x, up);
		if (activation) out = b.add(ActivationLayer.named(name + "_ac").activation(RELU), out);
		return out;
	}
}
