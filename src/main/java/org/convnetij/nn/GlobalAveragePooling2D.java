package org.convnetij.nn;

/** Keras GlobalAveragePooling2D: the mean of each channel. */
public final class GlobalAveragePooling2D extends GlobalPooling2D {

	private GlobalAveragePooling2D(final String name) {
		super(name);
	}

	public static GlobalAveragePooling2D named(final String name) {
		return new GlobalAveragePooling2D(name);
	}

	@Override
	public String type() {
		return "GlobalAveragePooling2D";
	}
}
