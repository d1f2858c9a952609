package org.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's argument handling and table numbers (the demo itself runs for almost two minutes). */
class TransferDemoTest {

	@TempDir
	Path tmp;

	@Test
	void aFolderWithoutFashionMnistGetsAMessage() {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final UserInputException e = assertThrows(UserInputException.class, () -> TransferDemo.run(List.of(tmp
			.toString()), new PrintStream(bytes, true, StandardCharsets.UTF_8)));
		assertTrue(e.getMessage().startsWith("no Fashion-MNIST in '" + tmp + "' (the given folder)"), e.getMessage());
	}

	@Test
	void meanAndSampleStandardDeviationInPercent() {
		assertEquals("80.0 ± 10.0", TransferDemo.meanSd(new double[] { 0.7, 0.8, 0.9 }, 1));
		assertEquals("50.0 ± 0.0", TransferDemo.meanSd(new double[] { 0.5 }, 1));
		assertEquals("-1.5 ± 0.7", TransferDemo.meanSd(new double[] { -0.01, -0.02 }, 1));
	}

	@Test
	void theMachineLineNamesCoresAndVersions() {
		final String m = TransferDemo.machine();
		assertTrue(m.contains(Runtime.getRuntime().availableProcessors() + " cores"), m);
		assertTrue(m.contains("Java " + System.getProperty("java.version")), m);
	}
}
