package org.convnetij.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.convnetij.ij1.CommandCall;
import org.convnetij.ij1.CommandCatalog;
import org.convnetij.ij1.ImagePlusImages;
import org.convnetij.testutil.TestImages;
import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;
import org.scijava.command.CommandInfo;
import org.scijava.module.ModuleItem;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;

/**
 * One vocabulary: every key of every ConvNet command (from its SciJava CommandInfo) is declared here once with one
 * meaning and the kinds of value it takes. The test fails when a command has a key not declared, when a key takes a
 * kind of value it does not take elsewhere (one key naming two things, as {@code size} once named a kernel size, an
 * input size and a window), when two declared keys have the same meaning (two keys naming one thing), or when a
 * former key is still a key somewhere.
 */
class KeyGlossaryTest {

	/** Kinds of value: a number, text, a file or folder path, an image, true/false. */
	enum Kind {
		NUMBER, TEXT, PATH, IMAGE, BOOLEAN
	}

	private record Entry(String meaning, Set<Kind> kinds) {}

	private static final Map<String, Entry> GLOSSARY = new LinkedHashMap<>();

	private static void key(final String key, final String meaning, final Kind... kinds) {
		GLOSSARY.put(key, new Entry(meaning, Set.of(kinds)));
	}

	static {
		// shared keys (README: "Keys shared by commands")
		key("input", "the images worked on: an image (the active image in macros, a file in the launcher), or in CNN " +
			"commands also an image file or a folder of images", Kind.IMAGE, Kind.TEXT, Kind.PATH);
		key("output", "where the result is written: an image file, a CSV file or a model folder", Kind.PATH, Kind.TEXT);
		key("overwrite", "whether an existing model folder at output may be replaced", Kind.BOOLEAN);
		key("model", "a model folder to read (convnet.json and weights)", Kind.PATH);
		key("data", "a labelled folder: one subfolder of images per class", Kind.PATH);
		key("validation", "held-out images: a fraction of data per class, a labelled folder, or 0 for none",
			Kind.TEXT);
		key("layer", "a layer (or tensor) of the model, by name or relative depth", Kind.TEXT);
		key("grid", "cells per side of the grid a layer's height and width are averaged over", Kind.NUMBER);
		key("padding", "how a convolution treats the image border", Kind.TEXT);
		key("stride", "pixels between successive window positions", Kind.NUMBER);
		key("window", "width and height in pixels of the square window slid over the image", Kind.NUMBER);
		key("seed", "the seed of everything random", Kind.NUMBER);
		key("epochs", "passes over the training images", Kind.NUMBER);
		key("rate", "the learning rate", Kind.NUMBER);
		key("patience", "epochs without a better validation loss before training stops; 0 = never", Kind.NUMBER);
		key("fliph", "augmentation: mirror left-right", Kind.BOOLEAN);
		key("flipv", "augmentation: mirror top-bottom", Kind.BOOLEAN);
		key("rotate90", "augmentation: quarter turns", Kind.BOOLEAN);
		key("architecture", "the network's architecture by name", Kind.TEXT);
		key("width", "the network's input width in pixels", Kind.NUMBER);
		key("height", "the network's input height in pixels", Kind.NUMBER);
		key("channels", "the network's input channels", Kind.NUMBER);
		key("normalization", "how pixel values are scaled before the network", Kind.TEXT);
		// the custom architecture: one key in the course's notation (its former keys are settings inside it)
		key("pattern", "custom architecture: the layers [[CONV-RELU]*N-POOL]*M-[FC-RELU]*K-FC and their settings",
			Kind.TEXT);
		// one command each
		key("classes", "Model Summary: the number of classes of the classifier", Kind.NUMBER);
		key("notop", "Model Summary: leave out the classifier", Kind.BOOLEAN);
		key("batch", "Train Classifier: images per training step", Kind.NUMBER);
		key("optimizer", "Train Classifier: the optimizer", Kind.TEXT);
		key("l2", "Train Classifier: weight decay on kernels", Kind.NUMBER);
		key("dropout", "Train Classifier: dropout rate before the classifier", Kind.NUMBER);
		key("crop", "augmentation: smallest crop fraction", Kind.NUMBER);
		key("rotate", "augmentation: largest rotation in degrees", Kind.NUMBER);
		key("translate", "augmentation: largest shift in pixels", Kind.NUMBER);
		key("colorshift", "augmentation: largest shift per channel", Kind.NUMBER);
		key("brightness", "augmentation: largest brightness change", Kind.NUMBER);
		key("contrast", "augmentation: largest contrast change", Kind.NUMBER);
		key("grayscale", "augmentation: probability of a gray copy", Kind.NUMBER);
		key("strategy", "Transfer Learning: features, finetune or auto", Kind.TEXT);
		key("freeze", "Transfer Learning: the last frozen layer, or a count", Kind.TEXT);
		key("source", "Import Model: the file or folder imported", Kind.PATH);
		key("inputsize", "Import Model: the imported network's input width and height", Kind.NUMBER);
		key("classnames", "Import Model: class names, comma-separated", Kind.TEXT);
		key("name", "Export Model: the model's name in the package", Kind.TEXT);
		key("description", "Export Model: the model's description in the package", Kind.TEXT);
		key("authors", "Export Model: the model's authors, comma-separated", Kind.TEXT);
		key("license", "Export Model: the SPDX identifier of the weights' license", Kind.TEXT);
		key("cite", "Export Model: a reference ending with its DOI or address", Kind.TEXT);
		key("tags", "Export Model: keywords, comma-separated", Kind.TEXT);
		key("image", "Classify: an open image chosen by title", Kind.IMAGE);
		key("kernel", "a convolution kernel written as numbers", Kind.TEXT);
		key("kernelimage", "a convolution kernel given as an image", Kind.IMAGE);
		key("kernels", "Conv Layer: a filter bank written as numbers", Kind.TEXT);
		key("bias", "Conv Layer: one bias per kernel", Kind.TEXT);
		key("relu", "Conv Layer: negative outputs to 0", Kind.BOOLEAN);
		key("normalize", "divide the kernel by its sum", Kind.BOOLEAN);
		key("radius", "the filter window's radius in pixels", Kind.NUMBER);
		key("sigma", "the Gaussian's standard deviation in pixels (X and Y)", Kind.NUMBER);
		key("sigmaz", "the Gaussian's standard deviation in slices (Z)", Kind.NUMBER);
		key("weight", "Unsharp Mask: the blurred copy's weight", Kind.NUMBER);
		key("direction", "Sobel: x, y or magnitude", Kind.TEXT);
		key("template", "Template Matching: the image searched for", Kind.IMAGE);
		key("device", "OpenCL Device: the device by index or name", Kind.TEXT);
	}

