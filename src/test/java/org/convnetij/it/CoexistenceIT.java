package org.convnetij.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.convnetij.testutil.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/**
 * ConvNet-IJ's TensorFlow beside a Fiji's TensorFlow 1.15 and protobuf 4.28.2 in one JVM: with libtensorflow 1.15.0
 * (and its natives) and protobuf-java 4.28.2 ahead of everything else on the class path, TensorFlow 1.15's own API
 * runs a graph, then Train Classifier, Classify, Transfer Learning and Probability Map run through the macro door and
 * System Check runs, then TensorFlow 1.15 runs its graph again. The CNN results are those of a clean JVM (the
 * launcher), compared number by number.
 */
class CoexistenceIT {

	@TempDir
	Path tmp;

	/** Train, Classify, Import + Transfer Learning, Probability Map; results into the folder given as argument. */
	private static final String MACRO = String.join("\n", //
		"out = getArgument();", //
		"home = getDirectory(\"imagej\");", //
		"data = home + \"sample-images/labelled\";", //
		"setBatchMode(true);", //
		"run(\"Train Classifier\", \"data=[\" + data + \"] validation=0.2 architecture=custom width=32 height=32 " +
			"channels=3 filters=8,16 units=32 epochs=2 batch=16 optimizer=adam rate=0.001 seed=3 output=[\" + out + " +
			"\"/model] overwrite\");", //
		"run(\"Classify\", \"model=[\" + out + \"/model] input=[\" + data + \"] output=[\" + out + \"/classes.csv]\");",
		"run(\"Import Model\", \"source=[\" + home + \"sample-images/mobilenet_v2_tfjs] architecture=auto " +
			"inputsize=64 output=[\" + out + \"/base] overwrite\");", //
		"run(\"Transfer Learning\", \"model=[\" + out + \"/base] data=[\" + data + \"] strategy=finetune " +
			"freeze=block_12_add epochs=1 rate=0.01 seed=1 output=[\" + out + \"/tuned] overwrite\");", //
		"open(home + \"sample-images/ihc.png\");", //
		"run(\"Probability Map\", \"model=[\" + out + \"/tuned] window=32 stride=32\");", //
		"saveAs(\"Tiff\", out + \"/maps.tif\");", //
		"print(\"macro done\");", "");

	@Test
	void tensorFlow1AndProtobuf4FirstOnTheClassPathChangeNoNumber() throws Exception {
		final Path macro = tmp.resolve("cnn.ijm");
		Files.writeString(macro, MACRO);
		final Path clean = Files.createDirectories(tmp.resolve("clean"));
		final Path shared = Files.createDirectories(tmp.resolve("shared"));

		final Processes.Result alone = Processes.launcher("--macro", macro.toString(), clean.toString());
		assertEquals(0, alone.exitCode, alone::toString);
		assertTrue(alone.out.contains("macro done"), alone::toString);

		final Processes.Result r = Processes.run(List.of("java", "-Djava.awt.headless=true",
			"-Dscijava.log.level=error", "-Dconvnet.home=" + Processes.ROOT, "-cp", classPath(), 
			"org.convnetij.cli.CoexistenceMain", "--macro", macro.toString(), shared.toString(), "+", "check"), true,
			900, true);
		// TensorFlow 1.15 before and after, with the same product
		final String product = "TensorFlow 1.15.0 [[7.0, 10.0], [15.0, 22.0]]";
		assertTrue(r.out.contains("tensorflow1 before: " + product), r::toString);
		assertTrue(r.out.contains("tensorflow1 after: " + product), r::toString);
		assertTrue(r.out.contains("macro done"), r::toString);
		assertFalse((r.out + r.err).contains("Exception"), r::toString);
		assertFalse((r.out + r.err).contains("Error:"), r::toString);

		// System Check: ConvNet-IJ's TensorFlow and protobuf from the engine folder, Fiji's protobuf named beside
		final String engine = new File(Processes.ROOT, "plugins/jars/convnet-tensorflow").getPath();
		assertTrue(r.out.matches("(?s).*\nTensorFlow: TensorFlow Java 1\\.1\\.0 \\(native TensorFlow 2\\.\\d+\\.\\d+\\) " +
			"from " + Pattern.quote(engine) + "/tensorflow-core-api-1\\.1\\.0\\.jar \\(engine folder " + Pattern.quote(
				engine) + ", its own class loader\\) \\[ok\\]\n.*"), r::toString);
		assertTrue(r.out.contains("protobuf: protobuf-java 3.21.9 in the engine, from " + engine +
			"/protobuf-java-3.21.9.jar; protobuf-java 4.28.2 on the class path ("), r::toString);
		assertTrue(r.out.contains("which the engine does not see [ok]"), r::toString);
		assertTrue(r.out.contains("TensorFlow natives: CPU build"), r::toString);
		assertEquals(0, r.exitCode, r::toString);

		// the same numbers as in the clean JVM
		final float[] cleanTable = numbers(clean.resolve("classes.csv")), sharedTable = numbers(shared.resolve(
			"classes.csv"));
		assertTrue(cleanTable.length >= 40, "probabilities of every image: " + cleanTable.length);
		Tolerance.assertClose(cleanTable, sharedTable, SAME_MACHINE, "Classify's probabilities");
		final float[] cleanMaps = pixels(clean.resolve("maps.tif")), sharedMaps = pixels(shared.resolve("maps.tif"));
		assertTrue(cleanMaps.length > 0);
		Tolerance.assertClose(cleanMaps, sharedMaps, SAME_MACHINE, "the probability maps");
		System.out.printf("CoexistenceIT: %d probabilities, %d map pixels; largest relative differences %.3g, %.3g%n",
			cleanTable.length, cleanMaps.length, Tolerance.relativeDifference(cleanTable, sharedTable), Tolerance
				.relativeDifference(cleanMaps, sharedMaps));
	}

