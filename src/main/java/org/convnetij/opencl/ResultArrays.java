package org.convnetij.opencl;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Result arrays made on a helper thread while the calling thread uploads the input. Java zeroes every new array (16
 * MB for a 2048 x 2048 float plane: 1 to 2 ms), and while a CPU device uploads, one of its threads copies and the
 * other cores wait: made beside the upload, the array is ready when the result comes back. Arrays under
 * {@value #ASYNC_FLOATS} floats are made on the calling thread (handing them over would cost more).
 */
final class ResultArrays {

	static final int ASYNC_FLOATS = 1 << 20;

	/** One thread, started when needed and ended after 10 s idle (nothing stays behind a plugin's class loader). */
	private static final ExecutorService MAKER = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
		new LinkedBlockingQueue<>(), r -> {
			final Thread t = new Thread(r, "convnet-result-arrays");
			t.setDaemon(true);
			return t;
		});

	private ResultArrays() {}

	/** An array being made. */
	interface Pending {
		/** The array (zeroed), waiting for it if need be; an OutOfMemoryError is thrown here as if made here. */
		float[] get();
	}

	static Pending make(final int floats) {
		if (floats < ASYNC_FLOATS) return made(new float[floats]);
		final Future<float[]> future;
		try {
			future = MAKER.submit(() -> new float[floats]);
		}
		catch (final RejectedExecutionException e) {
			return made(new float[floats]);
		}
		return () -> {
			boolean interrupted = false;
			try {
				while (true) {
					try {
						return future.get(); // a few ms at most: not worth abandoning on an interrupt
					}
					catch (final InterruptedException e) {
						interrupted = true;
					}
				}
			}
			catch (final ExecutionException e) {
				if (e.getCause() instanceof Error) throw (Error) e.getCause();
				if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
				throw new IllegalStateException(e.getCause());
			}
			finally {
				if (interrupted) Thread.currentThread().interrupt();
			}
		};
	}

	private static Pending made(final float[] array) {
		return () -> array;
	}
}
