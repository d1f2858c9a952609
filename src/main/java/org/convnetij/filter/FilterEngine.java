package org.convnetij.filter;

/**
 * Computes filters on single 2D float planes. The Java engine is the reference; an OpenCL engine gives the same
 * numbers faster. Planes are row by row, {@code width * height} values; results are new arrays.
 */
public interface FilterEngine {

	/** A short name for notices and benchmarks ("java", "opencl: pthread-cpu"). */
	String name();

	/**
	 * Correlates a plane with a kernel: out[ox, oy] = sum over u,v of k[u,v] * in[ox*S + u - Px, oy*S + v - Py],
	 * with pixels outside the plane given by the padding (Px = (kw-1)/2, Py = (kh-1)/2, or 0 for NONE).
	 *
	 * @return the output plane, {@code OutputSize.of(width, kw, ...) * OutputSize.of(height, kh, ...)} values
	 */
	float[] correlate(float[] plane, int width, int height, Kernel kernel, Padding padding, int stride);
}
