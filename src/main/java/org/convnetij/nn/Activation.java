package org.convnetij.nn;

import java.util.Locale;

import org.convnetij.util.UserInputException;

/**
 * An element-wise activation: as an option of {@link Conv2D}, {@link Dense}, {@link DepthwiseConv2D}, or as its own
 * {@link ActivationLayer}. Keys are Keras's activation names.
 */
public enum Activation {
	/** Identity (Keras 'linear', the default: no activation). */
	LINEAR("linear"),
	RELU("relu"),
	/** min(max(x, 0), 6), MobileNetV2's. */
	RELU6("relu6"),
	SIGMOID("sigmoid"),
	TANH("tanh"),
	/** Softmax over the channel (last) axis. */
	SOFTMAX("softmax");

	private final String key;

	Activation(final String key) {
		this.key = key;
	}

	/** Keras's name: "linear", "relu", "relu6", "sigmoid", "tanh", "softmax". */
	public String key() {
		return key;
	}

	public static Activation parse(final String text) {
		final String t = text.trim().toLowerCase(Locale.ROOT);
		for (final Activation a : values()) {
			if (a.key.equals(t)) return a;
		}
		throw new UserInputException("activation must be one of linear, relu, relu6, sigmoid, tanh, softmax, not '" +
			text + "'");
	}
}
