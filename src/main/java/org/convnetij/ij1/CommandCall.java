package org.convnetij.ij1;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.convnetij.command.StridedOutput;
import org.convnetij.nn.ModelSpec;
import org.convnetij.util.UserInputException;
import org.scijava.ItemIO;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.convert.ConvertService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;

import net.imglib2.RandomAccessibleInterval;

/**
 * Runs a ConvNet command from text keys and values, as macros and the launcher give them: every key checked
 * against the command's parameters, every value parsed strictly, every input set explicitly (a key not given gets
 * the command's documented default, never a value remembered from an earlier run).
 */
public final class CommandCall {

	/** The key of the main image input, filled from the active image or the launcher's input file. */
	public static final String INPUT = "input";

	/**
	 * The key of an optional image that, when neither it nor {@link #INPUT} is given, is the active image where
	 * there is one (Classify: a folder or file as {@code input}, else the open image).
	 */
	public static final String IMAGE = "image";

	/** The key of a model folder. */
	public static final String MODEL = "model";

	/** Finds images for image-valued keys: the main input (value may be null) or another image by name. */
	public interface ImageSource {
		RandomAccessibleInterval<?> image(String key, String value);

		/** The active image, or null where there is none (the launcher has none). */
		default RandomAccessibleInterval<?> activeImage() {
			return null;
		}
	}

	private CommandCall() {}

	/** The parameters a user sets, in declaration order (services and outputs left out). */
	public static List<ModuleItem<?>> inputs(final CommandInfo info) {
		final List<ModuleItem<?>> items = new ArrayList<>();
		for (final String name : signature(info).types.keySet()) items.add(info.getInput(name));
		return items;
	}

	/**
	 * Each command's user parameters and their types, worked out once per command: SciJava finds a parameter's type
	 * by generic reflection on every call, and a call checks its keys and values against them about ten times.
	 * Weak keys, and values that do not refer to them: a command of a catalog made again (Refresh Menus) goes.
	 */
	private static final Map<CommandInfo, Signature> SIGNATURES = new java.util.WeakHashMap<>();

	private static Signature signature(final CommandInfo info) {
		synchronized (SIGNATURES) {
			return SIGNATURES.computeIfAbsent(info, Signature::new);
		}
	}

	private static final class Signature {
		/** Names in declaration order, with their types. */
		final Map<String, Class<?>> types = new LinkedHashMap<>();

		Signature(final CommandInfo info) {
			for (final ModuleItem<?> item : info.inputs()) {
				final Class<?> type = item.getType();
				if (item.getIOType() == ItemIO.INPUT && isUserValue(type)) types.put(item.getName(), type);
			}
		}
	}

	/** The type of one of the command's user parameters ({@link #inputs}). */
	static Class<?> type(final CommandInfo info, final ModuleItem<?> item) {
		final Class<?> type = signature(info).types.get(item.getName());
		return type != null ? type : item.getType();
	}

	/** The outputs of a command, in declaration order. */
	public static List<ModuleItem<?>> outputs(final CommandInfo info) {
		final List<ModuleItem<?>> items = new ArrayList<>();
		for (final ModuleItem<?> item : info.outputs()) items.add(item);
		return items;
	}

	private static boolean isUserValue(final Class<?> type) {
		return isImage(type) || type == String.class || type == File.class || isBoolean(type) || isNumber(type);
	}

	public static boolean isImage(final Class<?> type) {
		return RandomAccessibleInterval.class.isAssignableFrom(type);
	}

	public static boolean isBoolean(final Class<?> type) {
		return type == boolean.class || type == Boolean.class;
	}

	public static boolean isNumber(final Class<?> type) {
		return type == int.class || type == Integer.class || type == long.class || type == Long.class ||
			type == double.class || type == Double.class || type == float.class || type == Float.class;
	}

	public static boolean isWholeNumber(final Class<?> type) {
		return type == int.class || type == Integer.class || type == long.class || type == Long.class;
	}

	/** The documented defaults: the values a fresh command instance starts with. */
	public static Map<String, Object> defaults(final CommandInfo info) {
		final Module fresh;
		try {
			fresh = info.createModule();
		}
		catch (final Exception e) {
			throw new IllegalStateException("cannot create command " + info.getLabel(), e);
		}
		final Map<String, Object> values = new LinkedHashMap<>();
		for (final ModuleItem<?> item : inputs(info)) values.put(item.getName(), fresh.getInput(item.getName()));
		return values;
	}

	/** The keys a user may give, in declaration order (plus {@code extraKeys}, e.g. the launcher's output). */
	public static List<String> keys(final CommandInfo info, final List<String> extraKeys) {
		final List<String> keys = inputs(info).stream().map(ModuleItem::getName).collect(Collectors.toList());
		keys.addAll(extraKeys);
		return keys;
	}

