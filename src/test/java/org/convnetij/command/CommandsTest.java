package org.convnetij.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.convnetij.filter.Filters;
import org.convnetij.filter.Kernel;
import org.convnetij.filter.Padding;
import org.convnetij.ij1.CommandCall;
import org.convnetij.ij1.CommandCatalog;
import org.convnetij.ij1.ImagePlusImages;
import org.convnetij.image.Planes;
import org.convnetij.testutil.TestImages;
import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/** The SciJava commands, run headless through CommandService as Fiji and scripts run them. */
class CommandsTest {

	private static final CommandCatalog CATALOG = CommandCatalog.shared();

	private static CommandModule run(final String label, final Map<String, Object> inputs) throws Exception {
		final CommandService commands = CATALOG.commandService();
		final CommandInfo info = CATALOG.find(label);
		return commands.run(info, false, inputs).get();
	}

	@Test
	void convolveCommandGivesTheCoreResult() throws Exception {
		final RandomAccessibleInterval<UnsignedByteType> cell = ImagePlusImages.wrapReal(TestImages.open(
			"cell.png"));
		final Map<String, Object> in = new HashMap<>();
		in.put("input", cell);
		in.put("kernel", "1 2 1; 2 4 2; 1 2 1");
		in.put("normalize", true);
		in.put("padding", "mirror");
		in.put("stride", 2);
		final CommandModule module = run("Convolve", in);
		assertTrue(!module.isCanceled(), () -> module.getCancelReason());
		@SuppressWarnings("unchecked")
		final Img<FloatType> out = (Img<FloatType>) module.getOutput("output");
		final Img<FloatType> expected = Filters.convolve(cell, Kernel.parse("1 2 1; 2 4 2; 1 2 1").normalized(),
			Padding.MIRROR, 2);
		assertArrayEquals(new long[] { 275, 330 }, out.dimensionsAsLongArray());
		assertArrayEquals(Planes.floatsOf(expected, 0), Planes.floatsOf(out, 0));
	}

	@Test
	void badValuesCancelWithTheCoresMessage() throws Exception {
		final Map<String, Object> in = new HashMap<>();
		in.put("input", ImagePlusImages.wrapReal(TestImages.open("microaneurysms.png")));
		in.put("kernel", "1 1 1; 1 1");
		final CommandModule module = run("Convolve", in);
		assertTrue(module.isCanceled());
		assertEquals("kernel rows have different lengths: 3, 2", module.getCancelReason());
	}

	@Test
	void meanFromTextKeysUsesDocumentedDefaultsForMissingKeys() {
		final RandomAccessibleInterval<UnsignedByteType> img = ImagePlusImages.wrapReal(TestImages.open(
			"microaneurysms.png"));
		final CommandInfo info = CATALOG.find("Mean");
		// run once with non-default values, then without keys: the defaults (radius 1, zero, stride 1) apply
		CommandCall.run(CATALOG, info, Map.of("radius", "3", "stride", "2", "padding", "clamp"), List.of(), (k,
			v) -> img);
		final CommandModule again = (CommandModule) CommandCall.run(CATALOG, info, Map.of(), List.of(), (k,
			v) -> img);
		@SuppressWarnings("unchecked")
		final Img<FloatType> out = (Img<FloatType>) again.getOutput("output");
		assertArrayEquals(Planes.floatsOf(Filters.mean(img, 1, Padding.ZERO, 1), 0), Planes.floatsOf(out, 0));
	}

	@Test
	void textValuesAreParsedStrictly() {
		final CommandInfo info = CATALOG.find("Mean");
		final Object img = ImagePlusImages.wrapReal(TestImages.open("microaneurysms.png"));
		final CommandCall.ImageSource images = (k, v) -> (RandomAccessibleInterval<?>) img;
		assertEquals("stride must be a whole number, not 'abc'", assertThrows(UserInputException.class,
			() -> CommandCall.run(CATALOG, info, Map.of("stride", "abc"), List.of(), images)).getMessage());
		assertEquals("stride must be 1 or more, not 0", assertThrows(UserInputException.class, () -> CommandCall
			.run(CATALOG, info, Map.of("stride", "0"), List.of(), images)).getMessage());
		assertEquals("padding must be one of none, zero, mirror, clamp, not 'wrap'", assertThrows(
			UserInputException.class, () -> CommandCall.run(CATALOG, info, Map.of("padding", "wrap"), List.of(),
				images)).getMessage());
		assertEquals("unknown key 'size' for Mean: its keys are input, radius, padding, stride", assertThrows(
			UserInputException.class, () -> CommandCall.run(CATALOG, info, Map.of("size", "3"), List.of(), images))
				.getMessage());
	}

	@Test
	void everyCommandIsInPluginsConfigAndViceVersa() throws Exception {
		final String config = new String(Files.readAllBytes(Path.of("src/main/resources/plugins.config")),
			StandardCharsets.UTF_8);
		final Matcher m = Pattern.compile("^Plugins>ConvNet(>[^,]*)?, \"([^\"]+)\", org\\.convnetij\\.ij1\\." +
			"CommandBridge\\(\"([^\"]+)\"\\)$", Pattern.MULTILINE).matcher(config);
		final Set<String> configured = new TreeSet<>();
		while (m.find()) {
			assertEquals(m.group(2), m.group(3), "menu label and bridge argument differ");
			configured.add("Plugins>ConvNet" + (m.group(1) == null ? "" : m.group(1)) + ">" + m.group(2));
		}
		final Set<String> commands = CATALOG.all().stream().map(CommandCatalog::menuString).collect(Collectors
			.toCollection(TreeSet::new));
		assertEquals(commands, configured);
	}

	@Test
	void everyKeyIsOneLowercaseWordThatStartsItsLabel() {
		for (final CommandInfo info : CATALOG.all()) {
			for (final var item : CommandCall.inputs(info)) {
				assertTrue(item.getName().matches("[a-z][a-z0-9]*"), info.getLabel() + ": key " + item.getName());
				if (!CommandCall.isImage(item.getType()) || !item.getName().equals("input")) {
					assertTrue(CommandCall.label(item).startsWith(item.getName()), info.getLabel() + ": label '" +
						CommandCall.label(item) + "' must start with its key " + item.getName());
				}
				if (CommandCall.isBoolean(item.getType())) {
					assertEquals(false, CommandCall.defaults(info).get(item.getName()), info.getLabel() + ": " + item
						.getName() + " must default to false (a macro without the key means false)");
				}
			}
		}
	}
}
