package org.convnetij.command.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.convnetij.filter.Filters;
import org.convnetij.filter.Padding;
import org.convnetij.filter.TestImages;
import org.convnetij.image.Planes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** The filter commands run headless through SciJava with their macro keys, on real images. */
class FilterCommandsTest {

	static Context context;
	static CommandService commands;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	static CommandModule run(final Class<? extends Command> command, final Object... keysAndValues) throws Exception {
		final Map<String, Object> inputs = new HashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) inputs.put((String) keysAndValues[i], keysAndValues[i + 1]);
		return commands.run(command, false, inputs).get();
	}

	@SuppressWarnings("unchecked")
	static Img<FloatType> output(final CommandModule m) {
		assertFalse(m.isCanceled(), () -> "canceled: " + m.getCancelReason());
		return (Img<FloatType>) m.getOutput("output");
	}

	@Test
	void everyFilterCommandRunsWithItsKeys() throws Exception {
		final RandomAccessibleInterval<UnsignedByteType> cell = TestImages.cell();
		final long w = cell.dimension(0), h = cell.dimension(1);
		assertEquals(w, output(run(GaussianBlurCommand.class, "input", cell, "sigma", 2.0, "padding", "clamp"))
			.dimension(0));
		assertEquals(w, output(run(SobelCommand.class, "input", cell, "direction", "x")).dimension(0));
		assertEquals((w - 3) / 2 + 1, output(run(LaplacianCommand.class, "input", cell, "padding", "none", "stride", 2))
			.dimension(0));
		assertEquals(h, output(run(UnsharpMaskCommand.class, "input", cell, "sigma", 1.0, "weight", 0.6)).dimension(1));
		assertEquals(w, output(run(MinimumCommand.class, "input", cell, "radius", 1)).dimension(0));
		assertEquals(w, output(run(MaximumCommand.class, "input", cell, "radius", 1)).dimension(0));
		assertEquals(w - 4, output(run(MedianCommand.class, "input", cell, "radius", 2, "padding", "none")).dimension(0));
		assertEquals((w - 2) / 2 + 1, output(run(MaxPoolCommand.class, "input", cell, "window", 2, "stride", 2)).dimension(
			0));
		assertEquals((w - 3) / 3 + 1, output(run(AveragePoolCommand.class, "input", cell, "window", 3, "stride", 3))
			.dimension(0));
		final RandomAccessibleInterval<UnsignedByteType> template = Views.zeroMin(Views.interval(cell, new long[] { 10, 10 },
			new long[] { 20, 30 }));
		assertEquals(w - 10, output(run(TemplateMatchingCommand.class, "input", cell, "template", template)).dimension(
			0));
		final Img<FloatType> layer = output(run(ConvLayerCommand.class, "input", TestImages.ihc(), "kernels",
			"0 0 0; 0 1 0; 0 0 0 / 0 0 0; 0 1 0; 0 0 0 / 0 0 0; 0 1 0; 0 0 0 | 1 1 1; 1 1 1; 1 1 1 / 0 0 0; 0 0 0; 0 0 0 / " +
				"0 0 0; 0 0 0; 0 0 0", "bias", "0 1", "relu", true));
		assertEquals(2, layer.dimension(2));
		final Img<FloatType> gauss = output(run(GaussianBlurCommand.class, "input", cell, "sigma", 2.0));
		TestImages.assertSameImage(Filters.gaussianBlur(cell, 2, Padding.CLAMP, 1), gauss, 0, "command = core");
	}

	@Test
	void threeDCommandsOnAZStack() throws Exception {
		final Img<FloatType> stack = Planes.wrap(java.util.List.of(TestImages.cellPlane(), TestImages.cellPlane(),
			TestImages.cellPlane()), TestImages.cell().dimension(0), TestImages.cell().dimension(1), 3);
		assertEquals(3, output(run(Convolve3DCommand.class, "input", stack)).dimension(2));
		assertEquals(3, output(run(GaussianBlurCommand.class, "input", stack, "sigma", 1.0, "sigmaz", 1.0)).dimension(
			2));
	}

	@Test
	void badInputCancelsWithTheMessage() throws Exception {
		final RandomAccessibleInterval<UnsignedByteType> cell = TestImages.cell();
		final CommandModule m = run(GaussianBlurCommand.class, "input", cell, "sigma", 0.0);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("sigma must be more than 0"), m.getCancelReason());
		final CommandModule layer = run(ConvLayerCommand.class, "input", cell, "kernels", "1 1 1; 1 1 1; 1 1 1 / " +
			"1 1 1; 1 1 1; 1 1 1");
		assertTrue(layer.isCanceled());
		assertTrue(layer.getCancelReason().contains("kernel depth 2") && layer.getCancelReason().contains(
			"channel count 1"), layer.getCancelReason());
		final CommandModule device = run(OpenClDeviceCommand.class, "device", "no such device");
		assertTrue(device.isCanceled());
	}

	@Test
	void openClInfoListsDevices() throws Exception {
		final CommandModule m = run(OpenClInfoCommand.class);
		final String info = (String) m.getOutput("output");
		assertNotNull(info);
		assertTrue(info.contains("global memory") || info.contains("OpenCL not available"), info);
	}

	/** Every filter command has a line in plugins.config and a menu under Plugins>ConvNet>Filters. */
	@Test
	void commandsAreRegistered() throws IOException {
		final String config;
		try (InputStream in = getClass().getResourceAsStream("/plugins.config")) {
			config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		int n = 0;
		for (final CommandInfo info : commands.getCommands()) {
			if (!info.getClassName().startsWith("org.convnetij.command.filter.")) continue;
			n++;
			assertEquals("Plugins>ConvNet>Filters>" + info.getLabel(), info.getMenuPath().stream().map(e -> e
				.getName()).collect(java.util.stream.Collectors.joining(">")));
			assertTrue(config.contains("\"" + info.getLabel() + "\""), "plugins.config misses " + info.getLabel());
		}
		assertEquals(16, n, "filter commands found");
	}
}
