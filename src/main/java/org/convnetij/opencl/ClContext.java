package org.convnetij.opencl;

import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.CL_DEVICE_MEM_BASE_ADDR_ALIGN;
import static org.jocl.CL.CL_MAP_READ;
import static org.jocl.CL.CL_MAP_WRITE;
import static org.jocl.CL.CL_BUFFER_CREATE_TYPE_REGION;
import static org.jocl.CL.CL_MEM_ALLOC_HOST_PTR;
import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clCreateSubBuffer;
import static org.jocl.CL.clEnqueueMapBuffer;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueUnmapMemObject;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetProgramBuildInfo;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clReleaseProgram;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.convnetij.util.UserInputException;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_buffer_region;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_mem;
import org.jocl.cl_program;

/**
 * A context and an in-order command queue on one device, with the programs compiled for it. Programs are compiled
 * once per (kernel file, defines) and reused; OpenCL 1.2 makes context, queue and program calls thread-safe, and
 * each launch has its own kernel object ({@link ClKernelCall}), so two commands may use one context at once.
 */
public final class ClContext implements AutoCloseable {

	/** Divisions and square roots as Java computes them (correctly rounded), so both engines agree. */
	private static final String BUILD_OPTIONS = "-cl-fp32-correctly-rounded-divide-sqrt";

	/**
	 * System property: {@code map} or {@code copy}, how images go to and from the device (default: map on GPUs that
	 * share the host's memory, copy elsewhere).
	 */
	public static final String TRANSFERS_PROPERTY = "convnet.opencl.transfers";

	/** System property: the most bytes of free buffers kept for reuse per device (0: release at once). */
	public static final String POOL_PROPERTY = "convnet.opencl.poolbytes";

	/**
	 * System property: {@code false} leaves each buffer where the driver puts it. By default, on CPU devices,
	 * buffers start at page offsets {@value #SPREAD_STEP} bytes apart in turn, see {@link #buffer}.
	 */
	public static final String SPREAD_PROPERTY = "convnet.opencl.spread";

	/** Bytes between the page offsets at which consecutive buffers start, and the page size they are spread over. */
	static final int SPREAD_STEP = 1024, PAGE = 4096;

	private final ClDevice device;
	private final cl_context context;
	private final cl_command_queue queue;
	private final Map<String, cl_program> programs = new ConcurrentHashMap<>();
	private volatile boolean closed;
	private final ResultCache results;
	/** Free blocks by size in floats, for reuse; at most {@link #poolLimit} bytes in all. */
	private final Map<Long, java.util.ArrayDeque<Block>> free = new java.util.HashMap<>();
	private long freeBytes;
	private final long poolLimit;
	/**
	 * Whether buffers live in host-accessible memory (CL_MEM_ALLOC_HOST_PTR) and are filled and read by mapping
	 * them, rather than by the driver's write and read copies.
	 */
	private final boolean mapped;
	/** Whether buffers start at spread page offsets (CPU devices, unless turned off). */
	private final boolean spread;
	/** The alignment of a sub-buffer's origin on this device, in bytes (CL_DEVICE_MEM_BASE_ADDR_ALIGN). */
	private final int originAlignment;
	/** Counts the buffers handed out, to give each the next page offset. */
	private final AtomicInteger handedOut = new AtomicInteger();

	/** Weights arrays kept on the device, by content, least recently used first; see {@link #weights}. */
	private final LinkedHashMap<WeightsKey, KeptWeights> weights = new LinkedHashMap<>(16, 0.75f, true);

	/** The most weights arrays kept (more while more are in use), and the most floats in one. */
	static final int KEPT_WEIGHTS = 32, KEPT_WEIGHTS_MAX_FLOATS = 1 << 16;

	/**
	 * A context on the device; refused (one line, with how to turn OpenCL on) where the device's compiler could
	 * crash this JVM ({@link SignalChaining}), so that scripts cannot reach it either.
	 */
	public ClContext(final ClDevice device) {
		this(device, mappedByDefault(device));
	}

