package org.convnetij.opencl;

import org.jocl.cl_mem;

/**
 * A device buffer of floats; given back to its context on {@link #close()} (once, however often it is called): to
 * the pool of free buffers for reuse, or released, or, for a copy the context keeps (its weights), kept there.
 */
public final class ClBuffer implements AutoCloseable {

	private cl_mem mem;
	private final long floats;
	private final Runnable giveBack;

	/** A buffer whose {@link #close()} runs {@code giveBack}. */
	ClBuffer(final cl_mem mem, final long floats, final Runnable giveBack) {
		this.mem = mem;
		this.floats = floats;
		this.giveBack = giveBack;
	}

	/** The number of floats it holds. */
	public long floats() {
		return floats;
	}

	cl_mem mem() {
		if (mem == null) throw new IllegalStateException("the OpenCL buffer was already released");
		return mem;
	}

	@Override
	public synchronized void close() {
		if (mem != null) {
			mem = null;
			giveBack.run();
		}
	}
}
