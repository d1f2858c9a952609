package org.convnetij.filter;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * An engine beside the Java reference that {@link Filters} uses when it works here (the OpenCL engine). It is found
 * with {@link ServiceLoader} ({@code META-INF/services}), so that the filter package names no engine and the engine
 * package, which builds on this one, is not imported back.
 */
public interface AcceleratedEngine {

	/** The engine, made on first use; empty when it cannot run here. May throw LinkageError without its library. */
	Optional<FilterEngine> engine();

	/** Why the engine is not used here (no library or device, unsafe without signal chaining, ...), or null. */
	String problem();

	/** {@code problem} as the one-line notice that says the filters run in Java, with how to change that. */
	String notice(String problem);

	/**
	 * Gives back whatever the engine keeps on its devices for {@code plane} (a copy kept for the next filter of a
	 * chain), because the image that holds it was closed. Makes no engine and never fails.
	 */
	default void forget(final float[] plane) {}

	/** Gives back what the engine keeps for every array that {@code open} rejects (their images were closed). */
	default void keepOnly(final java.util.function.Predicate<float[]> open) {}

	/** The engine installed with the plugin, or null when none is. */
	static AcceleratedEngine installed() {
		return Holder.INSTALLED;
	}

	/** Looked up once: the class path does not change while the JVM runs. */
	final class Holder {
		static final AcceleratedEngine INSTALLED = ServiceLoader.load(AcceleratedEngine.class, AcceleratedEngine.class
			.getClassLoader()).findFirst().orElse(null);

		private Holder() {}
	}
}