	/**
	 * Where the device shares the host's memory and is a GPU (integrated GPUs), buffers are mapped: the driver has
	 * no staging copy to make. On CPU devices mapping measured no faster than reads and writes (PoCL, 16 MB: 1.7 to
	 * 1.9 ms against 1.5 to 1.7 ms; Java arrays cannot be device memory, so one copy each way stays either way); on
	 * discrete GPUs the copies are the transfer.
	 */
	static boolean mappedByDefault(final ClDevice device) {
		final String forced = System.getProperty(TRANSFERS_PROPERTY, "").trim();
		if (forced.equalsIgnoreCase("map")) return true;
		if (forced.equalsIgnoreCase("copy")) return false;
		return device.isGpu() && device.hostUnifiedMemory();
	}

	/** A context whose transfers map buffers ({@code mapped}) or copy them. */
	ClContext(final ClDevice device, final boolean mapped) {
		this.mapped = mapped;
		final String unsafe = OpenCl.unsafeProblem(device);
		if (unsafe != null) throw new UserInputException(unsafe);
		final int[] alignBits = new int[1];
		clGetDeviceInfo(device.id, CL_DEVICE_MEM_BASE_ADDR_ALIGN, Sizeof.cl_uint, Pointer.to(alignBits), null);
		this.originAlignment = Math.max(1, alignBits[0] / 8);
		this.spread = !device.isGpu() && !"false".equalsIgnoreCase(System.getProperty(SPREAD_PROPERTY, "").trim()) &&
			SPREAD_STEP % originAlignment == 0;
		this.device = device;
		this.poolLimit = Long.getLong(POOL_PROPERTY, Math.min(device.globalMemory() / 8, 256L << 20));
		final cl_context_properties properties = new cl_context_properties();
		properties.addProperty(CL_CONTEXT_PLATFORM, device.platform);
		this.context = clCreateContext(properties, 1, new cl_device_id[] { device.id }, null, null, null);
		try {
			this.queue = clCreateCommandQueue(context, device.id, 0, null);
		}
		catch (final CLException e) {
			clReleaseContext(context);
			throw e;
		}
		this.results = new ResultCache(ResultCache.entriesFor(device), Math.min(device.globalMemory() / 8, 256L << 20));
	}

	public ClDevice device() {
		return device;
	}

	/** Device copies of recent planes, for chains of filters on one image. */
	ResultCache results() {
		return results;
	}

	/**
	 * Whether the buffer holds exactly {@code values} (compared in place where the buffer is host memory, as on CPU
	 * devices; elsewhere mapping copies it back).
	 */
	boolean holds(final ClBuffer buffer, final float[] values) {
		if (buffer.floats() != values.length) return false;
		if (values.length == 0) return true;
		final ByteBuffer view = clEnqueueMapBuffer(queue(), buffer.mem(), CL_TRUE, CL_MAP_READ, 0, (long) values.length *
			Sizeof.cl_float, 0, null, null, null);
		try {
			return java.nio.FloatBuffer.wrap(values).mismatch(view.order(ByteOrder.nativeOrder()).asFloatBuffer()) < 0;
		}
		finally {
			clEnqueueUnmapMemObject(queue(), buffer.mem(), view, 0, null, null);
		}
	}

	/** Whether buffers start at spread page offsets ({@link #buffer}). */
	boolean spreadsBuffers() {
		return spread;
	}

	/** Whether transfers map buffers (else the driver copies). */
	public boolean mapsBuffers() {
		return mapped;
	}

	cl_command_queue queue() {
		if (closed) throw new IllegalStateException("the OpenCL context of " + device.name() + " is closed");
		return queue;
	}

