package org.convnetij.command.cnn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.nn.Architecture;
import org.convnetij.nn.ConvPattern;
import org.convnetij.nn.ModelSpec;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** Model Summary through SciJava's CommandService, with the macro keys. */
class ModelSummaryCommandTest {

	private static Context context;

	@TempDir
	Path folder;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static CommandModule run(final Map<String, Object> inputs) throws Exception {
		return context.service(CommandService.class).run(ModelSummaryCommand.class, false, inputs).get();
	}

	private static CommandModule run(final Object... keyValues) throws Exception {
		final Map<String, Object> inputs = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) inputs.put((String) keyValues[i], keyValues[i + 1]);
		return run(inputs);
	}

	@Test
	void vgg16AtItsUsualInput() throws Exception {
		final CommandModule m = run("architecture", "vgg16");
		assertFalse(m.isCanceled(), m.getCancelReason());
		final String summary = (String) m.getOutput("summary");
		assertTrue(summary.contains("Total params: 138,357,544"), summary);
		assertTrue(summary.lines().anyMatch(l -> l.matches("input_1 \\(InputLayer\\) +224 x 224 x 3 +0")), summary);
	}

	@Test
	void notopAndOtherSizes() throws Exception {
		final CommandModule m = run("architecture", "resnet50", "notop", true, "width", 128, "height", 96);
		final String summary = (String) m.getOutput("summary");
		assertTrue(summary.contains("Total params: 23,587,712"), summary);
		assertTrue(summary.contains("output: 4 x 3 x 2048 (conv5_block3_out)"), summary);
	}

	@Test
	void customPatternKeys() throws Exception {
		final CommandModule m = run("architecture", "custom", "convs", 2, "blocks", 3, "dense", 2, "filters",
			"32,64,128", "units", "256,128", "classes", 10);
		assertFalse(m.isCanceled(), m.getCancelReason());
		final String summary = (String) m.getOutput("summary");
		assertTrue(summary.contains("block3_conv2 (Conv2D)"), summary);
		assertTrue(summary.contains("fc2 (Dense)"), summary);
		assertTrue(summary.contains("predictions (Dense)"), summary);
	}

	@Test
	void tooSmallInputCancelsWithTheMinimum() throws Exception {
		final CommandModule m = run("architecture", "inceptionv3", "width", 64, "height", 64);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("inceptionv3 needs an input of at least 75 x 75 pixels, not 64 x 64"), m
			.getCancelReason());
	}

	@Test
	void badFiltersCancelQuotingTheValue() throws Exception {
		final CommandModule m = run("filters", "32;64");
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("'32;64'"), m.getCancelReason());
	}

	@Test
	void modelFolder() throws Exception {
		ModelSpec.of(Architecture.CUSTOM, InputShape.of(28, 28, 1)).pattern(ConvPattern.linear()).classes(List.of("a",
			"b", "c")).write(folder);
		final CommandModule m = run("model", folder.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		final String summary = (String) m.getOutput("summary");
		assertTrue(summary.contains("Classes (3): a, b, c"), summary);
		assertTrue(summary.contains("Total params: 2,355"), summary);
		final CommandModule empty = run("model", new File(folder.toFile(), "missing"));
		assertTrue(empty.isCanceled());
		assertTrue(empty.getCancelReason().contains("no convnet.json in"), empty.getCancelReason());
	}
}
