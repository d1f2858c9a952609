package org.convnetij.opencl;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Device copies of the last planes a context filtered or computed, so that a chain of filters on one image (a
 * macro's Gaussian Blur, then Sobel, then Max Pool) does not upload again what the device already holds. An entry
 * is keyed by the identity of the Java array (an ImageJ image's pixels); it is used only after its contents are
 * checked to be equal to the array's, so an edit between two calls is always seen. The arrays are held weakly: an
 * entry whose array was collected, or whose image was closed ({@link #forgetEverywhere}), gives its buffer back.
 * At most {@code maxEntries} buffers and {@code maxBytes} bytes are kept; the oldest entry goes first.
 * <p>
 * A user {@linkplain #take takes} an entry out while its kernels read it and {@linkplain #put puts} it back, so an
 * entry is never given back to the pool while in use.
 */
final class ResultCache {

	/** System property: how many planes each device keeps (0 turns the cache off). */
	static final String PROPERTY = "convnet.opencl.cache";

	/** Planes kept by default on devices that share the host's memory. */
	static final int DEFAULT_ENTRIES = 4;

	private static final List<ResultCache> LIVE = new CopyOnWriteArrayList<>();

	private static final class Entry {
		final WeakReference<float[]> key;
		final ClBuffer buffer;

		Entry(final float[] key, final ClBuffer buffer) {
			this.key = new WeakReference<>(key);
			this.buffer = buffer;
		}

		long bytes() {
			return buffer.floats() * Float.BYTES;
		}
	}

	private final LinkedList<Entry> entries = new LinkedList<>(); // oldest first
	private final int maxEntries;
	private final long maxBytes;
	private long bytes;
	private boolean closed;
	private long hits, misses;

	ResultCache(final int maxEntries, final long maxBytes) {
		this.maxEntries = Math.max(0, maxEntries);
		this.maxBytes = Math.max(0, maxBytes);
		if (enabled()) LIVE.add(this);
	}

	/**
	 * The number of entries for a device: the property, else {@value #DEFAULT_ENTRIES} where the device shares the
	 * host's memory (the check reads the device copy in place) and 0 elsewhere (it would need a download).
	 */
	static int entriesFor(final ClDevice device) {
		final String p = System.getProperty(PROPERTY, "").trim();
		if (p.equalsIgnoreCase("off")) return 0;
		if (p.equalsIgnoreCase("on")) return DEFAULT_ENTRIES;
		if (!p.isEmpty()) {
			try {
				return Math.max(0, Integer.parseInt(p));
			}
			catch (final NumberFormatException e) {
				System.err.println("-D" + PROPERTY + "=" + p + " is not a number of planes (or on, off); using the default");
			}
		}
		return device.hostUnifiedMemory() ? DEFAULT_ENTRIES : 0;
	}

	/** Off for a while (benchmarks compare the same chain with and without it). */
	private volatile boolean paused;

	boolean enabled() {
		return maxEntries > 0 && maxBytes > 0 && !paused;
	}

	void pause(final boolean pause) {
		paused = pause;
		if (pause) clear();
	}

	/** Takes out the device copy of {@code plane}, or null; the caller checks it and puts it back or closes it. */
	synchronized ClBuffer take(final float[] plane) {
		final ClBuffer b = remove(plane);
		if (b != null && b.floats() == plane.length) {
			hits++;
			return b;
		}
		if (b != null) b.close();
		misses++;
		return null;
	}

	/** Counts a copy that was found but differed from the array (edited since). */
	synchronized void stale() {
		hits--;
		misses++;
	}

	private synchronized ClBuffer remove(final float[] plane) {
		purge();
		for (final Iterator<Entry> it = entries.iterator(); it.hasNext();) {
			final Entry e = it.next();
			if (e.key.get() == plane) {
				it.remove();
				bytes -= e.bytes();
				return e.buffer;
			}
		}
		return null;
	}

	/**
	 * Keeps {@code buffer} as the device copy of {@code plane} (its contents equal the array's now), replacing an
	 * older copy; evicts the oldest entries beyond the limits. The cache owns the buffer from here on.
	 */
	void put(final float[] plane, final ClBuffer buffer) {
		final List<ClBuffer> release = new ArrayList<>();
		synchronized (this) {
			if (closed || !enabled() || buffer.floats() * Float.BYTES > maxBytes) release.add(buffer);
			else {
				for (final Iterator<Entry> it = entries.iterator(); it.hasNext();) {
					final Entry e = it.next();
					if (e.key.get() == plane || e.key.get() == null) {
						it.remove();
						bytes -= e.bytes();
						release.add(e.buffer);
					}
				}
				final Entry added = new Entry(plane, buffer);
				entries.addLast(added);
				bytes += added.bytes();
				while (entries.size() > maxEntries || bytes > maxBytes) {
					final Entry old = entries.removeFirst();
					bytes -= old.bytes();
					release.add(old.buffer);
				}
			}
		}
		for (final ClBuffer b : release) b.close();
	}

	/** Gives back the copy of {@code plane}, if any (its image was closed). */
	void forget(final float[] plane) {
		final ClBuffer b = remove(plane);
		if (b != null) b.close();
	}

	/** Gives back every buffer. */
	void clear() {
		release(false);
	}

	/** Gives back every buffer and keeps nothing from now on (the context closes). */
	void close() {
		release(true);
	}

	private void release(final boolean close) {
		final List<ClBuffer> release = new ArrayList<>();
		synchronized (this) {
			closed |= close;
			for (final Entry e : entries) release.add(e.buffer);
			entries.clear();
			bytes = 0;
		}
		if (close) LIVE.remove(this);
		for (final ClBuffer b : release) b.close();
	}

	/** Entries whose array was collected give their buffers back. */
	private void purge() {
		for (final Iterator<Entry> it = entries.iterator(); it.hasNext();) {
			final Entry e = it.next();
			if (e.key.get() == null) {
				it.remove();
				bytes -= e.bytes();
				e.buffer.close();
			}
		}
	}

	/** The number of entries, the bytes they hold, hits and misses (for tests and benchmarks). */
	synchronized long[] stats() {
		purge();
		return new long[] { entries.size(), bytes, hits, misses };
	}

	/** Gives back the copies of every array that {@code open} rejects. */
	void keepOnly(final java.util.function.Predicate<float[]> open) {
		final List<ClBuffer> release = new ArrayList<>();
		synchronized (this) {
			for (final Iterator<Entry> it = entries.iterator(); it.hasNext();) {
				final Entry e = it.next();
				final float[] key = e.key.get();
				if (key == null || !open.test(key)) {
					it.remove();
					bytes -= e.bytes();
					release.add(e.buffer);
				}
			}
		}
		for (final ClBuffer b : release) b.close();
	}

	/** As {@link #keepOnly} on every device. */
	static void keepOnlyEverywhere(final java.util.function.Predicate<float[]> open) {
		for (final ResultCache c : LIVE) c.keepOnly(open);
	}

	/** Drops the copies of {@code plane} on every device (an ImageJ image holding it was closed). */
	static void forgetEverywhere(final float[] plane) {
		for (final ResultCache c : LIVE) c.forget(plane);
	}
}