	/**
	 * A buffer of {@code floats} floats, uninitialised: a free one of that size from the pool, else a new one. Reuse
	 * matters on CPU devices, where the first write to fresh memory costs as much as the copy itself. A buffer may
	 * be given back while a kernel enqueued before still reads it, so a reused one is handed out only after the
	 * queue has finished (cheap: callers wait for their results anyway).
	 * <p>
	 * On CPU devices each buffer is a region of a block one page larger, placed so that buffers handed out one after
	 * the other start {@value #SPREAD_STEP} bytes apart within a page. Drivers put large buffers at the same offset
	 * within a page, and an image's rows are often a whole number of pages apart (2048 floats and its multiples), so
	 * a kernel's loads from its input and its stores to its output would share their low 12 address bits: the CPU
	 * then holds each load back as a possible read of the store before it (4K aliasing). PoCL, rolling Gaussian,
	 * 2048 x 2048: 4.2 to 4.7 ms with the same offsets, 3.6 ms 1 to 3 KB apart. (Four places in turn: two threads
	 * handing out buffers at once, or a kernel with five buffers, may still pair two at one offset; that costs speed,
	 * never numbers.)
	 */
	public ClBuffer buffer(final long floats) {
		final long blockFloats = spread ? floats + PAGE / Sizeof.cl_float : floats;
		Block block = null;
		synchronized (free) {
			final java.util.ArrayDeque<Block> same = free.get(blockFloats);
			if (same != null && !same.isEmpty()) {
				freeBytes -= blockFloats * Sizeof.cl_float;
				block = same.pop();
			}
		}
		if (block != null) {
			try {
				clFinish(queue());
			}
			catch (final RuntimeException e) {
				clReleaseMemObject(block.mem);
				throw e;
			}
		}
		else {
			final cl_mem mem = clCreateBuffer(context, CL_MEM_READ_WRITE | (mapped ? CL_MEM_ALLOC_HOST_PTR : 0), Math.max(
				1, blockFloats) * Sizeof.cl_float, null, null);
			try {
				block = new Block(mem, blockFloats, spread ? pageOffset(mem) : -1);
			}
			catch (final RuntimeException e) {
				clReleaseMemObject(mem);
				throw e;
			}
		}
		if (block.pageOffset < 0) return whole(block, floats);
		final int target = Math.floorMod(handedOut.getAndIncrement(), PAGE / SPREAD_STEP) * SPREAD_STEP;
		final long origin = Math.floorMod(target - block.pageOffset, PAGE);
		final cl_mem region;
		final Block parent = block;
		try {
			region = clCreateSubBuffer(block.mem, CL_MEM_READ_WRITE, CL_BUFFER_CREATE_TYPE_REGION,
				new cl_buffer_region(origin, Math.max(1, floats) * Sizeof.cl_float), null);
		}
		catch (final CLException e) {
			return whole(block, floats); // a driver that refuses this region (its alignment rules)
		}
		catch (final RuntimeException e) {
			clReleaseMemObject(parent.mem);
			throw e;
		}
		return new ClBuffer(region, floats, () -> {
			try {
				clReleaseMemObject(region); // the block stays alive while a kernel enqueued with the region still runs
			}
			finally {
				giveBack(parent);
			}
		});
	}

	/** The whole block as the buffer, starting where the driver put it. */
	private ClBuffer whole(final Block block, final long floats) {
		return new ClBuffer(block.mem, floats, () -> giveBack(block));
	}

	/**
	 * Where a new buffer starts within a page (its address modulo {@value #PAGE}), as mapping shows it; -1 where the
	 * mapping fails or the offset is not a multiple of the device's alignment. (A driver that maps through a staging
	 * copy would show the copy's offset: the buffers would then land anywhere, which costs speed, never numbers.)
	 * The map waits for the queue; it runs once per new block, and blocks are reused.
	 */
	int pageOffset(final cl_mem mem) {
		try {
			final ByteBuffer view = clEnqueueMapBuffer(queue(), mem, CL_TRUE, CL_MAP_READ, 0, Sizeof.cl_float, 0, null,
				null, null);
			try {
				final int offset = view.alignmentOffset(0, PAGE);
				return offset % originAlignment == 0 ? offset : -1;
			}
			finally {
				clEnqueueUnmapMemObject(queue(), mem, view, 0, null, null);
			}
		}
		catch (final UnsupportedOperationException | CLException e) {
			return -1; // left where the driver put it
		}
	}

	/** A device allocation in the pool: its size and where it starts within a page (-1: not known or not spread). */
	private static final class Block {
		final cl_mem mem;
		final long floats;
		final int pageOffset;

		Block(final cl_mem mem, final long floats, final int pageOffset) {
			this.mem = mem;
			this.floats = floats;
			this.pageOffset = pageOffset;
		}
	}

