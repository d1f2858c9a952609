package org.convnetij.nn;

import org.convnetij.data.InputShape;


import static org.convnetij.nn.Activation.RELU;
import static org.convnetij.nn.Activation.SOFTMAX;
import static org.convnetij.nn.PaddingMode.SAME;

/**
 * GoogLeNet / Inception v1 (Szegedy et al. 2014, table 1) without the auxiliary classifiers, without local response
 * normalization, and without batch norm: every convolution has a bias and ReLU, every window "same" (so 224 gives
 * the paper's 112, 56, 28, 14, 7). Names follow the Caffe model (slashes as underscores): conv1_7x7_s2,
 * pool1_3x3_s2, conv2_3x3_reduce, conv2_3x3, pool2_3x3_s2, inception_3a_1x1, _3x3_reduce, _3x3, _5x5_reduce, _5x5,
 * _pool, _pool_proj, _output, ..., pool5_7x7_s1 (global average), pool5_drop_7x7_s1 (dropout 0.4), predictions.
 * Without top the output is inception_5b_output.
 */
final class GoogLeNet {

	/** Per inception module: name, #1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj (paper's table 1). */
	private static final Object[][] MODULES = { { "3a", 64, 96, 128, 16, 32, 32 }, { "3b", 128, 128, 192, 32, 96,
		64 }, { "4a", 192, 96, 208, 16, 48, 64 }, { "4b", 160, 112, 224, 24, 64, 64 }, { "4c", 128, 128, 256, 24, 64,
			64 }, { "4d", 112, 144, 288, 32, 64, 64 }, { "4e", 256, 160, 320, 32, 128, 128 }, { "5a", 256, 160, 320, 32,
				128, 128 }, { "5b", 384, 192, 384, 48, 128, 128 } };

	private GoogLeNet() {}

	static Model build(final InputShape input, final Top top) {
		final ModelBuilder b = Model.builder("googlenet", input);
		String x = b.add(conv("conv1_7x7_s2", 64, 7).stride(2), b.input());
		x = b.add(pool("pool1_3x3_s2"), x);
		x = b.add(conv("conv2_3x3_reduce", 64, 1), x);
		x = b.add(conv("conv2_3x3", 192, 3), x);
		x = b.add(pool("pool2_3x3_s2"), x);
		for (final Object[] m : MODULES) {
			final String id = (String) m[0];
			x = module(b, x, id, (Integer) m[1], (Integer) m[2], (Integer) m[3], (Integer) m[4], (Integer) m[5],
				(Integer) m[6]);
			if (id.equals("3b")) x = b.add(pool("pool3_3x3_s2"), x);
			if (id.equals("4e")) x = b.add(pool("pool4_3x3_s2"), x);
		}
		if (top.included()) {
			x = b.add(GlobalAveragePooling2D.named("pool5_7x7_s1"), x);
			x = b.add(Dropout.named("pool5_drop_7x7_s1").rate(0.4), x);
			b.add(Dense.named("predictions").units(top.classes()).activation(SOFTMAX), x);
		}
		return b.build();
	}

	private static Conv2D conv(final String name, final int filters, final int size) {
		return Conv2D.named(name).filters(filters).kernel(size).padding(SAME).activation(RELU);
	}

	private static MaxPooling2D pool(final String name) {
		return MaxPooling2D.named(name).pool(3).stride(2).padding(SAME);
	}

	private static String module(final ModelBuilder b, final String x, final String id, final int n1x1,
		final int n3x3reduce, final int n3x3, final int n5x5reduce, final int n5x5, final int poolProj)
	{
		final String p = "inception_" + id + "_";
		final String branch1 = b.add(conv(p + "1x1", n1x1, 1), x);
		String branch3 = b.add(conv(p + "3x3_reduce", n3x3reduce, 1), x);
		branch3 = b.add(conv(p + "3x3", n3x3, 3), branch3);
		String branch5 = b.add(conv(p + "5x5_reduce", n5x5reduce, 1), x);
		branch5 = b.add(conv(p + "5x5", n5x5, 5), branch5);
		String branchPool = b.add(MaxPooling2D.named(p + "pool").pool(3).stride(1).padding(SAME), x);
		branchPool = b.add(conv(p + "pool_proj", poolProj, 1), branchPool);
		return b.add(Concatenate.named(p + "output"), branch1, branch3, branch5, branchPool);
	}
}
