package org.convnetij.filter;

import java.util.ArrayList;
import java.util.List;

import org.convnetij.opencl.OpenCl;

/** The engines every filter test runs on: Java always, OpenCL where a device works (PoCL here). */
public final class Engines {

	private Engines() {}

	public static List<FilterEngine> all() {
		final List<FilterEngine> engines = new ArrayList<>();
		engines.add(JavaFilterEngine.INSTANCE);
		OpenCl.engine().ifPresent(e -> engines.add(e.withJavaFallback(false)));
		return engines;
	}
}