	/** Bytes held in free buffers now, and the most it may hold. */
	long[] pooledBytes() {
		synchronized (free) {
			return new long[] { freeBytes, poolLimit };
		}
	}

	/** Keeps a block for reuse while the pool has room, else releases it. */
	private void giveBack(final Block block) {
		final long bytes = block.floats * Sizeof.cl_float;
		synchronized (free) {
			if (!closed && freeBytes + bytes <= poolLimit) {
				free.computeIfAbsent(block.floats, f -> new java.util.ArrayDeque<>()).push(block);
				freeBytes += bytes;
				return;
			}
		}
		clReleaseMemObject(block.mem);
	}

	/** A new buffer holding {@code length} floats of {@code values} from {@code offset}. */
	public ClBuffer upload(final float[] values, final int offset, final int length) {
		final ClBuffer b = buffer(length);
		try {
			if (length > 0 && mapped) {
				final ByteBuffer view = clEnqueueMapBuffer(queue(), b.mem(), CL_TRUE, CL_MAP_WRITE, 0, (long) length *
					Sizeof.cl_float, 0, null, null, null);
				view.order(ByteOrder.nativeOrder()).asFloatBuffer().put(values, offset, length);
				clEnqueueUnmapMemObject(queue(), b.mem(), view, 0, null, null);
			}
			else if (length > 0) {
				clEnqueueWriteBuffer(queue(), b.mem(), CL_TRUE, 0, (long) length * Sizeof.cl_float,
					Pointer.to(values).withByteOffset((long) offset * Sizeof.cl_float), 0, null, null);
			}
			return b;
		}
		catch (final RuntimeException e) {
			b.close();
			throw e;
		}
	}

	public ClBuffer upload(final float[] values) {
		return upload(values, 0, values.length);
	}

