package org.convnetij.tf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.convnetij.data.Normalization;
import org.convnetij.transfer.ModelZooPreprocessing;
import org.convnetij.transfer.Yaml;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.ModelFolder;
import org.convnetij.nn.ImportSettings;

/**
 * A bioimage.io model package (spec 0.5; a .zip or its unpacked folder with {@code rdf.yaml}) into a model folder
 * that keeps its {@code tensorflow_saved_model_bundle} weights as they are ({@link SavedModelFolder}), with the
 * package's class names and its preprocessing as the normalisation ({@link ModelZooPreprocessing}); every file the
 * package names with a sha256 is checked first.
 */
final class ModelZooImport {

	static final String RDF = "rdf.yaml";

	private ModelZooImport() {}

	/** True for a .zip with rdf.yaml, or a folder with rdf.yaml. */
	static boolean isPackage(final Path source) {
		if (Files.isDirectory(source)) return Files.isRegularFile(source.resolve(RDF));
		if (!Files.isRegularFile(source) || !source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
			return false;
		}
		try (ZipInputStream z = new ZipInputStream(Files.newInputStream(source))) {
			for (ZipEntry e; (e = z.getNextEntry()) != null;) {
				if (e.getName().equals(RDF)) return true;
			}
			return false;
		}
		catch (final IOException e) {
			return false;
		}
	}

	static ImportSettings.Result run(final Path source, final Normalization normalization, final String classes,
		final String layer, final Path output, final boolean overwrite) throws IOException
	{
		if (!"list".equals(layer)) ModelFolder.checkWritable(output, overwrite);
		final Path temp = Files.createTempDirectory("convnet-package");
		try {
			final Path dir;
			if (Files.isDirectory(source)) {
				dir = source;
			}
			else {
				dir = temp.resolve("package");
				unzip(source, dir);
			}
			final Map<String, Object> rdf = Yaml.read(Files.readString(dir.resolve(RDF), StandardCharsets.UTF_8));
			final String where = "the package " + source;
			if (!"model".equals(rdf.get("type"))) throw new UserInputException(where + " is not a model (type " + rdf.get(
				"type") + ")");
			final String version = String.valueOf(rdf.get("format_version"));
			if (!version.startsWith("0.5.")) {
				throw new UserInputException(where + " is of format_version " + version + "; Import Model reads 0.5.x " +
					"(update it with the bioimage.io tools: bioimageio update-format)");
			}
			final Map<?, ?> weights = rdf.get("weights") instanceof Map<?, ?> w ? w : Map.of();
			if (!(weights.get("tensorflow_saved_model_bundle") instanceof Map<?, ?> bundle)) {
				throw new UserInputException(where + " has no TensorFlow SavedModel weights (it has " + weights.keySet() +
					"); ConvNet-IJ runs tensorflow_saved_model_bundle weights only");
			}
			final int checked = checkSha256(rdf, dir, where);
			final Map<?, ?> input = single(rdf.get("inputs"), where, "input");
			final List<?> outputs = rdf.get("outputs") instanceof List<?> l ? l : List.of();
			if (outputs.isEmpty()) throw new UserInputException(where + " describes no output");
			checkAxes(input, where);
			final Normalization n = normalization != null ? normalization : ModelZooPreprocessing.from(
				input.get("preprocessing") instanceof List<?> p ? p : List.of());
			final String names = classes != null && !classes.isBlank() ? classes : classNames(rdf, (Map<?, ?>) outputs
				.get(0));
			final Path weightSource = dir.resolve(String.valueOf(bundle.get("source")));
			final Path saved = Files.isDirectory(weightSource) ? weightSource : temp.resolve("savedmodel");
			if (!Files.isDirectory(weightSource)) unzip(weightSource, saved);
			final ImportSettings.Result r = ModelImport.savedModelAsIs(saved, "in " + bundle.get("source"), 0, n, names,
				layer, output, overwrite, " (the tensorflow_saved_model_bundle of the bioimage.io model package " + source +
					", '" + rdf.get("name") + "'; " + checked + " sha256 checked)");
			final int bitDepth = normalization != null ? 0 : ModelZooPreprocessing.bitDepth(input.get(
				"preprocessing") instanceof List<?> p ? p : List.of());
			final boolean rgbAsGray = rdf.get("config") instanceof Map<?, ?> c && c.get("convnetij") instanceof Map<?,
				?> m && Boolean.TRUE.equals(m.get("rgb_as_gray"));
			if (r.folder() == null || bitDepth == 0 && !rgbAsGray) return r;
			SavedModelFolder.recordInput(r.folder(), bitDepth, rgbAsGray);
			return new ImportSettings.Result(r.folder(), r.spec(), r.summary() + (bitDepth == 0 ? "" : ", for " + bitDepth +
				"-bit images (its scale_linear gain is 1/" + (bitDepth == 8 ? 255 : 65535) + ")") + (rgbAsGray ? "; RGB " +
					"images are converted to gray by luminance, as the package's config says its model learnt" : ""));
		}
		finally {
			ModelFolder.deleteTree(temp);
		}
	}

