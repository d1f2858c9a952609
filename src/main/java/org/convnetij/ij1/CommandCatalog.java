package org.convnetij.ij1;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.convnetij.util.UserInputException;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.event.EventService;
import org.scijava.plugin.DefaultPluginFinder;
import org.scijava.plugin.PluginIndex;
import org.scijava.service.Service;

/**
 * The ConvNet commands as SciJava knows them, for the entry points outside SciJava's own UI (ImageJ 1 menus and
 * macros, the launcher). One SciJava context per class loader, made on first use; its plugin index reads this
 * class's own class loader, which inside ImageJ 1 is the plugins class loader, not the thread's.
 */
public final class CommandCatalog {

	/** Every ConvNet command's menu path starts with this. */
	public static final String MENU_ROOT = "Plugins>ConvNet>";

	private static CommandCatalog shared;

	private final Context context;
	private final CommandService commandService;
	private final List<Object> statusListeners = new ArrayList<>();

	private CommandCatalog() {
		// StatusService carries the commands' progress; the entry points listen to its events
		final List<Class<? extends Service>> services = Arrays.asList(CommandService.class, ConvertService.class,
			StatusService.class, EventService.class);
		context = new Context(services, new PluginIndex(new DefaultPluginFinder(CommandCatalog.class
			.getClassLoader())), false);
		commandService = context.service(CommandService.class);
	}

	public static synchronized CommandCatalog shared() {
		if (shared == null) shared = new CommandCatalog();
		return shared;
	}

	public Context context() {
		return context;
	}

	public CommandService commandService() {
		return commandService;
	}

	/**
	 * Sends every status and progress report of the commands to {@code listener}; the listener is held here
	 * (SciJava keeps only weak references to subscribers).
	 */
	public synchronized void listenToStatus(final Object listener) {
		statusListeners.add(listener);
		context.service(EventService.class).subscribe(listener);
	}

	/** All ConvNet commands, by menu path (found once: the context's plugin index does not change). */
	public List<CommandInfo> all() {
		List<CommandInfo> list = commands;
		if (list == null) {
			final List<CommandInfo> found = new ArrayList<>();
			for (final CommandInfo info : commandService.getCommands()) {
				if (menuString(info).startsWith(MENU_ROOT)) found.add(info);
			}
			found.sort(Comparator.comparing(CommandCatalog::menuString));
			commands = list = List.copyOf(found);
		}
		return list;
	}

	private volatile List<CommandInfo> commands;

	/** The menu path as "Plugins>ConvNet>Filters>Convolve". */
	public static String menuString(final CommandInfo info) {
		if (info.getMenuPath() == null) return "";
		return info.getMenuPath().stream().map(e -> e.getName()).collect(Collectors.joining(">"));
	}

	/**
	 * Labels renamed because ImageJ 1 has a command of the same name (its binary "Median"), old label to new; the
	 * launcher still takes the old ones, and headless macros too where ImageJ has no command of that name.
	 */
	public static final Map<String, String> RENAMED = Map.of("Median", "Median Filter", "Minimum", "Minimum Filter",
		"Maximum", "Maximum Filter");

	/** The command with this label (the menu entry's name) or a renamed label, ignoring case. */
	public CommandInfo find(final String label) {
		final CommandInfo info = lookUp(label);
		if (info != null) return info;
		throw new UserInputException("unknown command '" + label + "': the commands are " + all().stream().map(
			CommandInfo::getLabel).collect(Collectors.joining(", ")));
	}

	/** The command with this label or a renamed label, ignoring case; null if there is none. */
	public CommandInfo lookUp(final String label) {
		final String wanted = label.trim();
		for (final Map.Entry<String, String> e : RENAMED.entrySet()) {
			if (e.getKey().equalsIgnoreCase(wanted)) return lookUp(e.getValue());
		}
		for (final CommandInfo info : all()) {
			if (info.getLabel().equalsIgnoreCase(wanted)) return info;
		}
		return null;
	}
}
