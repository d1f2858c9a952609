package org.convnetij.opencl;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clSetKernelArg;

import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * One launch of a kernel: arguments bound in order with their Java types, then {@link #run}. Each call creates
 * its own cl_kernel (cheap) so that two threads never share argument state; the kernel is released on close.
 */
public final class ClKernelCall implements AutoCloseable {

	private final ClContext context;
	private final String name;
	private cl_kernel kernel;
	private int next;

	ClKernelCall(final ClContext context, final cl_program program, final String name) {
		this.context = context;
		this.name = name;
		this.kernel = clCreateKernel(program, name, null);
	}

	public ClKernelCall arg(final ClBuffer buffer) {
		clSetKernelArg(kernel, next++, Sizeof.cl_mem, Pointer.to(buffer.mem()));
		return this;
	}

	public ClKernelCall arg(final int value) {
		clSetKernelArg(kernel, next++, Sizeof.cl_int, Pointer.to(new int[] { value }));
		return this;
	}

	public ClKernelCall arg(final float value) {
		clSetKernelArg(kernel, next++, Sizeof.cl_float, Pointer.to(new float[] { value }));
		return this;
	}

	/**
	 * Enqueues the kernel over {@code global} work items (rounded up to whole work-groups of {@code local}; a null
	 * {@code local} lets the driver choose). Kernels check their own bounds.
	 */
	public void run(final long[] global, final long[] local) {
		final long[] g = global.clone();
		if (local != null) {
			for (int i = 0; i < g.length; i++) g[i] = (g[i] + local[i] - 1) / local[i] * local[i];
		}
		for (final long v : g) {
			if (v == 0) return; // nothing to compute
		}
		clEnqueueNDRangeKernel(context.queue(), kernel, g.length, null, g, local, 0, null, null);
	}

	public String name() {
		return name;
	}

	@Override
	public void close() {
		if (kernel != null) {
			clReleaseKernel(kernel);
			kernel = null;
		}
	}
}
