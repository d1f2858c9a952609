package org.convnetij.it;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Hashtable;

import ij.ImageJ;
import ij.Menus;
import ij.Prefs;

/**
 * Run in a child JVM with a display: builds ImageJ 1's menu bar as ImageJ does at start, for the ImageJ folder
 * given as the argument, and prints the error ImageJ would show in a dialog ("ERROR:" line) and every command
 * of its command table ("COMMAND:" lines).
 */
public final class ImageJMenus {

	private ImageJMenus() {}

	public static void main(final String[] args) throws Exception {
		System.setProperty("plugins.dir", args[0]);
		Prefs.load(new ImageJMenus(), null); // an object of this class loader: IJ_Props.txt is read from ij.jar
		final Constructor<Menus> menus = Menus.class.getDeclaredConstructor(ImageJ.class, java.applet.Applet.class);
		menus.setAccessible(true);
		final Method addMenuBar = Menus.class.getDeclaredMethod("addMenuBar");
		addMenuBar.setAccessible(true);
		final Object error = addMenuBar.invoke(menus.newInstance(null, null));
		System.out.println("ERROR:" + (error == null ? "" : error.toString().replace('\n', '|')));
		final Hashtable<String, String> table = Menus.getCommands();
		for (final String command : table.keySet()) System.out.println("COMMAND:" + command);
		System.exit(0);
	}
}
