package org.convnetij.transfer;

import org.convnetij.data.Normalization;
import org.convnetij.nn.Architecture;

/**
 * The input preprocessing that Keras Applications' ImageNet weights expect, as our {@link Normalization} (which
 * first scales 8-bit values to [0, 1]): "tf" mode (MobileNetV2, InceptionV3, InceptionResNetV2) x / 127.5 - 1;
 * "torch" mode (DenseNet) ImageNet mean and standard deviation per channel; "caffe" mode (VGG, ResNet50) BGR
 * order minus the ImageNet mean in 0..255 units. The BGR order is not a normalisation: {@link #bgr} says that the
 * first convolution's kernel must have its input channels reversed so that the network takes RGB.
 */
public final class KerasPreprocessing {

	private KerasPreprocessing() {}

	public static Normalization of(final Architecture a) {
		switch (a) {
			case VGG16:
			case VGG19:
			case RESNET50:
				// (x - 255 m) = (x / 255 - m) / (1 / 255), RGB order (after the kernel flip)
				final float s = 1 / 255f;
				return Normalization.meanStd(new float[] { 123.68f / 255, 116.779f / 255, 103.939f / 255 }, new float[] {
					s, s, s });
			case DENSENET121:
			case DENSENET169:
			case DENSENET201:
				return Normalization.meanStd(new float[] { 0.485f, 0.456f, 0.406f }, new float[] { 0.229f, 0.224f,
					0.225f });
			default:
				return Normalization.meanStd(new float[] { 0.5f }, new float[] { 0.5f });
		}
	}

	/** True where the weights expect BGR input ("caffe" mode). */
	public static boolean bgr(final Architecture a) {
		return a == Architecture.VGG16 || a == Architecture.VGG19 || a == Architecture.RESNET50;
	}

	/** A conv kernel [h, w, 3, out] with its input channels reversed (BGR weights for RGB input). */
	public static float[] reverseInputChannels(final float[] kernel, final int[] shape) {
		final int in = shape[2], out = shape[3];
		final float[] r = new float[kernel.length];
		for (int p = 0; p < shape[0] * shape[1]; p++) {
			for (int i = 0; i < in; i++) {
				System.arraycopy(kernel, (p * in + i) * out, r, (p * in + (in - 1 - i)) * out, out);
			}
		}
		return r;
	}
}