	/**
	 * Keys renamed or folded into another key (README changelog): still accepted from macros, no longer a key of any
	 * command.
	 */
	private static final Set<String> FORMER_KEYS = Set.of("size", "convs", "blocks", "dense", "filters", "kernelsize",
		"pool", "poolstride", "units");

	private static Kind kind(final ModuleItem<?> item) {
		final Class<?> t = item.getType();
		if (CommandCall.isImage(t)) return Kind.IMAGE;
		if (CommandCall.isBoolean(t)) return Kind.BOOLEAN;
		if (CommandCall.isNumber(t)) return Kind.NUMBER;
		if (t == File.class) return Kind.PATH;
		return Kind.TEXT;
	}

	@Test
	void everyKeyOfEveryCommandHasOneMeaning() {
		final List<String> problems = new ArrayList<>();
		final Map<String, List<String>> usedBy = new TreeMap<>();
		for (final CommandInfo info : CommandCatalog.shared().all()) {
			for (final ModuleItem<?> item : CommandCall.inputs(info)) {
				final String key = item.getName();
				usedBy.computeIfAbsent(key, k -> new ArrayList<>()).add(info.getLabel());
				final Entry entry = GLOSSARY.get(key);
				if (entry == null) problems.add(info.getLabel() + ": key '" + key + "' is not in the glossary");
				else if (!entry.kinds().contains(kind(item))) {
					problems.add(info.getLabel() + ": key '" + key + "' takes " + kind(item) + " but means '" + entry
						.meaning() + "' (" + entry.kinds() + ")");
				}
				if (FORMER_KEYS.contains(key)) problems.add(info.getLabel() + ": '" + key + "' is a former key");
				if (!CommandCall.label(item).startsWith(key)) {
					problems.add(info.getLabel() + ": the label of '" + key + "' does not start with its key");
				}
			}
			for (final String old : CommandCall.oldKeys(info).keySet()) {
				if (CommandCall.keys(info, List.of()).contains(old)) {
					problems.add(info.getLabel() + ": former key '" + old + "' is also one of its keys");
				}
			}
		}
		final Map<String, String> byMeaning = new HashMap<>();
		for (final Map.Entry<String, Entry> e : GLOSSARY.entrySet()) {
			final String other = byMeaning.put(e.getValue().meaning(), e.getKey());
			if (other != null) problems.add("keys '" + other + "' and '" + e.getKey() + "' name one thing");
			if (!usedBy.containsKey(e.getKey())) problems.add("glossary key '" + e.getKey() + "' is used by no command");
		}
		assertEquals(List.of(), problems, "keys and the commands that use them: " + usedBy);
	}

