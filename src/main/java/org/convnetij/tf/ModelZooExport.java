package org.convnetij.tf;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import org.convnetij.data.ImageConversion;
import org.convnetij.data.ImageReader;
import org.convnetij.data.Normalization;
import org.convnetij.data.RawImage;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.PackageExport;
import org.convnetij.nn.PackageExport.Metadata;
import org.convnetij.nn.PackageExport.Result;
import org.convnetij.transfer.ModelZooPreprocessing;
import org.convnetij.transfer.Npy;
import org.convnetij.transfer.Yaml;
import org.convnetij.util.TempPaths;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.ModelFolder;
import org.convnetij.data.InputShape;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A model folder as a bioimage.io model package (spec {@value #FORMAT_VERSION}): a zip with {@code rdf.yaml}, the
 * SavedModel as {@code tensorflow_saved_model_bundle} weights ({@value #WEIGHTS}: tag serve, signature
 * serving_default with input {@value #INPUT_ID} and output {@value #OUTPUT_ID}, the tensor ids), a test input (the
 * raw pixels of an image, before preprocessing, at the model's size) and the model's output for it as .npy files, a
 * cover, a README and a sha256 for every file.
 */
public final class ModelZooExport {

	public static final String FORMAT_VERSION = "0.5.3";
	public static final String INPUT_ID = SavedModelExport.INPUT, OUTPUT_ID = "probabilities";
	public static final String RDF = "rdf.yaml", WEIGHTS = "weights_tf_saved_model_bundle.zip",
		TEST_INPUT = "test_input.npy", TEST_OUTPUT = "test_output.npy", COVER = "cover.png", README = "README.md";


	private ModelZooExport() {}

	/** Writes the package that {@code export} describes. */
	public static Result run(final PackageExport export) throws IOException {
		return run(export.model(), export.image(), export.metadata(), export.output(), export.overwrite());
	}

	/**
	 * Writes the package of {@code model} to {@code output} (a .zip); {@code image} (a file, or a folder whose first
	 * image is taken) gives the test input.
	 */
	static Result run(final Path model, final Path image, final Metadata metadata, final Path output,
		final boolean overwrite) throws IOException
	{
		if (model == null || !Files.isDirectory(model)) throw new UserInputException("model folder does not exist: " +
			model);
		if (SavedModelFolder.is(model) && SavedModelFolder.read(model).head() != null) {
			throw new UserInputException("the model " + model + " has a classifier head that Transfer Learning trained " +
				"on a SavedModel kept as it is; the head lies outside the SavedModel, so it cannot be exported as one");
		}
		final ModelSpec spec = ModelSpec.read(model);
		if (!spec.includesTop() || spec.classes().isEmpty()) {
			throw new UserInputException("the model " + model + " has no classifier (features only): train one with " +
				"Transfer Learning first; a package describes a model's class probabilities");
		}
		final Path saved = model.resolve(SavedModelExport.FOLDER);
		if (!Files.isRegularFile(saved.resolve("saved_model.pb"))) {
			throw new UserInputException("the model " + model + " has no SavedModel (savedmodel/): save it again with " +
				"this version (Train Classifier or Transfer Learning writes one)");
		}
		if (output == null || output.getFileName() == null || !output.getFileName().toString().toLowerCase(Locale.ROOT)
			.endsWith(".zip"))
		{
			throw new UserInputException("give the output package as a .zip file, not '" + output + "'");
		}
		if (Files.exists(output) && !overwrite) {
			throw new UserInputException("output " + output + " exists: choose another name or set overwrite");
		}
		final Path parent = output.toAbsolutePath().getParent();
		if (!Files.isDirectory(parent)) throw new UserInputException("the output's folder does not exist: " + parent);
		final Map<String, Object> meta = metadata(metadata, model);

		final InputShape in = spec.input();
		final RawImage tile = testTile(model, spec, image);
		final int bitDepth = tile.bitDepth();
		final Normalization n = spec.normalization();
		final float[] x = n.scale(tile);
		n.standardize(x, in.channels());
		final float[] probabilities = serve(saved, x, in, spec.classes().size());

		final Path temp = TempPaths.newFolder(parent, ".export-");
		Path zip = null;
		try {
			new Npy(new long[] { 1, in.height(), in.width(), in.channels() }, tile.pixels()).write(temp.resolve(
				TEST_INPUT));
			new Npy(new long[] { 1, probabilities.length }, probabilities).write(temp.resolve(TEST_OUTPUT));
			writeCover(tile, temp.resolve(COVER));
			zipTree(saved, temp.resolve(WEIGHTS));
			Files.writeString(temp.resolve(README), readme(meta, spec, bitDepth), StandardCharsets.UTF_8);
			final Map<String, Object> rdf = rdf(meta, spec, bitDepth, temp);
			Files.writeString(temp.resolve(RDF), Yaml.write(rdf), StandardCharsets.UTF_8);
			zip = TempPaths.newFile(parent, ".export-", ".zip");
			try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
				for (final String f : List.of(RDF, README, COVER, TEST_INPUT, TEST_OUTPUT, WEIGHTS)) {
					z.putNextEntry(new ZipEntry(f));
					Files.copy(temp.resolve(f), z);
					z.closeEntry();
				}
			}
			Files.move(zip, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			zip = null;
		}
		finally {
			ModelFolder.deleteTree(temp);
			if (zip != null) Files.deleteIfExists(zip);
		}
		return new Result(output, probabilities, "wrote the bioimage.io model package " + output + " (spec " +
			FORMAT_VERSION + ", tensorflow_saved_model_bundle, TensorFlow " + TensorFlow.version() + "): input " +
			INPUT_ID + " " + in.height() + " x " + in.width() + " x " + in.channels() + ", preprocessing " + describe(n,
				bitDepth) + ", output " + OUTPUT_ID + " (" + String.join(", ", spec.classes()) + ")");
	}

	/** The raw pixels of the test image at the model's size and channels, in the model's bit depth. */
	private static RawImage testTile(final Path model, final ModelSpec spec, final Path image) throws IOException {
		if (image == null || image.toString().isEmpty()) {
			throw new UserInputException("give input: an image file (or a folder of images) like the model's, for the " +
				"package's test input and cover");
		}
		Path file = image;
		if (Files.isDirectory(image)) {
			try (Stream<Path> s = Files.walk(image)) {
				file = s.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT)
					.matches("[^.].*\\.(tif|tiff|png|jpg|jpeg)")).sorted().findFirst().orElseThrow(
						() -> new UserInputException("input folder " + image + " has no TIFF, PNG or JPEG image"));
			}
		}
		if (!Files.isRegularFile(file)) throw new UserInputException("input image does not exist: " + file);
		final RawImage raw;
		try {
			raw = ImageReader.standard().read(file);
		}
		catch (final IOException e) {
			throw new UserInputException("cannot read the image " + file + ": " + e.getMessage(), e);
		}
		final RawImage fit = spec.inputFit(model).fit(raw, file.getFileName().toString());
		final InputShape in = spec.input();
		float[] v = ImageConversion.convertChannels(fit.pixels(), fit.channels(), in.channels());
		v = ImageConversion.resize(v, fit.width(), fit.height(), in.channels(), in.width(), in.height());
		return new RawImage(in.width(), in.height(), in.channels(), fit.bitDepth(), v);
	}

	/** The serving signature's probabilities for one normalised image. */
	private static float[] serve(final Path saved, final float[] x, final InputShape in, final int classes) {
		try (SavedModelBundle b = SavedModelBundle.load(saved.toString(), "serve")) {
			final Signature s = b.function(Signature.DEFAULT_KEY).signature();
			if (!s.inputNames().contains(INPUT_ID) || !s.outputNames().contains(OUTPUT_ID)) {
				throw new UserInputException("the model's SavedModel serves " + s.inputNames() + " -> " + s.outputNames() +
					", not " + INPUT_ID + " -> " + OUTPUT_ID + ", as Export Model needs (models trained or imported into " +
					"an architecture here have it)");
			}
			try (TFloat32 t = TFloat32.tensorOf(Shape.of(1, in.height(), in.width(), in.channels()), DataBuffers.of(x,
				true, false)); org.tensorflow.Result r = b.function(Signature.DEFAULT_KEY).call(Map.<String, Tensor>of(
					INPUT_ID, t)))
			{
				final TFloat32 p = (TFloat32) r.get(OUTPUT_ID).orElseThrow();
				if (p.size() != classes) throw new UserInputException("the SavedModel gives " + p.size() +
					" probabilities for the " + classes + " classes of convnet.json");
				final float[] out = new float[classes];
				p.copyTo(DataBuffers.of(out, false, false));
				return out;
			}
		}
	}

	private static Map<String, Object> metadata(final Metadata m, final Path model) {
		final String folder = model.toAbsolutePath().normalize().getFileName().toString().replaceAll(
			"[^A-Za-z0-9 _\\-()]", "_");
		final String name = m.name() == null || m.name().isBlank() ? folder.length() < 5 ? folder + " classifier"
			: folder : m.name().strip();
		if (name.length() < 5 || name.length() > 128 || !name.matches("[A-Za-z0-9 _+\\-()]+")) {
			throw new UserInputException("name '" + name + "' must be 5 to 128 letters, digits, spaces, _, +, -, ( or ) " +
				"(the spec's rule for model names): give name=...");
		}
		final List<String> authors = m.authors() == null ? List.of() : m.authors().stream().map(String::strip).filter(
			a -> !a.isEmpty()).toList();
		if (authors.isEmpty()) throw new UserInputException("give authors: the names of the model's authors, " +
			"comma-separated (the spec requires at least one)");
		final String license = m.license() == null || m.license().isBlank() ? "CC-BY-4.0" : m.license().strip();
		if (!license.matches("[A-Za-z0-9.+\\-]+")) {
			throw new UserInputException("license '" + license + "' is not an SPDX identifier (e.g. CC-BY-4.0, MIT, " +
				"BSD-3-Clause)");
		}
		final Map<String, Object> out = new LinkedHashMap<>();
		out.put("name", name);
		out.put("description", m.description() == null ? "" : m.description().strip());
		out.put("authors", authors);
		out.put("license", license);
		out.put("cite", cite(m.cite()));
		final Set<String> tags = new LinkedHashSet<>(List.of("convnet-ij", "classification", "2d", "tensorflow"));
		if (m.tags() != null) m.tags().stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty())
			.forEach(tags::add);
		out.put("tags", new ArrayList<>(tags));
		return out;
	}

	/** "text, https://doi.org/10.x/y" or "text 10.x/y" or "text https://..." as a cite entry. */
	static Map<String, Object> cite(final String cite) {
		final String c = cite == null ? "" : cite.strip();
		final int cut = Math.max(c.lastIndexOf(' '), c.lastIndexOf(','));
		final String last = c.substring(cut + 1);
		final String text = cut < 0 ? "" : c.substring(0, cut).strip().replaceAll("[,;]$", "").strip();
		final Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("text", text.isEmpty() ? last : text);
		if (last.matches("10\\.[0-9]+/\\S+")) entry.put("doi", last);
		else if (last.matches("https?://(dx\\.)?doi\\.org/10\\.[0-9]+/\\S+")) entry.put("doi", last.substring(last
			.indexOf("10.")));
		else if (last.matches("https?://\\S+")) entry.put("url", last);
		else throw new UserInputException("cite '" + c + "' must end with a DOI (10.xxxx/...) or an http(s) address, " +
			"e.g. cite=[Smith et al. 2025, https://doi.org/10.5281/zenodo.123]");
		return entry;
	}

	private static Map<String, Object> rdf(final Map<String, Object> meta, final ModelSpec spec, final int bitDepth,
		final Path dir) throws IOException
	{
		final InputShape in = spec.input();
		final Map<String, Object> rdf = new LinkedHashMap<>();
		rdf.put("format_version", FORMAT_VERSION);
		rdf.put("type", "model");
		rdf.put("name", meta.get("name"));
		final String description = (String) meta.get("description");
		rdf.put("description", description.isEmpty() ? "Classifies " + in.width() + " x " + in.height() + " " + (in
			.channels() == 3 ? "RGB" : spec.rgbAsGray() ? "gray (RGB converted by luminance)" : "gray") + " images into " + spec.classes().size() + " classes (" + String.join(", ",
				spec.classes()) + "); a " + architecture(spec) + " network trained with ConvNet-IJ" : description);
		final List<Map<String, Object>> authors = new ArrayList<>();
		for (final Object a : (List<?>) meta.get("authors")) authors.add(map("name", a));
		rdf.put("authors", authors);
		rdf.put("cite", List.of(meta.get("cite")));
		rdf.put("license", meta.get("license"));
		rdf.put("documentation", README);
		rdf.put("covers", List.of(COVER));
		rdf.put("tags", meta.get("tags"));
		rdf.put("attachments", List.of(file(dir, README), file(dir, COVER)));
		rdf.put("version", "1.0.0");

		final List<Object> inAxes = new ArrayList<>();
		inAxes.add(map("type", "batch"));
		inAxes.add(map("type", "space", "id", "y", "size", in.height()));
		inAxes.add(map("type", "space", "id", "x", "size", in.width()));
		inAxes.add(map("type", "channel", "channel_names", in.channels() == 3 ? List.of("red", "green", "blue") : in
			.channels() == 1 ? List.of("gray") : channelNames(in.channels())));
		final Map<String, Object> input = map("id", INPUT_ID, "description", "raw pixel values (" + bitDepth +
			"-bit), before preprocessing", "axes", inAxes, "test_tensor", file(dir, TEST_INPUT), "data", map("type",
				"float32"));
		input.put("preprocessing", ModelZooPreprocessing.of(spec.normalization(), bitDepth));
		rdf.put("inputs", List.of(input));
		final List<Object> outAxes = new ArrayList<>();
		outAxes.add(map("type", "batch"));
		outAxes.add(map("type", "channel", "channel_names", identifiers(spec.classes())));
		rdf.put("outputs", List.of(map("id", OUTPUT_ID, "description", "class probabilities (softmax), one per class",
			"axes", outAxes, "test_tensor", file(dir, TEST_OUTPUT), "data", map("type", "float32"))));
		final Map<String, Object> weights = file(dir, WEIGHTS);
		weights.put("tensorflow_version", TensorFlow.version());
		rdf.put("weights", map("tensorflow_saved_model_bundle", weights));
		final Map<String, Object> config = map("classes", spec.classes(), "normalization", spec.normalization()
			.toString(), "bit_depth", bitDepth, "architecture", architecture(spec));
		if (spec.rgbAsGray()) config.put("rgb_as_gray", true);
		rdf.put("config", map("convnetij", config));
		return rdf;
	}

	private static String architecture(final ModelSpec spec) {
		return spec.isSavedModel() ? ModelSpec.SAVED_MODEL : spec.architecture().key();
	}

	/** Class names as the spec's identifiers (letters, digits, _; not starting with a digit), kept distinct. */
	static List<String> identifiers(final List<String> names) {
		final List<String> out = new ArrayList<>();
		for (final String n : names) {
			String id = n.replaceAll("[^A-Za-z0-9_]", "_");
			if (id.isEmpty() || Character.isDigit(id.charAt(0))) id = "c_" + id;
			String unique = id;
			for (int i = 2; out.contains(unique); i++) unique = id + "_" + i;
			out.add(unique);
		}
		return out;
	}

	private static List<String> channelNames(final int n) {
		final List<String> out = new ArrayList<>();
		for (int i = 0; i < n; i++) out.add("channel" + i);
		return out;
	}

	private static Map<String, Object> file(final Path dir, final String name) throws IOException {
		return map("source", name, "sha256", sha256(dir.resolve(name)));
	}

	static Map<String, Object> map(final Object... keyValues) {
		final Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
		return m;
	}

	/** The hex sha256 of a file. */
	public static String sha256(final Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			final MessageDigest d = MessageDigest.getInstance("SHA-256");
			final byte[] buffer = new byte[1 << 16];
			for (int r; (r = in.read(buffer)) > 0;) d.update(buffer, 0, r);
			return HexFormat.of().formatHex(d.digest());
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static void zipTree(final Path root, final Path zip) throws IOException {
		try (OutputStream o = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(o);
			Stream<Path> s = Files.walk(root))
		{
			for (final Path p : s.sorted().toList()) {
				if (p.equals(root)) continue;
				final String name = root.relativize(p).toString().replace('\\', '/');
				if (Files.isDirectory(p)) {
					z.putNextEntry(new ZipEntry(name + "/"));
				}
				else {
					z.putNextEntry(new ZipEntry(name));
					Files.copy(p, z);
				}
				z.closeEntry();
			}
		}
	}

	private static void writeCover(final RawImage tile, final Path file) throws IOException {
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (final float v : tile.pixels()) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		if (tile.bitDepth() != 32) { // 8- and 16-bit tiles as they look, 32-bit ones stretched to their range
			min = 0;
			max = tile.bitDepth() == 8 ? 255 : 65535;
		}
		final float span = max > min ? max - min : 1;
		final int scale = Math.max(1, 256 / Math.max(tile.width(), tile.height()));
		final int w = tile.width() * scale, h = tile.height() * scale, c = tile.channels();
		final BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				final int i = ((y / scale) * tile.width() + x / scale) * c;
				final int r = level(tile.pixels()[i], min, span), g = c >= 3 ? level(tile.pixels()[i + 1], min, span) : r,
					b = c >= 3 ? level(tile.pixels()[i + 2], min, span) : r;
				img.setRGB(x, y, r << 16 | g << 8 | b);
			}
		}
		if (!ImageIO.write(img, "png", file.toFile())) throw new IOException("no PNG writer");
	}

	private static int level(final float v, final float min, final float span) {
		return Math.max(0, Math.min(255, Math.round((v - min) / span * 255)));
	}

	private static String describe(final Normalization n, final int bitDepth) {
		final List<String> s = new ArrayList<>();
		for (final Map<String, Object> op : ModelZooPreprocessing.of(n, bitDepth)) s.add(op.get("id") + " " + op.get(
			"kwargs"));
		return s.isEmpty() ? "none" : String.join(", then ", s);
	}

	private static String readme(final Map<String, Object> meta, final ModelSpec spec, final int bitDepth) {
		final InputShape in = spec.input();
		return "# " + meta.get("name") + "\n\n" + (((String) meta.get("description")).isEmpty() ? ""
			: meta.get("description") + "\n\n") + "An image classifier (" + architecture(spec) + ") trained with " +
			"ConvNet-IJ.\n\n## Input\n\n`" + INPUT_ID + "`: one image of " + in.width() + " x " + in.height() +
			" pixels, " + in.channels() + " channel(s), float32, axes batch, y, x, channel; raw " + bitDepth + "-bit " +
			"pixel values. Preprocessing (declared in rdf.yaml): " + describe(spec.normalization(), bitDepth) +
			" (ConvNet-IJ's normalisation `" + spec.normalization() + "`)." + (spec.rgbAsGray() ? " The model learnt " +
				"from RGB images converted to gray by luminance (0.299 R + 0.587 G + 0.114 B): convert RGB images the " +
				"same way first." : "") + "\n\n## Output\n\n`" + OUTPUT_ID + "`: one " +
			"probability per class, in this order: " + String.join(", ", spec.classes()) + ".\n\n## Weights\n\n" +
			"A TensorFlow SavedModel (tag `serve`, signature `serving_default`, input `" + INPUT_ID + "`, outputs `" +
			OUTPUT_ID + "` and `logits`), TensorFlow " + TensorFlow.version() + ".\n\n## Validation\n\n" +
			"The test input and output of this package reproduce the model's output for one image. To validate the " +
			"model on unseen images, classify a labelled set that it did not learn from (in ConvNet-IJ: Import Model " +
			"with this package, then Evaluate Model with the labelled folder) and compare the accuracy with the one " +
			"reported when it was trained.\n";
	}
}
