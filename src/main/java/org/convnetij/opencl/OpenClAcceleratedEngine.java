package org.convnetij.opencl;

import java.util.Optional;

import org.convnetij.filter.AcceleratedEngine;
import org.convnetij.filter.FilterEngine;

/** The OpenCL engine as the filters find it ({@code META-INF/services/org.convnetij.filter.AcceleratedEngine}). */
public final class OpenClAcceleratedEngine implements AcceleratedEngine {

	@Override
	public Optional<FilterEngine> engine() {
		return OpenCl.engine().map(e -> e);
	}

	@Override
	public String problem() {
		return OpenCl.problem();
	}

	@Override
	public String notice(final String problem) {
		return OpenCl.withFallback(problem);
	}

	@Override
	public void forget(final float[] plane) {
		ResultCache.forgetEverywhere(plane);
	}

	@Override
	public void keepOnly(final java.util.function.Predicate<float[]> open) {
		ResultCache.keepOnlyEverywhere(open);
	}
}
