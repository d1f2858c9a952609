package org.convnetij.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.convnetij.filter.Filters;
import org.convnetij.filter.Padding;
import org.convnetij.filter.TestImages;
import org.convnetij.image.Planes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that finds no OpenCL platform (the ICD loader pointed at an empty folder) runs the filters in Java and says
 * so in one line.
 */
class WithoutOpenClTest {

	/** Run in the child JVM: prints the engine, then the sum of a filtered image. */
	public static void main(final String[] args) {
		System.out.println("engine=" + Filters.engine().name());
		System.out.println("engine again=" + Filters.engine().name());
		float sum = 0;
		for (final float v : Planes.floatsOf(Filters.median(TestImages.cell(), 1, Padding.CLAMP), 0)) sum += v;
		System.out.println("sum=" + sum);
	}

	@Test
	void filtersRunInJavaWithOneNotice(@TempDir final Path emptyVendors) throws Exception {
		final String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		final ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
			WithoutOpenClTest.class.getName());
		pb.environment().put("OCL_ICD_VENDORS", emptyVendors.toString());
		pb.environment().put("OPENCL_VENDOR_PATH", emptyVendors.toString());
		pb.redirectErrorStream(true);
		final Path log = emptyVendors.resolve("log.txt");
		pb.redirectOutput(log.toFile());
		final Process p = pb.start();
		assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM finished");
		final String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		assertEquals(0, p.exitValue(), out);
		assertTrue(out.contains("engine=java") && out.contains("engine again=java"), out);
		assertTrue(out.contains("sum="), out);
		final long notices = out.lines().filter(l -> l.startsWith("OpenCL not available")).count();
		assertEquals(1, notices, "one notice line: " + out);
	}
}
