package org.convnetij.nn;

import org.convnetij.data.InputShape;


import static org.convnetij.nn.Activation.RELU;
import static org.convnetij.nn.Activation.SOFTMAX;
import static org.convnetij.nn.Activation.TANH;
import static org.convnetij.nn.PaddingMode.SAME;
import static org.convnetij.nn.PaddingMode.VALID;

/**
 * The classic networks that Keras Applications does not have, after their papers; choices where a paper has no
 * Keras equivalent are in docs/cnn-models.md:
 * <ul>
 * <li>LeNet-5 (LeCun et al. 1998): C1 6@5x5, S2 2x2 average, C3 16@5x5 (fully connected to S2, not the paper's
 * partial table), S4, C5 120@5x5, F6 84, output (softmax instead of the RBF units); tanh activations.</li>
 * <li>AlexNet (Krizhevsky et al. 2012) as one tower (no two-GPU groups), on 227 x 227: conv1 96@11x11 /4, pool 3/2,
 * conv2 256@5x5 same, pool, conv3 384, conv4 384, conv5 256 (3x3 same), pool, fc6 4096, fc7 4096 with dropout
 * 0.5; no local response normalization (no weights).</li>
 * <li>ZFNet (Zeiler and Fergus 2013): conv1 96@7x7 /2 after 1 pixel of zero padding, pool 3/2 same, conv2 256@5x5 /2
 * valid, pool 3/2 same, conv3 384, conv4 384, conv5 256 (3x3 same), pool 3/2 valid, fc6, fc7 4096 with dropout; the
 * paper's map sizes 110, 55, 26, 13, 13, 6 on 224 x 224; no local contrast normalization.</li>
 * </ul>
 */
final class PaperNets {

	private PaperNets() {}

	static Model lenet5(final InputShape input, final Top top) {
		final ModelBuilder b = Model.builder("lenet5", input);
		String x = b.add(Conv2D.named("conv1").filters(6).kernel(5).activation(TANH), b.input());
		x = b.add(AveragePooling2D.named("pool1").pool(2), x);
		x = b.add(Conv2D.named("conv2").filters(16).kernel(5).activation(TANH), x);
		x = b.add(AveragePooling2D.named("pool2").pool(2), x);
		x = b.add(Conv2D.named("conv3").filters(120).kernel(5).activation(TANH), x);
		if (top.included()) {
			x = b.add(Flatten.named("flatten"), x);
			x = b.add(Dense.named("fc1").units(84).activation(TANH), x);
			b.add(Dense.named("predictions").units(top.classes()).activation(SOFTMAX), x);
		}
		return b.build();
	}

	static Model alexnet(final InputShape input, final Top top) {
		final ModelBuilder b = Model.builder("alexnet", input);
		String x = b.add(Conv2D.named("conv1").filters(96).kernel(11).stride(4).padding(VALID).activation(RELU), b
			.input());
		x = b.add(MaxPooling2D.named("pool1").pool(3).stride(2), x);
		x = b.add(Conv2D.named("conv2").filters(256).kernel(5).padding(SAME).activation(RELU), x);
		x = b.add(MaxPooling2D.named("pool2").pool(3).stride(2), x);
		x = convs345(b, x);
		x = b.add(MaxPooling2D.named("pool5").pool(3).stride(2), x);
		if (top.included()) fullyConnected(b, x, top);
		return b.build();
	}

	static Model zfnet(final InputShape input, final Top top) {
		final ModelBuilder b = Model.builder("zfnet", input);
		String x = b.add(ZeroPadding2D.named("conv1_pad").pad(1), b.input());
		x = b.add(Conv2D.named("conv1").filters(96).kernel(7).stride(2).activation(RELU), x);
		x = b.add(MaxPooling2D.named("pool1").pool(3).stride(2).padding(SAME), x);
		x = b.add(Conv2D.named("conv2").filters(256).kernel(5).stride(2).activation(RELU), x);
		x = b.add(MaxPooling2D.named("pool2").pool(3).stride(2).padding(SAME), x);
		x = convs345(b, x);
		x = b.add(MaxPooling2D.named("pool5").pool(3).stride(2), x);
		if (top.included()) fullyConnected(b, x, top);
		return b.build();
	}

	private static String convs345(final ModelBuilder b, String x) {
		x = b.add(Conv2D.named("conv3").filters(384).kernel(3).padding(SAME).activation(RELU), x);
		x = b.add(Conv2D.named("conv4").filters(384).kernel(3).padding(SAME).activation(RELU), x);
		return b.add(Conv2D.named("conv5").filters(256).kernel(3).padding(SAME).activation(RELU), x);
	}

	private static void fullyConnected(final ModelBuilder b, String x, final Top top) {
		x = b.add(Flatten.named("flatten"), x);
		x = b.add(Dense.named("fc6").units(4096).activation(RELU), x);
		x = b.add(Dropout.named("drop6").rate(0.5), x);
		x = b.add(Dense.named("fc7").units(4096).activation(RELU), x);
		x = b.add(Dropout.named("drop7").rate(0.5), x);
		b.add(Dense.named("predictions").units(top.classes()).activation(SOFTMAX), x);
	}
}
