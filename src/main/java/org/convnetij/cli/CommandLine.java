package org.convnetij.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.convnetij.ij1.CommandCall;
import org.convnetij.ij1.CommandCatalog;
import org.convnetij.ij1.ImagePlusImages;
import org.convnetij.util.UserInputException;
import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;

import ij.ImagePlus;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Runs one command from launcher arguments: {@code Convolve input=cell.tif kernel="1 1 1; 1 1 1; 1 1 1"
 * padding=mirror output=out.tif}. Image keys take file paths; {@code output} names the file for the image result
 * (text results go to standard output, or to {@code output} when the command has no image result).
 */
final class CommandLine {

	static final String OUTPUT = "output";

	private CommandLine() {}

	static Map<String, String> parseKeyValues(final List<String> args) {
		final Map<String, String> values = new LinkedHashMap<>();
		for (final String arg : args) {
			final int eq = arg.indexOf('=');
			if (eq <= 0) {
				throw new UserInputException("expected key=value, not '" + arg + "' (booleans: key=true or key=false)");
			}
			final String key = arg.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT);
			if (values.containsKey(key)) throw new UserInputException("key '" + key + "' is given twice");
			values.put(key, arg.substring(eq + 1));
		}
		return values;
	}

	static void run(final String label, final List<String> args, final PrintStream out) {
		final CommandCatalog catalog = CommandCatalog.shared();
		if (catalog.lookUp(label) == null) suggestQuotes(catalog, label, args);
		final CommandInfo info = catalog.find(label);
		ConsoleStatus.install(catalog, System.err);
		final Map<String, String> values = parseKeyValues(args);
		final boolean hasImageOutput = CommandCall.outputs(info).stream().anyMatch(o -> CommandCall.isImage(o
			.getType()));
		final boolean imageOutputKey = CommandCall.inputs(info).stream().noneMatch(i -> i.getName().equals(OUTPUT));
		final List<String> extra = imageOutputKey ? List.of(OUTPUT) : List.of();
		CommandCall.checkKeys(info, values, extra);
		final boolean hasImageInput = CommandCall.inputs(info).stream().anyMatch(i -> i.getName().equals(
			CommandCall.INPUT) && CommandCall.isImage(i.getType()));
		if (hasImageInput && !values.containsKey(CommandCall.INPUT)) {
			throw new UserInputException(info.getLabel() + " needs input=<image file>");
		}
		final String output = imageOutputKey ? values.remove(OUTPUT) : null;
		// output is optional where the image result is (required = false: Evaluate Model prints its table and
		// writes the confusion matrix image only when output names a file)
		final boolean imageNeeded = CommandCall.outputs(info).stream().anyMatch(o -> CommandCall.isImage(o.getType()) &&
			o.isRequired());
		if (imageNeeded && output == null) {
			throw new UserInputException(info.getLabel() + " needs output=<file.tif> for its result");
		}
		if (output != null && hasImageOutput) ImageFiles.checkWritable(output);

		final List<ImagePlus> opened = new ArrayList<>();
		final Interruption interruption = Interruption.watch(info.getLabel(), output != null ? output : values.get(
			OUTPUT), System.err);
		try {
			final Module module = CommandCall.run(catalog, info, values, List.of(), (key, path) -> {
				if (path == null) throw new UserInputException(info.getLabel() + " needs " + key + "=<image file>");
				final ImagePlus imp = ImageFiles.open(path, key);
				if (CommandCall.INPUT.equals(key)) opened.add(0, imp);
				return ImagePlusImages.wrap(imp);
			});
			writeOutputs(info, module, opened.isEmpty() ? null : opened.get(0), output, out);
		}
		finally {
			interruption.done();
		}
	}

	/** {@code Gaussian Blur sigma=2} unquoted: the words before the first key may form a label. */
	private static void suggestQuotes(final CommandCatalog catalog, final String first, final List<String> args) {
		final StringBuilder label = new StringBuilder(first);
		for (final String word : args) {
			if (word.contains("=")) break;
			label.append(' ').append(word);
			final CommandInfo info = catalog.lookUp(label.toString());
			if (info != null) {
				throw new UserInputException("unknown command '" + first + "': quote a label with spaces, as in " +
					"./convnet \"" + info.getLabel() + "\" key=value ...");
			}
		}
	}

	private static void writeOutputs(final CommandInfo info, final Module module, final ImagePlus source,
		final String output, final PrintStream out)
	{
		// output names the image file where there is an image result; text results then go to standard output
		final boolean hasImage = CommandCall.outputs(info).stream().anyMatch(o -> CommandCall.isImage(o.getType()));
		for (final ModuleItem<?> item : CommandCall.outputs(info)) {
			final Object value = module.getOutput(item.getName());
			if (value == null) continue;
			if (value instanceof Img) {
				if (output == null) continue; // printed as text too; the image only where output names a file
				@SuppressWarnings("unchecked")
				final Img<FloatType> img = (Img<FloatType>) value;
				final int stride = CommandCall.outputStride(module);
				final ImagePlus imp = ImagePlusImages.toImagePlus(img, new java.io.File(output).getName(), source,
					stride);
				ImageFiles.save(imp, output);
				out.println(info.getLabel() + ": wrote " + output + " (" + describeWritten(imp, output) + ")");
			}
			else if (output != null && !hasImage && value instanceof String) {
				TextFiles.write(output, (String) value);
				out.println(info.getLabel() + ": wrote " + output);
			}
			else out.println(value);
		}
	}

	/**
	 * What the file holds, read back: a PNG or JPEG of a 32-bit result is 8-bit (scaled by the display range), and
	 * of a stack only one plane; said so, with the way to keep the numbers.
	 */
	static String describeWritten(final ImagePlus result, final String path) {
		final ImagePlus written = ij.IJ.openImage(new java.io.File(path).getAbsolutePath());
		if (written == null) return describe(result);
		final StringBuilder sb = new StringBuilder(describe(written));
		final int planes = result.getStackSize();
		if (written.getBitDepth() != result.getBitDepth()) {
			sb.append(String.format(java.util.Locale.ROOT, "; the %d-bit result scaled to %d-bit by its display range " +
				"%.4g..%.4g", result.getBitDepth(), written.getBitDepth(), result.getDisplayRangeMin(), result
					.getDisplayRangeMax()));
		}
		if (written.getStackSize() < planes) sb.append("; ").append(written.getStackSize()).append(" of ").append(
			planes).append(" planes");
		if (written.getBitDepth() != result.getBitDepth() || written.getStackSize() < planes) {
			sb.append(": use .tif to keep the numbers");
		}
		return sb.toString();
	}

	static String describe(final ImagePlus imp) {
		final StringBuilder sb = new StringBuilder();
		sb.append(imp.getWidth()).append(" x ").append(imp.getHeight());
		if (imp.getNChannels() > 1) sb.append(" x ").append(imp.getNChannels()).append(" channels");
		if (imp.getNSlices() > 1) sb.append(" x ").append(imp.getNSlices()).append(" slices");
		if (imp.getNFrames() > 1) sb.append(" x ").append(imp.getNFrames()).append(" frames");
		sb.append(", ").append(imp.getBitDepth()).append("-bit");
		return sb.toString();
	}

	/** Labels and keys of every command, with defaults, for {@code --list}. */
	static void list(final PrintStream out) {
		final CommandCatalog catalog = CommandCatalog.shared();
		for (final CommandInfo info : catalog.all()) {
			out.println(info.getLabel() + "    (" + CommandCatalog.menuString(info) + ")");
			if (info.getDescription() != null) out.println("  " + info.getDescription());
			final Map<String, Object> defaults = CommandCall.defaults(info);
			for (final ModuleItem<?> item : CommandCall.inputs(info)) {
				final Object d = defaults.get(item.getName());
				final StringBuilder key = new StringBuilder(item.getName());
				if (CommandCall.isImage(item.getType())) key.append("=<image file>");
				else if (d != null && !d.toString().isEmpty()) key.append("=").append(d);
				else key.append(item.isRequired() ? "=<required>" : "=");
				out.println(String.format("    %-34s %s", key, explanation(item)));
			}
			if (CommandCall.outputs(info).stream().anyMatch(o -> CommandCall.isImage(o.getType())) && CommandCall
				.inputs(info).stream().noneMatch(i -> i.getName().equals(OUTPUT)))
			{
				final boolean optional = CommandCall.outputs(info).stream().noneMatch(o -> CommandCall.isImage(o
					.getType()) && o.isRequired());
				out.println(String.format("    %-34s %s", "output=<file>", (optional ? "optional: " : "") +
					"result image (.tif, .png or .jpg)"));
			}
		}
	}

	/** The label without its leading key, plus the choices: "rows separated by ;", "one of none|zero|...". */
	private static String explanation(final ModuleItem<?> item) {
		String text = CommandCall.label(item);
		if (text.startsWith(item.getName())) text = text.substring(item.getName().length()).trim();
		if (text.startsWith("(") && text.endsWith(")")) text = text.substring(1, text.length() - 1);
		if (item.getChoices() != null && !item.getChoices().isEmpty()) {
			text = (text.isEmpty() ? "" : text + "; ") + "one of " + String.join("|", item.getChoices().stream().map(
				Object::toString).toArray(String[]::new));
		}
		return text;
	}
}
