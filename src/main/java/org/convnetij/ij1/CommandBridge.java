package org.convnetij.ij1;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.convnetij.filter.Filters;
import org.convnetij.util.UserInputException;
import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Plot;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import ij.text.TextWindow;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Runs a ConvNet SciJava command from an ImageJ 1 menu entry or macro ({@code plugins.config} passes the command's
 * label as the argument). With macro options, the keys are the command's parameter names, checked strictly, and a
 * missing key takes the command's documented default. Without options, a dialog shows the defaults; ImageJ's
 * Macro Recorder records the dialog as {@code run("Convolve", "kernel=[...] padding=zero stride=1")}.
 */
public class CommandBridge implements PlugIn {

	/** Receives each failure message instead of an error dialog (the headless launcher sets it). */
	private static volatile Consumer<String> failureListener;

	public static void setFailureListener(final Consumer<String> listener) {
		failureListener = listener;
	}

	@Override
	public void run(final String label) {
		final CommandCatalog catalog = CommandCatalog.shared();
		ImageJStatus.install(catalog);
		DeviceCopies.install();
		DeviceCopies.dropClosed();
		// the engine's one-line notice (OpenCL off, and why) also in ImageJ's Log window when ImageJ has one
		Filters.setNoticeListener(notice -> {
			System.err.println(notice);
			if (IJ.getInstance() != null) IJ.log(notice);
		});
		final CommandInfo info;
		try {
			info = catalog.find(label);
		}
		catch (final UserInputException e) {
			fail("ConvNet", e.getMessage());
			return;
		}
		try {
			final ImagePlus active = WindowManager.getCurrentImage();
			final String options = Macro.getOptions();
			final Map<String, String> values;
			if (options != null) values = MacroOptions.parse(options);
			else if (GraphicsEnvironment.isHeadless()) values = new LinkedHashMap<>();
			else {
				values = showDialog(info);
				if (values == null) return; // canceled by the user
			}
			final List<ImagePlus> inputsUsed = new ArrayList<>();
			final Module module = CommandCall.run(catalog, info, values, List.of(), new CommandCall.ImageSource() {

				@Override
				public RandomAccessibleInterval<?> image(final String key, final String value) {
					return CommandBridge.image(info, key, value, active, inputsUsed);
				}

				@Override
				public RandomAccessibleInterval<?> activeImage() {
					if (active == null) return null;
					inputsUsed.add(0, active);
					return ImagePlusImages.wrap(active);
				}
			});
			showOutputs(info, module, inputsUsed.isEmpty() ? null : inputsUsed.get(0));
		}
		catch (final UserInputException e) {
			fail(info.getLabel(), e.getMessage());
		}
	}

	/** The main input is the given title or the active image; other images are chosen by title. */
	private static RandomAccessibleInterval<?> image(final CommandInfo info, final String key, final String title,
		final ImagePlus active, final List<ImagePlus> used)
	{
		final ImagePlus imp;
		if (title == null) {
			if (active == null) throw new UserInputException(info.getLabel() + " needs an image: open one first");
			imp = active;
		}
		else {
			if (title.equalsIgnoreCase("none") && !CommandCall.INPUT.equals(key)) return null;
			imp = WindowManager.getImage(title);
			if (imp == null) throw new UserInputException(key + ": no open image is titled '" + title + "'");
		}
		if (CommandCall.INPUT.equals(key) || CommandCall.IMAGE.equals(key)) used.add(0, imp);
		return ImagePlusImages.wrap(imp);
	}

