package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What is written out again after TensorFlow's first session run: everything but TensorFlow's log lines. */
class NativeLogsTest {

	@Test
	void tensorFlowsInfoAndWarningLinesGoErrorsAndJavaLinesStay() {
		final String caught = String.join("\n",
			"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
			"I0000 00:00:1796589520.573646    6666 mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass is " +
				"not enabled",
			"2026-12-06 20:40:48.864189: I tensorflow/core/util/port.cc:153] oneDNN custom operations are on.",
			"E0000 00:00:1796589520.573646    6666 some_kernel.cc:12] a real error",
			"\r[#####.....] 1/2  reading 80 images",
			"convnet: a Java message", "");
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
			NativeLogs.replay(caught, err);
		}
		assertEquals(String.join("\n", "E0000 00:00:1796589520.573646    6666 some_kernel.cc:12] a real error",
			"\r[#####.....] 1/2  reading 80 images", "convnet: a Java message", ""), bytes.toString(
				StandardCharsets.UTF_8));
	}

	@Test
	void theLevelFollowsTheLaunchersVerboseFlag() {
		System.setProperty("convnet.tf.loglevel", "0");
		try {
			assertEquals(0, NativeLogs.level());
		}
		finally {
			System.clearProperty("convnet.tf.loglevel");
		}
	}
}
