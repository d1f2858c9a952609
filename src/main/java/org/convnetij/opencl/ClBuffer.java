package org.convnetij.opencl;

import static org.jocl.CL.clReleaseMemObject;

import org.jocl.cl_mem;

/**
 * A device buffer of floats; given back on {@link #close()} (once, however often it is called): to its context's
 * pool of free buffers for reuse, or released, or, for a copy the context keeps (its weights), to the context.
 */
public final class ClBuffer implements AutoCloseable {

	private final ClContext owner;
	private cl_mem mem;
	private final long floats;
	private final Runnable giveBack;

	ClBuffer(final ClContext owner, final cl_mem mem, final long floats) {
		this(owner, mem, floats, null);
	}

	/** A buffer whose {@link #close()} runs {@code giveBack} instead of releasing it (null: pool or release). */
	ClBuffer(final ClContext owner, final cl_mem mem, final long floats, final Runnable giveBack) {
		this.owner = owner;
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
			if (giveBack != null) giveBack.run();
			else if (owner == null || !owner.recycle(mem, floats)) clReleaseMemObject(mem);
			mem = null;
		}
	}
}
