package org.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.convnetij.filter.Padding;
import org.convnetij.filter.Rank;
import org.convnetij.opencl.OpenCl;
import org.convnetij.opencl.OpenClFilterEngine;
import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.macro.Interpreter;
import ij.process.FloatProcessor;

/** Closing an ImageJ image gives back the device copy that the filters kept of its pixels. */
class DeviceCopiesTest {

	@Test
	void closingTheImageGivesItsDeviceCopyBack() {
		assumeTrue(OpenCl.engine().isPresent(), "no OpenCL device");
		final OpenClFilterEngine cl = OpenCl.engine().get();
		assumeTrue(cl.cacheStats()[0] >= 0 && cacheOn(cl), "the device keeps no copies (-Dconvnet.opencl.cache)");
		DeviceCopies.install();
		final float[] plane = new float[64 * 48];
		for (int i = 0; i < plane.length; i++) plane[i] = i % 17;
		final float[] result = cl.rank(plane, 64, 48, Rank.MEDIAN, 1, Padding.CLAMP);
		final ImagePlus imp = new ImagePlus("result", new FloatProcessor(64, 48, result));
		final ImagePlus other = new ImagePlus("other", new FloatProcessor(64, 48, cl.rank(result, 64, 48, Rank.MAXIMUM,
			1, Padding.CLAMP)));
		Interpreter.batchMode = true;
		try {
			Interpreter.addBatchModeImage(imp);
			Interpreter.addBatchModeImage(other);
			DeviceCopies.dropClosed();
			assertEquals(2, cl.cacheStats()[0], "the copies of the two open images are kept");
			imp.close(); // batch mode: ImageJ tells no listener
			DeviceCopies.dropClosed(); // as the next command does
			assertEquals(1, cl.cacheStats()[0], "the closed image's copy is given back");
			other.close();
			DeviceCopies.dropClosed();
			assertEquals(0, cl.cacheStats()[0]);
		}
		finally {
			Interpreter.batchMode = false;
		}
	}

	private static boolean cacheOn(final OpenClFilterEngine cl) {
		cl.rank(new float[16], 4, 4, Rank.MINIMUM, 1, Padding.CLAMP);
		return cl.cacheStats()[0] > 0;
	}
}
