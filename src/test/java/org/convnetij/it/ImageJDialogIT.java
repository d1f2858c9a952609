package org.convnetij.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Checkbox;
import java.awt.EventQueue;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.util.function.Supplier;

import org.convnetij.testutil.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.macro.Interpreter;
import ij.plugin.frame.Recorder;

/**
 * Real ImageJ 1 with a display (Xvfb in the test command): the menu command's dialog, ImageJ's Macro Recorder,
 * and a macro error as ImageJ reports it.
 */
class ImageJDialogIT {

	@BeforeAll
	static void imageJWithThePluginsFolder() {
		assumeTrue(System.getenv("DISPLAY") != null, "needs a display: run the tests under xvfb-run -a");
		// ImageJ reads plugins/ConvNet_IJ.jar (its plugins.config) from the repository root, as in a user's install
		System.setProperty("plugins.dir", Processes.ROOT.getPath());
	}

	@Test
	void theDialogIsRecordedAsTheMacroLine() throws Exception {
		final Recorder recorder = new Recorder();
		try {
			final ImagePlus cell = TestImages.open("cell.png");
			cell.show();
			waitFor(() -> WindowManager.getCurrentImage() == cell, "the image window");
			IJ.doCommand("Convolve"); // as the menu does: a new thread, recorded by ImageJ
			final GenericDialog gd = waitFor(ImageJDialogIT::convolveDialog, "the Convolve dialog");
			EventQueue.invokeAndWait(() -> {
				((TextField) gd.getStringFields().get(0)).setText("1 1 1; 1 1 1; 1 1 1");
				((Checkbox) gd.getCheckboxes().get(0)).setState(true);
				gd.actionPerformed(new ActionEvent(gd.getButtons()[0], ActionEvent.ACTION_PERFORMED, "OK"));
			});
			final ImagePlus result = waitFor(() -> WindowManager.getImage("cell-convolve"), "the result window");
			assertEquals(550, result.getWidth());
			assertEquals(32, result.getBitDepth());
			// the 3x3 mean of the first interior pixel, as the normalized box kernel gives it
			double sum = 0;
			for (int y = 0; y < 3; y++) for (int x = 0; x < 3; x++) sum += cell.getProcessor().getf(x, y);
			assertEquals(sum / 9, result.getProcessor().getf(1, 1), 1e-4);
			final String text = waitFor(() -> recorder.getText().contains("run(\"Convolve\"") ? recorder.getText() :
				null, "the recorded line");
			assertTrue(text.contains("run(\"Convolve\", \"kernel=[1 1 1; 1 1 1; 1 1 1] normalize padding=zero " +
				"stride=1\");"), text);
			result.changes = false;
			result.close();
			cell.changes = false;
			cell.close();
		}
		finally {
			recorder.close();
		}
	}

	@BeforeEach
	void closeAllImages() {
		while (WindowManager.getCurrentImage() != null) {
			final ImagePlus imp = WindowManager.getCurrentImage();
			imp.changes = false;
			imp.close();
		}
	}

	@Test
	void aMacroWithoutAnImageStopsWithTheMessage() {
		final Interpreter interpreter = new Interpreter();
		interpreter.setIgnoreErrors(true); // keep ImageJ's error dialog closed, keep the message
		interpreter.run("run(\"Mean\", \"radius=2\");\nprint(\"after\");\n", "");
		assertEquals("Mean needs an image: open one first", interpreter.getErrorMessage());
		assertFalse(IJ.getLog() != null && IJ.getLog().contains("after"));
	}

	@Test
	void aKeyLeftOutTakesTheDocumentedDefaultNotTheLastValue() {
		final Interpreter interpreter = new Interpreter();
		interpreter.setIgnoreErrors(true);
		final String result = interpreter.run("newImage(\"ramp\", \"8-bit ramp\", 64, 48, 1);\n" +
			"id = getImageID();\n" +
			"run(\"Mean\", \"radius=3 padding=clamp stride=2\");\n" +
			"first = \"\" + getWidth() + \"x\" + getHeight();\n" +
			"selectImage(id);\n" +
			"run(\"Mean\", \"padding=none\");\n" +
			"second = \"\" + getWidth() + \"x\" + getHeight();\n" +
			"call(\"java.lang.System.setProperty\", \"convnet.test.sizes\", first + \" \" + second);\n", "");
		assertEquals(null, interpreter.getErrorMessage(), result);
		// radius 3, stride 2, clamp: 32x24; then the defaults radius 1 and stride 1 with padding none: 62x46
		assertEquals("32x24 62x46", System.getProperty("convnet.test.sizes"));
	}

	private static GenericDialog convolveDialog() {
		for (final Window w : Window.getWindows()) {
			if (w instanceof GenericDialog && w.isShowing() && "Convolve".equals(((GenericDialog) w).getTitle())) {
				return (GenericDialog) w;
			}
		}
		return null;
	}

	private static <T> T waitFor(final Supplier<T> probe, final String what) throws InterruptedException {
		final long end = System.currentTimeMillis() + 60_000;
		while (System.currentTimeMillis() < end) {
			final T value = probe.get();
			if (value != null && !Boolean.FALSE.equals(value)) return value;
			Thread.sleep(50);
		}
		assertNotNull(null, "timed out waiting for " + what);
		return null;
	}
}