	/** Checks every {source, sha256} of the description whose source is a file of the package; the count. */
	private static int checkSha256(final Object node, final Path dir, final String where) throws IOException {
		int n = 0;
		if (node instanceof Map<?, ?> m) {
			if (m.get("source") instanceof String s && m.get("sha256") instanceof String sha && !s.contains("://")) {
				final Path f = dir.resolve(s).normalize();
				if (!f.startsWith(dir.normalize()) || !Files.isRegularFile(f)) {
					throw new UserInputException(where + " names the file " + s + ", which it does not hold");
				}
				if (!ModelZooExport.sha256(f).equalsIgnoreCase(sha)) {
					throw new UserInputException(where + ": the sha256 of " + s + " does not match rdf.yaml (the file " +
						"was changed or damaged); get the package again");
				}
				n++;
			}
			for (final Object v : m.values()) n += checkSha256(v, dir, where);
		}
		else if (node instanceof List<?> l) {
			for (final Object v : l) n += checkSha256(v, dir, where);
		}
		return n;
	}

	private static Map<?, ?> single(final Object list, final String where, final String what) {
		if (!(list instanceof List<?> l) || l.size() != 1 || !(l.get(0) instanceof Map<?, ?> m)) {
			throw new UserInputException(where + " must describe exactly one " + what + " tensor (an image) to be " +
				"imported as a classifier");
		}
		return m;
	}

	/** The input must be batch, y, x, channel: the SavedModel's image layout. */
	private static void checkAxes(final Map<?, ?> input, final String where) {
		final List<String> kinds = new ArrayList<>();
		if (input.get("axes") instanceof List<?> axes) {
			for (final Object a : axes) {
				if (a instanceof Map<?, ?> m) {
					final String type = String.valueOf(m.get("type"));
					kinds.add(type.equals("space") ? String.valueOf(m.containsKey("id") ? m.get("id") : "x") : type);
				}
			}
		}
		if (!kinds.equals(List.of("batch", "y", "x", "channel"))) {
			throw new UserInputException(where + ": its input axes are " + kinds + "; Import Model takes images as " +
				"batch, y, x, channel (2D images, channels last)");
		}
	}

	/** config.convnetij.classes where ConvNet-IJ wrote the package, else the output's channel names. */
	private static String classNames(final Map<String, Object> rdf, final Map<?, ?> output) {
		if (rdf.get("config") instanceof Map<?, ?> c && c.get("convnetij") instanceof Map<?, ?> m && m.get(
			"classes") instanceof List<?> l && !l.isEmpty())
		{
			return String.join(",", l.stream().map(String::valueOf).toList());
		}
		if (output.get("axes") instanceof List<?> axes) {
			for (final Object a : axes) {
				if (a instanceof Map<?, ?> m && "channel".equals(m.get("type")) && m.get("channel_names") instanceof List<
					?> names) return String.join(",", names.stream().map(String::valueOf).toList());
			}
		}
		return "";
	}

	private static void unzip(final Path zip, final Path to) throws IOException {
		Files.createDirectories(to);
		try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
			for (ZipEntry e; (e = z.getNextEntry()) != null;) {
				final Path target = to.resolve(e.getName()).normalize();
				if (!target.startsWith(to.normalize())) throw new UserInputException(zip + " holds a path outside " +
					"itself: " + e.getName());
				if (e.isDirectory()) {
					Files.createDirectories(target);
				}
				else {
					Files.createDirectories(target.getParent());
					Files.copy(z, target);
				}
			}
		}
		catch (final java.util.zip.ZipException e) {
			throw new UserInputException(zip + " is not a readable zip file: " + e.getMessage(), e);
		}
	}
}
