package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.convnetij.util.CheckLine;
import org.junit.jupiter.api.Test;

/** System Check's TensorFlow lines in this JVM (TensorFlow Java 1.1, CPU natives, protobuf 3) and the build names. */
class TensorFlowCheckTest {

	@Test
	void thisJvmHasTensorFlowJavaWithItsProtobufAndTheCpuBuild() {
		final List<CheckLine> lines = TensorFlowCheck.lines();
		assertEquals(List.of("TensorFlow", "protobuf", "TensorFlow natives", "GPU"), lines.stream().map(
			CheckLine::topic).toList());
		for (final CheckLine line : lines) assertEquals(CheckLine.Verdict.OK, line.verdict(), line.toString());
		assertTrue(lines.get(0).finding().startsWith("TensorFlow Java 1.1.0 (native TensorFlow 2.18"), lines.get(0)
			.finding());
		assertTrue(lines.get(0).finding().contains("tensorflow-core-api-1.1.0.jar"), lines.get(0).finding());
		assertTrue(lines.get(1).finding().startsWith("protobuf-java 3.21."), lines.get(1).finding());
		assertEquals("CPU build (tensorflow-core-native-1.1.0-linux-x86_64.jar)", lines.get(2).finding());
	}

	@Test
	void theNativeBuildIsNamedFromTheLoadedLibrary() {
		final String cache = "/home/u/.javacpp/cache/";
		assertEquals("GPU build (tensorflow-core-native-1.1.0-linux-x86_64-gpu.jar)", TensorFlowCheck.describeNatives(
			cache + "tensorflow-core-native-1.1.0-linux-x86_64-gpu.jar/org/tensorflow/internal/c_api/linux-x86_64/" +
				"libtensorflow_framework.so.2"));
		assertEquals("CPU build (tensorflow-core-native-1.1.0-linux-x86_64.jar)", TensorFlowCheck.describeNatives(
			cache + "tensorflow-core-native-1.1.0-linux-x86_64.jar/org/tensorflow/internal/c_api/linux-x86_64/" +
				"libtensorflow_framework.so.2"));
		assertEquals("not loaded", TensorFlowCheck.describeNatives(null));
		assertFalse(TensorFlowCheck.isGpuBuild(null));
	}

	@Test
	void aGpuBuildThatSeesNoGpuIsAWarningWithTheFix() {
		final CheckLine gpu = TensorFlowCheck.gpu(true);
		assertEquals(CheckLine.Verdict.WARNING, gpu.verdict(), gpu.toString());
		assertTrue(gpu.fix().contains("CUDA 12"), gpu.toString());
		assertEquals(CheckLine.Verdict.OK, TensorFlowCheck.gpu(false).verdict());
	}
}
