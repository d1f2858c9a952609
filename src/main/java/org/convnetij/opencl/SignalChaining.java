package org.convnetij.opencl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether OpenCL on a device may crash this JVM. Some OpenCL runtimes compile kernels with LLVM inside the
 * process, and LLVM installs its own handlers for SIGSEGV, SIGBUS and friends (crash recovery, removing
 * temporary files on a signal). The JVM uses SIGSEGV itself (safepoint polls, implicit null checks), so once
 * LLVM's handler is in place the JVM can die at random with "Segmentation fault". The JDK's signal-chaining
 * library ({@code libjsig}, preloaded with {@code LD_PRELOAD}) keeps the JVM's handler first and makes this safe.
 * <p>
 * The runtimes counted as compiling with LLVM in-process, by platform (and device type):
 * <ul>
 * <li>PoCL ("Portable Computing Language"), every device: kernels are compiled by its built-in clang/LLVM, also
 * lazily at the first enqueue of each local size (seen crashing the JVM here);</li>
 * <li>Mesa Clover ("Clover") and rusticl ("rusticl"), every device: OpenCL C goes through clang/LLVM in-process
 * for the GPU drivers as for llvmpipe;</li>
 * <li>Intel's CPU runtime (an "Intel" platform, CPU device): its compiler and JIT are LLVM-based, in-process.</li>
 * </ul>
 * GPU drivers of NVIDIA, AMD and Intel are not listed: they are used from Fiji without signal chaining (CLIJ) with
 * no such crash known. On Windows there are no POSIX signals, so nothing is unsafe there.
 */
public final class SignalChaining {

	private SignalChaining() {}

	private static final boolean CHAINED = detect();

	/** True when the JDK's signal-chaining library is loaded into this process (or signals do not apply). */
	public static boolean isActive() {
		return CHAINED;
	}

	/** The library to preload, for the message: {@code <java.home>/lib/libjsig.so}. */
	public static String library() {
		final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		return System.getProperty("java.home") + "/lib/libjsig." + (os.contains("mac") ? "dylib" : "so");
	}

	/** True when the device's runtime compiles kernels with LLVM in this process (the list above). */
	public static boolean installsSignalHandlers(final ClDevice device) {
		return installsSignalHandlers(device.platformName(), device.type());
	}

	static boolean installsSignalHandlers(final String platformName, final String type) {
		final String p = platformName.toLowerCase(Locale.ROOT);
		if (p.contains("portable computing language") || p.contains("pocl")) return true;
		if (p.contains("clover") || p.contains("rusticl")) return true;
		return p.contains("intel") && "CPU".equals(type);
	}

	/** Why OpenCL on this device would be unsafe in this JVM, as the end of a sentence; null when it is safe. */
	public static String unsafeReason(final ClDevice device) {
		if (isActive() || !installsSignalHandlers(device)) return null;
		return "its compiler replaces the JVM's signal handlers and can crash Java without signal chaining";
	}

	/** How to make OpenCL safe: the start option, for messages. */
	public static String howToTurnOn() {
		return "start Java with LD_PRELOAD=" + library();
	}

	private static boolean detect() {
		final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
		if (os.contains("windows")) return true;
		final Path maps = Path.of("/proc/self/maps");
		if (Files.isReadable(maps)) {
			try {
				return new String(Files.readAllBytes(maps), StandardCharsets.ISO_8859_1).contains("libjsig");
			}
			catch (final IOException | RuntimeException e) {
				// fall through to the environment
			}
		}
		final String preload = System.getenv(os.contains("mac") ? "DYLD_INSERT_LIBRARIES" : "LD_PRELOAD");
		return preload != null && preload.contains("libjsig");
	}
}
