package org.convnetij.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.convnetij.filter.Filters;
import org.convnetij.filter.Padding;
import org.convnetij.filter.TestImages;
import org.convnetij.image.Planes;
import org.convnetij.util.UserInputException;
import org.convnetij.command.filter.OpenClDeviceCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/**
 * A JVM without the JDK's signal-chaining library never compiles OpenCL kernels on a device whose compiler
 * installs signal handlers (PoCL here): the filters run in Java with one line that says why and how to turn
 * OpenCL on, and an explicit request for OpenCL is refused with that line. The test JVM itself runs with
 * libjsig preloaded (pom.xml), so OpenCL is on in it.
 */
class SignalChainingTest {

	/** Run in the child JVM: the engine, OpenCL Info's verdict, a filtered sum, an explicit request. */
	public static void main(final String[] args) throws Exception {
		System.out.println("chained=" + SignalChaining.isActive());
		System.out.println("engine=" + Filters.engine().name());
		System.out.println("engine again=" + Filters.engine().name());
		System.out.println("info=" + OpenCl.info().replace('\n', '|'));
		double sum = 0, max = 0;
		final float[] blurred = Planes.floatsOf(Filters.gaussianBlur(TestImages.cell(), 2, Padding.CLAMP, 1), 0);
		for (final float v : blurred) {
			sum += v;
			max = Math.max(max, Math.abs(v));
		}
		System.out.println("sum=" + sum);
		System.out.println("bound=" + 1e-5 * max * blurred.length);
		try (ClContext context = new ClContext(OpenCl.chosenDevice())) {
			System.out.println("context=" + context.device().name());
		}
		catch (final UserInputException e) {
			System.out.println("context refused=" + e.getMessage());
		}
		try (Context context = new Context(CommandService.class)) {
			final CommandModule m = context.service(CommandService.class).run(OpenClDeviceCommand.class, true,
				"device", "0").get();
			System.out.println(m.isCanceled() ? "device refused=" + m.getCancelReason() : "device=" + m.getOutput(
				"output").toString().replace('\n', '|'));
		}
		System.setProperty(Filters.ENGINE_PROPERTY, "opencl");
		try {
			System.out.println("forced=" + Filters.engine().name());
		}
		catch (final UserInputException e) {
			System.out.println("refused=" + e.getMessage());
		}
	}

	private static boolean pocl() {
		return OpenCl.hasDevices() && SignalChaining.installsSignalHandlers(OpenCl.chosenDevice());
	}

	private static String child(final Path dir, final boolean preload) throws Exception {
		final String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		final List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
			SignalChainingTest.class.getName()));
		final ProcessBuilder pb = new ProcessBuilder(cmd);
		pb.environment().remove("LD_PRELOAD");
		if (preload) pb.environment().put("LD_PRELOAD", SignalChaining.library());
		pb.redirectErrorStream(true);
		final Path log = dir.resolve("log" + preload + ".txt");
		pb.redirectOutput(log.toFile());
		final Process p = pb.start();
		assertTrue(p.waitFor(180, TimeUnit.SECONDS), "child JVM finished");
		final String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		assertEquals(0, p.exitValue(), out);
		return out;
	}

	private static String line(final String out, final String prefix) {
		return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("").substring(prefix.length());
	}

	@Test
	void withoutSignalChainingPoclIsNotUsedAndTheFallbackSaysHowToTurnItOn(@TempDir final Path dir)
		throws Exception
	{
		assumeTrue(pocl(), "the OpenCL device here compiles without installing signal handlers");
		final String off = child(dir, false);
		assertTrue(off.contains("chained=false"), off);
		assertTrue(off.contains("engine=java") && off.contains("engine again=java"), off);
		final String hint = "LD_PRELOAD=" + SignalChaining.library();
		final List<String> notices = off.lines().filter(l -> l.startsWith("OpenCL on ")).toList();
		assertEquals(1, notices.size(), "one notice line: " + off);
		assertTrue(notices.get(0).contains("filters run in Java") && notices.get(0).contains(hint), off);
		assertTrue(line(off, "info=").contains("is off because") && line(off, "info=").contains(hint), off);
		assertTrue(line(off, "context refused=").contains(hint), off); // scripts cannot reach the compiler either
		assertTrue(line(off, "device refused=").contains(hint), off); // OpenCL Device naming it
		assertTrue(line(off, "device refused=").contains("until then filters run in Java"), off);
		assertTrue(line(off, "refused=").contains("OpenCL engine was asked for") && line(off, "refused=").contains(
			hint), off);

		final String on = child(dir, true);
		assertTrue(on.contains("chained=true"), on);
		assertTrue(line(on, "engine=").startsWith("opencl"), on);
		assertTrue(line(on, "forced=").startsWith("opencl"), on);
		assertTrue(on.contains("context="), on);
		assertTrue(line(on, "device=").startsWith("0: "), on);
		assertTrue(line(on, "info=").contains("filters run on OpenCL"), on);
		assertFalse(on.contains("is off because"), on);
		// the same numbers either way: the engines agree per pixel to 1e-5 of the largest value
		final double a = Double.parseDouble(line(off, "sum=")), b = Double.parseDouble(line(on, "sum="));
		assertEquals(a, b, Double.parseDouble(line(on, "bound=")), off + on);
	}

	@Test
	void theListOfRuntimesWhoseCompilersInstallSignalHandlers() {
		assertTrue(SignalChaining.installsSignalHandlers("Portable Computing Language", "CPU"));
		assertTrue(SignalChaining.installsSignalHandlers("Portable Computing Language", "GPU"));
		assertTrue(SignalChaining.installsSignalHandlers("Clover", "GPU"));
		assertTrue(SignalChaining.installsSignalHandlers("rusticl", "CPU"));
		assertTrue(SignalChaining.installsSignalHandlers("Intel(R) CPU Runtime for OpenCL(TM) Applications", "CPU"));
		assertFalse(SignalChaining.installsSignalHandlers("Intel(R) OpenCL Graphics", "GPU"));
		assertFalse(SignalChaining.installsSignalHandlers("NVIDIA CUDA", "GPU"));
		assertFalse(SignalChaining.installsSignalHandlers("AMD Accelerated Parallel Processing", "GPU"));
		// this test JVM runs with libjsig preloaded (pom.xml): its maps show it
		assertTrue(SignalChaining.isActive());
	}
}