	/** The attribute of a parameter that names its former key ({@code @Attr(name = "oldkey", value = "size")}). */
	public static final String OLD_KEY = "oldkey";

	/** Former keys that macros may still use, mapped to the current keys (Max Pool: size -> window). */
	public static Map<String, String> oldKeys(final CommandInfo info) {
		final Map<String, String> old = new LinkedHashMap<>();
		for (final ModuleItem<?> item : inputs(info)) {
			final String former = item.get(OLD_KEY);
			if (former != null && !former.isEmpty()) old.put(former, item.getName());
		}
		return old;
	}

	/**
	 * The attribute of a parameter whose value now holds former keys as {@code key=value} settings (Train
	 * Classifier's {@code pattern}: {@code @Attr(name = "oldparts", value = "convs,blocks,...")}).
	 */
	public static final String OLD_PARTS = "oldparts";

	/** Former keys that now are settings inside another key's value, mapped to that key (filters -> pattern). */
	public static Map<String, String> oldParts(final CommandInfo info) {
		final Map<String, String> parts = new LinkedHashMap<>();
		final List<String> keys = keys(info, List.of());
		for (final ModuleItem<?> item : inputs(info)) {
			final String former = item.get(OLD_PARTS);
			if (former == null || former.isEmpty()) continue;
			for (final String part : former.split(",")) {
				if (!keys.contains(part.strip())) parts.put(part.strip(), item.getName());
			}
		}
		return parts;
	}

	/**
	 * The values with former keys renamed to the current ones, and former keys that are now settings appended to
	 * their key's value ({@code filters=8,16} becomes {@code pattern=<given pattern> filters=8,16}); a key and its
	 * former name at once are refused.
	 */
	public static Map<String, String> withCurrentKeys(final CommandInfo info, final Map<String, String> given) {
		return withParts(info, renamed(info, given));
	}

	private static Map<String, String> renamed(final CommandInfo info, final Map<String, String> given) {
		final Map<String, String> old = oldKeys(info);
		if (old.isEmpty() || given.keySet().stream().noneMatch(old::containsKey)) return given;
		final Map<String, String> renamed = new LinkedHashMap<>();
		for (final Map.Entry<String, String> e : given.entrySet()) {
			final String key = old.getOrDefault(e.getKey(), e.getKey());
			if (renamed.containsKey(key) || !key.equals(e.getKey()) && given.containsKey(key)) {
				throw new UserInputException(e.getKey() + " is the former name of " + key + " in " + info.getLabel() +
					": give " + key + " only");
			}
			renamed.put(key, e.getValue());
		}
		return renamed;
	}

	private static Map<String, String> withParts(final CommandInfo info, final Map<String, String> given) {
		final Map<String, String> parts = oldParts(info);
		if (parts.isEmpty() || given.keySet().stream().noneMatch(parts::containsKey)) return given;
		final Map<String, String> folded = new LinkedHashMap<>();
		for (final Map.Entry<String, String> e : given.entrySet()) {
			final String key = parts.get(e.getKey());
			if (key == null) {
				folded.merge(e.getKey(), e.getValue(), (settings, value) -> value.strip() + " " + settings);
				continue;
			}
			final String setting = e.getKey() + "=" + e.getValue().strip();
			folded.merge(key, setting, (before, s) -> before.strip() + " " + s);
		}
		return folded;
	}

	/** Rejects keys the command does not have, naming those it has (former keys are accepted). */
	public static void checkKeys(final CommandInfo info, final Map<String, String> given,
		final List<String> extraKeys)
	{
		final List<String> keys = keys(info, extraKeys);
		for (final String key : withCurrentKeys(info, given).keySet()) {
			if (!keys.contains(key)) {
				throw new UserInputException("unknown key '" + key + "' for " + info.getLabel() + ": its keys are " +
					String.join(", ", keys));
			}
		}
	}