	@Test
	void theFormerSizeKeyStillWorksWhereItHadOneMeaning() {
		final Map<String, String> expected = Map.of("Max Pool", "window", "Average Pool", "window", "Probability Map",
			"window", "Import Model", "inputsize");
		for (final Map.Entry<String, String> e : expected.entrySet()) {
			final CommandInfo info = CommandCatalog.shared().find(e.getKey());
			assertEquals(e.getValue(), CommandCall.oldKeys(info).get("size"), e.getKey());
			assertEquals(Map.of(e.getValue(), "3"), CommandCall.withCurrentKeys(info, Map.of("size", "3")));
		}
		// the custom architecture's kernel size (kernelsize, once size) is now a setting of pattern
		for (final String label : List.of("Model Summary", "Train Classifier")) {
			final CommandInfo info = CommandCatalog.shared().find(label);
			assertEquals("pattern", CommandCall.oldParts(info).get("size"), label);
			assertEquals(Map.of("pattern", "size=3"), CommandCall.withCurrentKeys(info, Map.of("size", "3")));
			assertEquals(3, org.convnetij.nn.ConvPattern.parse(CommandCall.withCurrentKeys(info, Map.of("size", "3"))
				.get("pattern")).size());
		}
		assertEquals("classnames", CommandCall.oldKeys(CommandCatalog.shared().find("Import Model")).get("classes"));
		assertTrue(CommandCall.oldKeys(CommandCatalog.shared().find("Mean")).isEmpty());
	}

	@Test
	void bothFormsGiveTheSameResultAndBothAtOnceAreRefused() {
		final CommandInfo info = CommandCatalog.shared().find("Max Pool");
		final Object img = ImagePlusImages.wrapReal(TestImages.open("cell.png"));
		final CommandCall.ImageSource images = (k, v) -> (RandomAccessibleInterval<?>) img;
		final Img<?> old = (Img<?>) CommandCall.run(CommandCatalog.shared(), info, Map.of("size", "3", "stride", "3"),
			List.of(), images).getOutput("output");
		final Img<?> now = (Img<?>) CommandCall.run(CommandCatalog.shared(), info, Map.of("window", "3", "stride", "3"),
			List.of(), images).getOutput("output");
		assertEquals((550 - 3) / 3 + 1, now.dimension(0));
		assertEquals(now.dimension(0), old.dimension(0));
		assertEquals(now.dimension(1), old.dimension(1));
		assertEquals("size is the former name of window in Max Pool: give window only", assertThrows(
			UserInputException.class, () -> CommandCall.run(CommandCatalog.shared(), info, Map.of("size", "3", "window",
				"3"), List.of(), images)).getMessage());
	}
}
