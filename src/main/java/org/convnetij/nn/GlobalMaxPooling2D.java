package org.convnetij.nn;

/** Keras GlobalMaxPooling2D: the maximum of each channel. */
public final class GlobalMaxPooling2D extends GlobalPooling2D {

	private GlobalMaxPooling2D(final String name) {
		super(name);
	}

	public static GlobalMaxPooling2D named(final String name) {
		return new GlobalMaxPooling2D(name);
	}

	@Override
	public String type() {
		return "GlobalMaxPooling2D";
	}
}