	/**
	 * Runs the command with these text values and returns the finished module (outputs via {@code getOutput}).
	 *
	 * @throws UserInputException for a bad key or value, or when the command cancels with a message
	 */
	public static Module run(final CommandCatalog catalog, final CommandInfo info, Map<String, String> given,
		final List<String> extraKeys, final ImageSource images)
	{
		checkKeys(info, given, extraKeys);
		given = withCurrentKeys(info, given);
		// On the calling thread (the macro's, the launcher's), without pre- and postprocessors: SciJava's module runner
		// would hand it to another thread and publish four events per call, about 1 ms of a 2048 x 2048 filter's 13.
		final CommandModule module = (CommandModule) catalog.context().service(ModuleService.class).createModule(info);
		final Map<String, Object> values = new LinkedHashMap<>(); // the command's own defaults, then the given values
		for (final ModuleItem<?> item : inputs(info)) values.put(item.getName(), module.getInput(item.getName()));
		for (final ModuleItem<?> item : inputs(info)) {
			final String name = item.getName();
			final String text = given.get(name);
			if (isImage(type(info, item))) {
				if (text == null && IMAGE.equals(name) && !given.containsKey(INPUT)) {
					values.put(name, images.activeImage());
					continue;
				}
				if (text == null && !INPUT.equals(name)) {
					values.put(name, null);
					continue;
				}
				values.put(name, images.image(name, text));
				continue;
			}
			if (text != null) values.put(name, parse(info, item, text));
		}
		final ConvertService convert = catalog.context().service(ConvertService.class);
		for (final Map.Entry<String, Object> e : values.entrySet()) {
			final ModuleItem<?> item = info.getInput(e.getKey());
			if (item == null) continue;
			module.setInput(e.getKey(), converted(convert, e.getValue(), type(info, item)));
			module.resolveInput(e.getKey());
		}
		module.run();
		if (module.isCanceled()) {
			final String reason = module.getCancelReason();
			throw new UserInputException(info.getLabel() + ": " + (reason == null ? "canceled" : reason));
		}
		return module;
	}

	/**
	 * The value as the parameter's type, as SciJava's module service converts it; a value that already is of that
	 * type (or its boxed form) is used as it is, without a search through every converter (0.4 ms of a call).
	 */
	private static Object converted(final ConvertService convert, final Object value, final Class<?> type) {
		if (value != null && org.scijava.util.Types.box(type).isInstance(value)) return value;
		return convert.convert(value, type);
	}

	/** Parses one value strictly for its parameter's type, choices and minimum. */
	public static Object parse(final CommandInfo info, final ModuleItem<?> item, final String text) {
		final Class<?> type = type(info, item);
		final String name = item.getName();
		final String t = text.trim();
		if (isBoolean(type)) {
			if (t.equalsIgnoreCase("true")) return true;
			if (t.equalsIgnoreCase("false")) return false;
			throw new UserInputException(name + " must be true or false, not '" + text + "'");
		}
		if (isNumber(type)) {
			final double v;
			try {
				if (isWholeNumber(type)) v = Long.parseLong(t);
				else v = Double.parseDouble(t);
			}
			catch (final NumberFormatException e) {
				throw new UserInputException(name + " must be " + (isWholeNumber(type) ? "a whole number" :
					"a number") + ", not '" + text + "'");
			}
			checkRange(item, name, v);
			if (type == int.class || type == Integer.class) {
				if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) throw new UserInputException(name +
					" is too large: " + text);
				return (int) v;
			}
			if (type == long.class || type == Long.class) return (long) v;
			if (type == float.class || type == Float.class) return (float) v;
			return v;
		}
		if (type == File.class) return file(name, t);
		final List<?> choices = item.getChoices();
		if (choices != null && !choices.isEmpty()) {
			for (final Object c : choices) {
				if (c.toString().equalsIgnoreCase(t)) return c.toString();
			}
			throw new UserInputException(name + " must be one of " + choices.stream().map(Object::toString).collect(
				Collectors.joining(", ")) + ", not '" + text + "'");
		}
		return text;
	}

	/** A path; {@code model=.../convnet.json} means the model folder that holds it. */
	private static File file(final String key, final String text) {
		final File f = new File(text);
		if (MODEL.equals(key) && f.isFile() && f.getName().equals(ModelSpec.FILE_NAME)) {
			return f.getAbsoluteFile().getParentFile();
		}
		return f;
	}

	private static void checkRange(final ModuleItem<?> item, final String name, final double v) {
		final Object min = item.getMinimumValue();
		if (min instanceof Number && v < ((Number) min).doubleValue()) {
			throw new UserInputException(name + " must be " + format(((Number) min).doubleValue()) +
				" or more, not " + format(v));
		}
		final Object max = item.getMaximumValue();
		if (max instanceof Number && v > ((Number) max).doubleValue()) {
			throw new UserInputException(name + " must be " + format(((Number) max).doubleValue()) +
				" or less, not " + format(v));
		}
	}

	private static String format(final double v) {
		return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
	}

	/** How many input pixels apart the output pixels of a finished command are (1 unless it strides). */
	public static int outputStride(final Module module) {
		final Object command = module instanceof CommandModule ? ((CommandModule) module).getCommand() : null;
		return command instanceof StridedOutput ? ((StridedOutput) command).outputStride() : 1;
	}

	/** "kernel (rows separated by ;)" for the parameter, or its name when it has no label. */
	public static String label(final ModuleItem<?> item) {
		final String label = item.getLabel();
		return label == null || label.isEmpty() ? item.getName() : label;
	}
}
