package org.convnetij.nn;

/**
 * The class loader that network engines are looked up in. Today the project's own; the TensorFlow engine gets a
 * loader of its own (its jar folder) so that it coexists with other TensorFlow versions in Fiji.
 */
public final class EngineLoader {

	private EngineLoader() {}

	/** The loader that holds the TensorFlow engine. */
	public static ClassLoader tensorflow() {
		return Networks.class.getClassLoader();
	}
}