	/** A dialog with the documented defaults; labels start with the key, so the recorder writes the keys. */
	private static Map<String, String> showDialog(final CommandInfo info) {
		final Map<String, Object> defaults = CommandCall.defaults(info);
		final GenericDialog gd = new GenericDialog(info.getLabel());
		final List<ModuleItem<?>> items = new ArrayList<>();
		for (final ModuleItem<?> item : CommandCall.inputs(info)) {
			final Class<?> type = item.getType();
			final Object value = defaults.get(item.getName());
			final String label = CommandCall.label(item);
			if (CommandCall.isImage(type)) {
				if (CommandCall.INPUT.equals(item.getName())) continue; // the active image
				final String[] choices = imageChoices(item.isRequired(), CommandCall.IMAGE.equals(item.getName()));
				// an optional image with no other image open to choose from stays unset (and unrecorded)
				if (!item.isRequired() && choices.length == 1 && choices[0].equals("none")) continue;
				gd.addChoice(label, choices, choices[0]);
			}
			else if (CommandCall.isBoolean(type)) gd.addCheckbox(label, Boolean.TRUE.equals(value));
			else if (item.getChoices() != null && !item.getChoices().isEmpty()) {
				gd.addChoice(label, item.getChoices().stream().map(Object::toString).toArray(String[]::new),
					String.valueOf(value));
			}
			else if (CommandCall.isNumber(type)) {
				final double v = value == null ? 0 : ((Number) value).doubleValue();
				gd.addNumericField(label, v, CommandCall.isWholeNumber(type) ? 0 : decimals(v));
			}
			else gd.addStringField(label, value == null ? "" : value.toString(), 30);
			items.add(item);
		}
		if (items.isEmpty()) return new LinkedHashMap<>(); // nothing to ask (OpenCL Info): no dialog
		if (info.getDescription() != null) gd.addMessage(info.getDescription());
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		final Map<String, String> values = new LinkedHashMap<>();
		for (final ModuleItem<?> item : items) {
			final Class<?> type = item.getType();
			final String text;
			if (CommandCall.isImage(type) || (item.getChoices() != null && !item.getChoices().isEmpty())) {
				text = gd.getNextChoice();
			}
			else if (CommandCall.isBoolean(type)) text = String.valueOf(gd.getNextBoolean());
			else if (CommandCall.isNumber(type)) {
				final double v = gd.getNextNumber();
				if (gd.invalidNumber()) throw new UserInputException(item.getName() + " must be a number");
				text = CommandCall.isWholeNumber(type) ? String.valueOf((long) v) : String.valueOf(v);
			}
			else text = gd.getNextString();
			values.put(item.getName(), text);
		}
		return values;
	}

	private static int decimals(final double v) {
		return v == Math.rint(v) ? 0 : 3;
	}

	/** Open images to choose from: the active one first for {@code image}, else only the others. */
	private static String[] imageChoices(final boolean required, final boolean activeFirst) {
		final List<String> titles = new ArrayList<>();
		final ImagePlus active = WindowManager.getCurrentImage();
		if (activeFirst && active != null) titles.add(active.getTitle());
		if (!required) titles.add("none");
		for (final String t : WindowManager.getImageTitles()) {
			if (active == null || !t.equals(active.getTitle())) titles.add(t);
		}
		return titles.toArray(new String[0]);
	}

	/** Images are shown (in batch mode: kept as the current image), text is shown in a window or logged. */
	private static void showOutputs(final CommandInfo info, final Module module, final ImagePlus source) {
		for (final ModuleItem<?> item : CommandCall.outputs(info)) {
			final Object value = module.getOutput(item.getName());
			if (value == null) continue;
			if (value instanceof Img) {
				@SuppressWarnings("unchecked")
				final Img<FloatType> img = (Img<FloatType>) value;
				final int stride = CommandCall.outputStride(module);
				final String title = (source == null ? "" : stripExtension(source.getTitle()) + "-") + info
					.getLabel().toLowerCase().replace(' ', '-');
				ImagePlusImages.toImagePlus(img, title, source, stride).show();
			}
			else if (value instanceof File && "history".equals(item.getName())) showHistory((File) value);
			else if (value instanceof String) {
				if (IJ.getInstance() == null || Interpreter.isBatchMode()) IJ.log((String) value);
				else new TextWindow(info.getLabel(), (String) value, 760, 480);
			}
			else IJ.log(info.getLabel() + " " + item.getName() + ": " + value);
		}
	}

	/** Training curves as an ImageJ Plot; in batch mode the plot becomes an image like any other result. */
	private static void showHistory(final File csv) {
		try {
			final Plot plot = TrainingPlot.of(csv);
			if (plot != null) plot.show();
		}
		catch (final IOException | NumberFormatException e) {
			IJ.log("cannot draw the training curves from " + csv + ": " + e.getMessage());
		}
	}

	static String stripExtension(final String title) {
		final int dot = title.lastIndexOf('.');
		return dot > 0 ? title.substring(0, dot) : title;
	}

	private static void fail(final String title, final String message) {
		final Consumer<String> listener = failureListener;
		if (listener != null) {
			listener.accept(message);
			// end the running macro quietly: the listener's owner reports the message
			final Interpreter interpreter = Interpreter.getInstance();
			if (interpreter != null) {
				interpreter.setIgnoreErrors(true);
				interpreter.abort(message);
			}
			return;
		}
		final Interpreter interpreter = Interpreter.getInstance();
		if (IJ.getInstance() == null && interpreter != null) {
			// a macro without ImageJ's window (ij.jar -batch): a dialog would wait for a click that never comes
			// the command's message may already start with its label
			System.err.println(message.startsWith(title + ":") ? message : title + ": " + message);
			interpreter.setIgnoreErrors(true);
			interpreter.abort(message);
			return;
		}
		IJ.error(title, message);
	}
}
