package org.convnetij.ij1;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.convnetij.filter.Filters;

import ij.ImageListener;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;

/**
 * Gives back the device copies that the filters keep of an image's planes (for chains of filters on one image) when
 * the image is closed, rather than when its pixels are collected: a window's image as it closes (ImageJ tells its
 * listeners), a batch-mode image (ImageJ tells no one) at the next ConvNet command.
 */
final class DeviceCopies implements ImageListener {

	private static final AtomicBoolean INSTALLED = new AtomicBoolean();

	private DeviceCopies() {}

	/** Listens to ImageJ's images from now on (once per JVM). */
	static void install() {
		if (INSTALLED.compareAndSet(false, true)) ImagePlus.addImageListener(new DeviceCopies());
	}

	/** Gives back the copies of every array that no open image holds (batch-mode images close silently). */
	static void dropClosed() {
		final Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());
		final int[] ids = WindowManager.getIDList();
		if (ids != null) {
			for (final int id : ids) {
				final ImagePlus imp = WindowManager.getImage(id);
				if (imp == null) continue;
				final ImageStack stack = imp.getStack();
				for (int i = 1; i <= stack.getSize(); i++) open.add(stack.getPixels(i));
			}
		}
		Filters.keepOnly(open::contains);
	}

	@Override
	public void imageClosed(final ImagePlus imp) {
		try {
			final ImageStack stack = imp.getStack();
			for (int i = 1; i <= stack.getSize(); i++) {
				final Object pixels = stack.getPixels(i);
				if (pixels instanceof float[]) Filters.forget((float[]) pixels);
			}
		}
		catch (final RuntimeException e) {
			// a stack already flushed holds no pixels; the copies go when their arrays are collected
		}
	}

	@Override
	public void imageOpened(final ImagePlus imp) {}

	@Override
	public void imageUpdated(final ImagePlus imp) {}
}
