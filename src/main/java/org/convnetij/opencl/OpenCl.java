package org.convnetij.opencl;

import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_HOST_UNIFIED_MEMORY;
import static org.jocl.CL.CL_DEVICE_LOCAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.convnetij.util.UserInputException;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Finds the OpenCL devices once per JVM and hands out one {@link OpenClFilterEngine} (one context and queue) per
 * device. Without an OpenCL library, platform or device, on a device whose compiler could crash this JVM (see
 * {@link SignalChaining}), or when the kernels do not compile, {@link #engine()} is empty and {@link #notice()} says why in one line; nothing else in the program sees an OpenCL class then.
 * <p>
 * The device is chosen by the system property {@value #DEVICE_PROPERTY} (a name substring or an index into
 * {@link #devices()}); by default the first GPU, else the first other device.
 */
public final class OpenCl {

	public static final String DEVICE_PROPERTY = "convnet.opencl.device";

	private OpenCl() {}

	/** The result of looking for OpenCL, computed once: a missing native library cannot be retried anyway. */
	private static final class Probe {
		static final Probe RESULT = run();

		final List<ClDevice> devices;
		final String problem;
		final Map<Integer, Optional<OpenClFilterEngine>> engines = new ConcurrentHashMap<>();

		Probe(final List<ClDevice> devices, final String problem) {
			this.devices = devices;
			this.problem = problem;
		}

		static Probe run() {
			try {
				final List<ClDevice> found = discover();
				if (found.isEmpty()) return new Probe(List.of(), "no OpenCL device found");
				Runtime.getRuntime().addShutdownHook(new Thread(Probe::closeAll, "OpenCL contexts"));
				return new Probe(Collections.unmodifiableList(found), null);
			}
			catch (final LinkageError e) {
				return new Probe(List.of(), "no OpenCL library (" + e.getClass().getSimpleName() + ": " + e.getMessage() +
					")");
			}
			catch (final CLException e) {
				return new Probe(List.of(), "no OpenCL platform (" + e.getMessage() + ")");
			}
		}

		static void closeAll() {
			for (final Optional<OpenClFilterEngine> e : RESULT.engines.values()) e.ifPresent(OpenClFilterEngine::close);
		}
	}

	/** True when at least one OpenCL device exists (kernels may still fail to build: see {@link #engine()}). */
	public static boolean hasDevices() {
		return !Probe.RESULT.devices.isEmpty();
	}

	/** All devices of all platforms, in discovery order; empty without OpenCL. */
	public static List<ClDevice> devices() {
		return Probe.RESULT.devices;
	}

	/**
	 * Why the filters do not use OpenCL, without what happens instead, or null when they do (or will, once the
	 * kernels compile): no library, platform or device; a device whose compiler could crash this JVM
	 * ({@link SignalChaining}); kernels that do not compile.
	 */
	public static String problem() {
		if (Probe.RESULT.problem != null) return "OpenCL not available: " + Probe.RESULT.problem;
		final ClDevice d = chosenDevice();
		final String unsafe = unsafeProblem(d);
		if (unsafe != null) return unsafe;
		final Optional<OpenClFilterEngine> e = Probe.RESULT.engines.get(d.index());
		if (e != null && e.isEmpty()) return "OpenCL kernels do not compile on " + d.name();
		return null;
	}

	/** Why OpenCL on this device is off in this JVM (see {@link SignalChaining}), with how to turn it on; or null. */
	public static String unsafeProblem(final ClDevice d) {
		final String unsafe = SignalChaining.unsafeReason(d);
		if (unsafe == null) return null;
		return "OpenCL on " + d.name() + " (" + d.platformName() + ") is off because " + unsafe + ". To turn it on, " +
			SignalChaining.howToTurnOn();
	}

	/** Why OpenCL is not used, in one line that says the filters run in Java, or null when it is used. */
	public static String notice() {
		return withFallback(problem());
	}

	/** A {@link #problem()} turned into the notice: "...; filters run in Java" before the way to turn OpenCL on. */
	public static String withFallback(final String problem) {
		if (problem == null) return null;
		final int turnOn = problem.indexOf(". To turn it on");
		if (turnOn < 0) return problem + "; filters run in Java";
		return problem.substring(0, turnOn) + "; filters run in Java" + problem.substring(turnOn);
	}

	/** The engine of the chosen device, made on first use; empty when OpenCL or its kernels are not usable. */
	public static Optional<OpenClFilterEngine> engine() {
		if (!hasDevices()) return Optional.empty();
		return engine(chosenDevice());
	}

	/** The engine of one device (its context is shared by every caller and closed when the JVM ends). */
	public static Optional<OpenClFilterEngine> engine(final ClDevice device) {
		return Probe.RESULT.engines.computeIfAbsent(device.index(), i -> {
			if (SignalChaining.unsafeReason(device) != null) return Optional.empty(); // never compile there
			try {
				final OpenClFilterEngine engine = new OpenClFilterEngine(new ClContext(device));
				engine.selfTest();
				return Optional.of(engine);
			}
			catch (final ClBuildException | CLException e) {
				System.err.println("OpenCL device " + device.name() + " not usable: " + e.getMessage());
				return Optional.empty();
			}
		});
	}

	/** The device the system property names, else the default (first GPU, else first device). */
	public static ClDevice chosenDevice() {
		return choose(devices(), System.getProperty(DEVICE_PROPERTY, ""));
	}

	/**
	 * A device by index or by a case-insensitive name substring; an empty spec picks the first GPU, else the first
	 * device.
	 */
	public static ClDevice choose(final List<ClDevice> devices, final String spec) {
		if (devices.isEmpty()) throw new UserInputException("no OpenCL device found: filters run in Java");
		final String s = spec == null ? "" : spec.trim();
		if (s.isEmpty()) {
			return devices.stream().filter(ClDevice::isGpu).findFirst().orElse(devices.get(0));
		}
		if (s.matches("\\d+")) {
			final int i = Integer.parseInt(s);
			if (i < devices.size()) return devices.get(i);
		}
		final String lower = s.toLowerCase(Locale.ROOT);
		for (final ClDevice d : devices) {
			if (d.name().toLowerCase(Locale.ROOT).contains(lower)) return d;
		}
		throw new UserInputException("no OpenCL device matches '" + spec + "': give an index from 0 to " +
			(devices.size() - 1) + " or part of a name (" + String.join(", ", devices.stream().map(ClDevice::name)
				.toArray(String[]::new)) + ")");
	}

	/** A text listing of every device with memory and limits, the chosen one marked. */
	public static String info() {
		if (!hasDevices()) return notice();
		final StringBuilder sb = new StringBuilder();
		final ClDevice chosen = chosenDevice();
		for (final ClDevice d : devices()) {
			sb.append(d == chosen ? "* " : "  ").append(d.describe()).append('\n');
		}
		sb.append("(* = chosen for the filters; choose with the OpenCL Device command or -D").append(DEVICE_PROPERTY)
			.append("=<index or name>)\n");
		final String notice = notice();
		sb.append(notice == null ? "filters run on OpenCL on " + chosen.name() : notice);
		return sb.toString();
	}

	/** Every device of every platform; throws LinkageError without the native library. */
	static List<ClDevice> discover() {
		CL.setExceptionsEnabled(true);
		final int[] count = new int[1];
		clGetPlatformIDs(0, null, count);
		final cl_platform_id[] platforms = new cl_platform_id[count[0]];
		if (platforms.length > 0) clGetPlatformIDs(platforms.length, platforms, null);
		final List<ClDevice> devices = new ArrayList<>();
		for (final cl_platform_id p : platforms) {
			final String platformName = platformString(p, CL_PLATFORM_NAME);
			final int[] n = new int[1];
			try {
				clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
			}
			catch (final CLException e) {
				continue; // a platform without devices
			}
			final cl_device_id[] ids = new cl_device_id[n[0]];
			clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
			for (final cl_device_id id : ids) {
				final long type = deviceLong(id, CL_DEVICE_TYPE);
				final String typeName = (type & CL_DEVICE_TYPE_GPU) != 0 ? "GPU" : (type & CL_DEVICE_TYPE_CPU) != 0 ? "CPU"
					: (type & CL_DEVICE_TYPE_ACCELERATOR) != 0 ? "accelerator" : "other";
				devices.add(new ClDevice(p, id, devices.size(), platformName, deviceString(id, CL_DEVICE_NAME),
					(type & CL_DEVICE_TYPE_GPU) != 0, typeName, deviceLong(id, CL_DEVICE_GLOBAL_MEM_SIZE), deviceLong(id,
						CL_DEVICE_MAX_MEM_ALLOC_SIZE), deviceLong(id, CL_DEVICE_LOCAL_MEM_SIZE), (int) deviceInt(id,
							CL_DEVICE_MAX_COMPUTE_UNITS), deviceSizeT(id, CL_DEVICE_MAX_WORK_GROUP_SIZE), deviceString(id,
								CL_DEVICE_VERSION), hostUnifiedMemory(id, type)));
			}
		}
		return devices;
	}

	private static String platformString(final cl_platform_id p, final int param) {
		final long[] size = new long[1];
		clGetPlatformInfo(p, param, 0, null, size);
		final byte[] b = new byte[(int) size[0]];
		clGetPlatformInfo(p, param, b.length, Pointer.to(b), null);
		return new String(b, StandardCharsets.UTF_8).replace("\0", "").trim();
	}

	private static String deviceString(final cl_device_id d, final int param) {
		final long[] size = new long[1];
		clGetDeviceInfo(d, param, 0, null, size);
		final byte[] b = new byte[(int) size[0]];
		clGetDeviceInfo(d, param, b.length, Pointer.to(b), null);
		return new String(b, StandardCharsets.UTF_8).replace("\0", "").trim();
	}

	private static long deviceLong(final cl_device_id d, final int param) {
		final long[] v = new long[1];
		clGetDeviceInfo(d, param, 8, Pointer.to(v), null);
		return v[0];
	}

	/** CL_DEVICE_HOST_UNIFIED_MEMORY (deprecated since OpenCL 2.0; where a driver refuses it: CPU devices only). */
	private static boolean hostUnifiedMemory(final cl_device_id d, final long type) {
		try {
			return deviceInt(d, CL_DEVICE_HOST_UNIFIED_MEMORY) != 0;
		}
		catch (final CLException e) {
			return (type & CL_DEVICE_TYPE_CPU) != 0;
		}
	}

	private static long deviceInt(final cl_device_id d, final int param) {
		final int[] v = new int[1];
		clGetDeviceInfo(d, param, 4, Pointer.to(v), null);
		return v[0];
	}

	private static long deviceSizeT(final cl_device_id d, final int param) {
		final long[] size = new long[1];
		clGetDeviceInfo(d, param, 0, null, size);
		final ByteBuffer b = ByteBuffer.allocate((int) size[0]).order(ByteOrder.nativeOrder());
		clGetDeviceInfo(d, param, size[0], Pointer.to(b), null);
		return size[0] == 8 ? b.getLong(0) : b.getInt(0);
	}
}