	/**
	 * Two runs of the same seeded training on the same machine: TensorFlow's CPU kernels split sums over threads,
	 * so the order of a few additions may differ; 2 epochs amplify that little (measured: identical here).
	 */
	private static final double SAME_MACHINE = 1e-4;

	/** TensorFlow 1.15 (+ natives) and protobuf 4.28.2 first, then the ImageJ home as the launcher has it. */
	private String classPath() throws Exception {
		final File tf1 = new File(Processes.ROOT, "target/fiji-tensorflow1");
		final File natives = new File(Processes.ROOT, "target/fiji-tensorflow1-natives/libtensorflow_jni-1.15.0.jar");
		final File libtensorflow = new File(tf1, "libtensorflow-1.15.0.jar");
		final File protobuf = new File(tf1, "protobuf-java-4.28.2.jar");
		for (final File f : List.of(natives, libtensorflow, protobuf)) assertTrue(f.isFile(), f + " copied by the build");
		final File bridge = new File(Processes.ROOT, "plugins/ConvNet_IJ.jar");
		final Path classes = Files.createDirectories(tmp.resolve("classes"));
		final Path source = tmp.resolve("CoexistenceMain.java");
		Files.copy(Path.of(Processes.ROOT.getPath(), "src/test/resources/it/CoexistenceMain.java"), source);
		final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		assertNotNull(javac, "a JDK");
		final int compiled = javac.run(null, null, null, "-d", classes.toString(), "-cp", libtensorflow + File.pathSeparator +
			bridge, source.toString());
		assertEquals(0, compiled, "CoexistenceMain compiles against TensorFlow 1.15");
		final List<String> path = new ArrayList<>(List.of(libtensorflow.getPath(), natives.getPath(), protobuf
			.getPath(), classes.toString()));
		path.add(new File(Processes.ROOT, "plugins/jars/*").getPath());
		path.add(bridge.getPath());
		return String.join(File.pathSeparator, path);
	}

	/** Every number of a CSV file, in order. */
	private static float[] numbers(final Path csv) throws Exception {
		final Matcher m = Pattern.compile("-?\\d+\\.\\d+(?:[eE]-?\\d+)?").matcher(Files.readString(csv,
			StandardCharsets.UTF_8));
		final List<Float> values = new ArrayList<>();
		while (m.find()) values.add(Float.parseFloat(m.group()));
		final float[] a = new float[values.size()];
		for (int i = 0; i < a.length; i++) a[i] = values.get(i);
		return a;
	}

	/** All pixels of all slices of a 32-bit TIFF. */
	private static float[] pixels(final Path tif) {
		final ImagePlus imp = IJ.openImage(tif.toString());
		assertNotNull(imp, tif.toString());
		final int n = imp.getWidth() * imp.getHeight();
		final float[] all = new float[n * imp.getStackSize()];
		for (int s = 1; s <= imp.getStackSize(); s++) {
			final float[] p = (float[]) imp.getStack().getProcessor(s).convertToFloat().getPixels();
			System.arraycopy(p, 0, all, (s - 1) * n, n);
		}
		return all;
	}
}
