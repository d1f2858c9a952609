package org.convnetij.nn;

import org.convnetij.data.InputShape;


import static org.convnetij.nn.Activation.RELU;
import static org.convnetij.nn.Activation.SOFTMAX;
import static org.convnetij.nn.PaddingMode.SAME;

/**
 * VGG16 and VGG19 as Keras Applications writes them (Simonyan and Zisserman 2014): blocks of 3x3 same convolutions
 * with ReLU ("block1_conv1"), a 2x2 max pool closing each block ("block1_pool"); top: flatten, fc1 and fc2 (4096,
 * ReLU), predictions (softmax). Without top the output is block5_pool.
 */
final class VggNets {

	private VggNets() {}

	static Model vgg16(final InputShape input, final Top top) {
		return vgg("vgg16", new int[] { 2, 2, 3, 3, 3 }, input, top);
	}

	static Model vgg19(final InputShape input, final Top top) {
		return vgg("vgg19", new int[] { 2, 2, 4, 4, 4 }, input, top);
	}

	private static Model vgg(final String name, final int[] convs, final InputShape input, final Top top) {
		final int[] filters = { 64, 128, 256, 512, 512 };
		final ModelBuilder b = Model.builder(name, input);
		String x = b.input();
		for (int block = 1; block <= 5; block++) {
			for (int c = 1; c <= convs[block - 1]; c++) {
				x = b.add(Conv2D.named("block" + block + "_conv" + c).filters(filters[block - 1]).kernel(3).padding(SAME)
					.activation(RELU), x);
			}
			x = b.add(MaxPooling2D.named("block" + block + "_pool").pool(2).stride(2), x);
		}
		if (top.included()) {
			x = b.add(Flatten.named("flatten"), x);
			x = b.add(Dense.named("fc1").units(4096).activation(RELU), x);
			x = b.add(Dense.named("fc2").units(4096).activation(RELU), x);
			b.add(Dense.named("predictions").units(top.classes()).activation(SOFTMAX), x);
		}
		return b.build();
	}
}
