package org.convnetij.opencl;

import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** One OpenCL device as discovered: identity, kind and the limits that decide tile and work-group sizes. */
public final class ClDevice {

	final cl_platform_id platform;
	final cl_device_id id;
	private final int index;
	private final String platformName;
	private final String name;
	private final boolean gpu;
	private final String type;
	private final long globalMemory;
	private final long maxAllocation;
	private final long localMemory;
	private final int computeUnits;
	private final long maxWorkGroupSize;
	private final String version;
	private final boolean hostUnifiedMemory;

	ClDevice(final cl_platform_id platform, final cl_device_id id, final int index, final String platformName,
		final String name, final boolean gpu, final String type, final long globalMemory, final long maxAllocation,
		final long localMemory, final int computeUnits, final long maxWorkGroupSize, final String version,
		final boolean hostUnifiedMemory)
	{
		this.hostUnifiedMemory = hostUnifiedMemory;
		this.platform = platform;
		this.id = id;
		this.index = index;
		this.platformName = platformName;
		this.name = name;
		this.gpu = gpu;
		this.type = type;
		this.globalMemory = globalMemory;
		this.maxAllocation = maxAllocation;
		this.localMemory = localMemory;
		this.computeUnits = computeUnits;
		this.maxWorkGroupSize = maxWorkGroupSize;
		this.version = version;
	}

	/** The position in {@link OpenCl#devices()}, as the device choice accepts it. */
	public int index() {
		return index;
	}

	public String platformName() {
		return platformName;
	}

	public String name() {
		return name;
	}

	/** Whether the device works on the host's memory (CL_DEVICE_HOST_UNIFIED_MEMORY: CPU devices, integrated GPUs). */
	public boolean hostUnifiedMemory() {
		return hostUnifiedMemory;
	}

	public boolean isGpu() {
		return gpu;
	}

	/** "GPU", "CPU", "accelerator" or "other". */
	public String type() {
		return type;
	}

	public long globalMemory() {
		return globalMemory;
	}

	/** The largest single buffer the device accepts, in bytes. */
	public long maxAllocation() {
		return maxAllocation;
	}

	public long localMemory() {
		return localMemory;
	}

	public int computeUnits() {
		return computeUnits;
	}

	public long maxWorkGroupSize() {
		return maxWorkGroupSize;
	}

	public String version() {
		return version;
	}

	/** One line: index, name, type, platform, memory and limits. */
	public String describe() {
		return String.format("%d: %s (%s, %s, %s): %d compute units, global memory %d MiB, largest buffer %d MiB, " +
			"local memory %d KiB, work-group size up to %d", index, name, type, platformName, version, computeUnits,
			globalMemory >> 20, maxAllocation >> 20, localMemory >> 10, maxWorkGroupSize);
	}

	@Override
	public String toString() {
		return name;
	}
}