	/**
	 * A read-only device copy of a small constant array (a filter's weights), kept by content: a filter called again
	 * with the same weights (a macro in a loop, a chain of calls) finds them there. An upload is a round trip to the
	 * device's threads (0.2 to 0.3 ms each on PoCL); a kept copy is made with the buffer, on this thread. Closing the
	 * returned buffer gives it back to the context, which keeps the {@value #KEPT_WEIGHTS} used last (none is
	 * released while in use).
	 */
	public ClBuffer weights(final float[] values) {
		if (values.length == 0 || values.length > KEPT_WEIGHTS_MAX_FLOATS) return upload(values);
		final WeightsKey key = new WeightsKey(values);
		synchronized (weights) {
			if (closed) throw new IllegalStateException("the OpenCL context of " + device.name() + " is closed");
			KeptWeights kept = weights.get(key);
			if (kept == null) {
				kept = new KeptWeights(clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, (long) values.length *
					Sizeof.cl_float, Pointer.to(key.values), null));
				weights.put(key, kept);
				releaseUnusedWeightsBeyondLimit();
			}
			kept.users++;
			final KeptWeights taken = kept;
			return new ClBuffer(kept.mem, values.length, () -> {
				synchronized (weights) {
					taken.users--;
					if (taken.evicted && taken.users == 0) clReleaseMemObject(taken.mem);
				}
			});
		}
	}

	/** Drops the least recently used copies beyond the limit; one still in use is released when given back. */
	private void releaseUnusedWeightsBeyondLimit() {
		final Iterator<KeptWeights> oldestFirst = weights.values().iterator();
		while (weights.size() > KEPT_WEIGHTS && oldestFirst.hasNext()) {
			final KeptWeights k = oldestFirst.next();
			oldestFirst.remove();
			k.evicted = true;
			// released once no caller holds it (a kernel enqueued with it keeps its own reference until it has run)
			if (k.users == 0) clReleaseMemObject(k.mem);
		}
	}

	/** A kept copy and how many callers hold it now. */
	private static final class KeptWeights {
		final cl_mem mem;
		int users;
		boolean evicted;

		KeptWeights(final cl_mem mem) {
			this.mem = mem;
		}
	}

	/** A weights array compared by content (a copy, so that later changes to the caller's array do not count). */
	private static final class WeightsKey {
		final float[] values;
		final int hash;

		WeightsKey(final float[] values) {
			this.values = values.clone();
			this.hash = Arrays.hashCode(values);
		}

		@Override
		public boolean equals(final Object o) {
			return o instanceof WeightsKey && ((WeightsKey) o).hash == hash && Arrays.equals(((WeightsKey) o).values,
				values);
		}

		@Override
		public int hashCode() {
			return hash;
		}
	}

	/** Waits for the queue, then copies {@code length} floats from the buffer start into {@code target}. */
	public void download(final ClBuffer buffer, final float[] target, final int offset, final int length) {
		if (length == 0) return;
		if (mapped) {
			final ByteBuffer view = clEnqueueMapBuffer(queue(), buffer.mem(), CL_TRUE, CL_MAP_READ, 0, (long) length *
				Sizeof.cl_float, 0, null, null, null);
			view.order(ByteOrder.nativeOrder()).asFloatBuffer().get(target, offset, length);
			clEnqueueUnmapMemObject(queue(), buffer.mem(), view, 0, null, null);
			return;
		}
		clEnqueueReadBuffer(queue(), buffer.mem(), CL_TRUE, 0, (long) length * Sizeof.cl_float,
			Pointer.to(target).withByteOffset((long) offset * Sizeof.cl_float), 0, null, null);
	}

	public float[] download(final ClBuffer buffer) {
		final float[] out = new float[(int) buffer.floats()];
		download(buffer, out, 0, out.length);
		return out;
	}

	/** Waits until everything enqueued so far has run. */
	public void finish() {
		clFinish(queue());
	}

	/** A launch of kernel {@code name} from resource {@code file} built with {@code defines} ("-D" options). */
	public ClKernelCall kernel(final String file, final String defines, final String name) {
		return new ClKernelCall(this, program(file, defines), name);
	}

	/** The program of a kernel file, compiled on first use with these defines. */
	cl_program program(final String file, final String defines) {
		return programs.computeIfAbsent(file + "\n" + defines, key -> build(file, source(file), defines));
	}

	/** Compiles source text; a failure names the kernel file and the device and carries the compiler's log. */
	cl_program build(final String file, final String source, final String defines) {
		final cl_program program = clCreateProgramWithSource(context, 1, new String[] { source }, null, null);
		try {
			clBuildProgram(program, 1, new cl_device_id[] { device.id }, BUILD_OPTIONS + " " + defines, null, null);
			return program;
		}
		catch (final CLException e) {
			final String log = buildLog(program);
			clReleaseProgram(program);
			throw new ClBuildException("OpenCL kernel " + file + " did not compile for device " + device.name() +
				" (" + defines.trim() + "): " + log.trim(), e);
		}
	}

	private String buildLog(final cl_program program) {
		try {
			final long[] size = new long[1];
			clGetProgramBuildInfo(program, device.id, CL_PROGRAM_BUILD_LOG, 0, null, size);
			final byte[] bytes = new byte[(int) size[0]];
			clGetProgramBuildInfo(program, device.id, CL_PROGRAM_BUILD_LOG, bytes.length, Pointer.to(bytes), null);
			return new String(bytes, StandardCharsets.UTF_8).replace("\0", "");
		}
		catch (final CLException e) {
			return "no build log";
		}
	}

	/** The text of a kernel file, with the shared helpers of common.cl in front. */
	static String source(final String file) {
		return resource("common.cl") + "\n" + resource(file);
	}

	private static String resource(final String file) {
		try (InputStream in = ClContext.class.getResourceAsStream(file)) {
			if (in == null) throw new IllegalStateException("missing kernel resource " + file);
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public synchronized void close() {
		if (closed) return;
		results.close();
		closed = true;
		synchronized (weights) {
			for (final KeptWeights k : weights.values()) {
				k.evicted = true;
				if (k.users == 0) clReleaseMemObject(k.mem);
			}
			weights.clear();
		}
		synchronized (free) {
			for (final java.util.ArrayDeque<Block> d : free.values()) {
				for (final Block b : d) clReleaseMemObject(b.mem);
			}
			free.clear();
			freeBytes = 0;
		}
		for (final cl_program p : programs.values()) clReleaseProgram(p);
		programs.clear();
		clReleaseCommandQueue(queue);
		clReleaseContext(context);
	}
}
