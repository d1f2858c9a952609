package org.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

	/**
	 * A bar drawn on another thread (SciJava's event thread) while a failure is reported never takes the message onto
	 * its line: the message is always a line of its own, as scripts that read standard error expect.
	 */
	@Test
	void aFailureMessageNeverLandsOnABarDrawnAtTheSameTime() throws Exception {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
		final int rounds = 300;
		for (int i = 0; i < rounds; i++) {
			final ConsoleProgress bar = new ConsoleProgress(err, "steps");
			final CountDownLatch go = new CountDownLatch(1);
			final Thread drawer = new Thread(() -> {
				try {
					go.await();
				}
				catch (final InterruptedException e) {
					return;
				}
				bar.update(0, 2);
			});
			drawer.start();
			go.countDown();
			ConsoleProgress.printOnItsOwnLine(err, "convnet: failed " + i);
			drawer.join();
			ConsoleProgress.printOnItsOwnLine(err, "");
		}
		final String text = bytes.toString(StandardCharsets.UTF_8);
		int messages = 0;
		for (final String line : text.split("\n")) {
			final int at = line.indexOf("convnet: failed");
			if (at < 0) continue;
			messages++;
			assertEquals(0, at, () -> "the message shares its line with a bar: " + line);
		}
		assertEquals(rounds, messages);
		assertTrue(List.of(text.split("\n")).stream().anyMatch(l -> l.contains("0/2")), "bars were drawn");
	}

	@Test
	void formatsTimeLeft() {
		assertEquals("42s", ConsoleProgress.formatSeconds(42));
		assertEquals("2m05s", ConsoleProgress.formatSeconds(125));
		assertEquals("1h01m", ConsoleProgress.formatSeconds(3660));
	}
}
