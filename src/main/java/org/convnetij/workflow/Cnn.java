package org.convnetij.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.convnetij.data.DatasetSummary;
import org.convnetij.data.ImageConversion;
import org.convnetij.data.ImageAxes;
import org.convnetij.data.ImageReader;
import org.convnetij.data.InputFit;
import org.convnetij.data.LabelledFolder;
import org.convnetij.data.Validation;
import org.convnetij.data.LabelledImages;
import org.convnetij.data.LoadedDataset;
import org.convnetij.data.RawImage;
import org.convnetij.nn.Architecture;
import org.convnetij.nn.Conv2D;
import org.convnetij.nn.DepthwiseConv2D;
import org.convnetij.nn.Layer;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.Node;
import org.convnetij.nn.Shape;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.nn.ModelFolder;
import org.convnetij.nn.TrainingCurves;
import org.convnetij.nn.Metrics;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;
import org.convnetij.data.InputShape;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/**
 * The CNN tasks behind the commands, on folders and images: train a classifier, evaluate it, classify images,
 * show a layer's filters, compute feature maps. Every method reads and writes model folders ({@link Network}).
 */
public final class Cnn {

	private Cnn() {}

	/** What training did: the result, what was read, and a text report. */
	public record TrainingReport(TrainingResult result, DatasetSummary data, String text) {}

	/** An evaluation with what was read and the text report. */
	public record EvaluationReport(Evaluation evaluation, DatasetSummary data, String text) {}

	/** Class probabilities of named images, with the files that could not be read. */
	public record Classification(List<String> classes, List<String> names, List<float[]> probabilities,
		List<String> skipped, List<String> notes)
	{

		/** Without conversion notes. */
		public Classification(final List<String> classes, final List<String> names, final List<float[]> probabilities,
			final List<String> skipped)
		{
			this(classes, names, probabilities, skipped, List.of());
		}

		/** CSV: file,class (the predicted one),&lt;one column per class&gt; (values with 6 significant digits). */
		public String csv() {
			final StringBuilder sb = new StringBuilder("file,class");
			for (final String c : classes) sb.append(',').append(quote(c));
			sb.append('\n');
			for (int i = 0; i < names.size(); i++) {
				final float[] p = probabilities.get(i);
				sb.append(quote(names.get(i))).append(',').append(quote(classes.get(Metrics.argmax(p, 0, p.length))));
				for (final float v : p) sb.append(',').append(String.format(Locale.ROOT, "%.6g", v));
				sb.append('\n');
			}
			return sb.toString();
		}

		private static String quote(final String s) {
			return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
		}
	}

	/** A 2D float image, row by row. */
	public record Plane(int width, int height, float[] pixels) {}

	/** Activations of a layer: width x height x depth, stored x fastest, then y, then depth (one plane per map). */
	public record Maps(int width, int height, int depth, float[] pixels) {}

	/**
	 * Trains a classifier: checks the architecture and input first, reads the data folder (and validation folder),
	 * creates (or loads, to continue) the model, trains with the options and writes the model folder after every
	 * epoch.
	 */
	public static TrainingReport train(final TrainRequest request, final Progress progress) throws IOException {
		if (request.output() == null) throw new UserInputException("output is missing: give a folder for the model");
		ModelFolder.checkWritable(request.output(), request.options().overwrite());
		final Validation v = Validation.parse(request.validation());
		if (request.model() != null && ModelSpec.read(request.model()).isSavedModel()) {
			throw new UserInputException(request.model() + ": " + ModelSpec.SAVED_MODEL_NOT_TRAINABLE);
		}
		final LabelledFolder folder = LabelledFolder.scan(request.data());
		final ModelSpec spec;
		if (request.model() != null) {
			spec = ModelSpec.read(request.model());
			if (!spec.classes().equals(folder.classNames())) {
				throw new UserInputException("the classes differ: the model " + request.model() + " has " + spec
					.classes() + ", the data folder " + request.data() + " has " + folder.classNames());
			}
		}
		else {
			final Architecture a = Architecture.parse(request.architecture());
			ModelSpec s = ModelSpec.of(a, a.input(request.width(), request.height(), request.channels()));
			if (a == Architecture.CUSTOM) s = s.pattern(request.pattern());
			spec = s.classes(folder.classNames()).normalization(request.normalization());
			spec.validated(); // builds the architecture: an input below its minimum is refused here
		}
		final InputShape in = spec.input();
		final InputShape shape = in;
		progress.status("reading " + request.data());
		final LoadedDataset loaded = folder.load(shape, spec.normalization(), progress);
		// a new model takes images of the bit depth it learns from (recorded in convnet.json); a model trained on
		// must get images like the ones it learnt from
		if (request.model() != null) fit(request.model(), spec).check(loaded.summary());
		final ModelSpec recorded = request.model() != null ? spec : spec.bitDepth(singleBitDepth(loaded.summary()))
			.rgbAsGray(loaded.summary().rgbToGrayCount() > 0);
		LabelledImages validation = null;
		double fraction = 0;
		if (v.folder() != null) {
			final LabelledFolder vf = LabelledFolder.scan(v.folder());
			folder.requireSameClasses(vf);
			validation = vf.load(shape, spec.normalization(), progress).images();
		}
		else fraction = v.fraction();
		final TrainOptions options = request.options().toBuilder().validationFraction(fraction).checkpoint(request
			.output()).build();
		final TrainingResult result;
		try (Network model = request.model() != null ? Networks.load(request.model()) : Networks.create(recorded, options
			.seed()))
		{
			result = validation != null ? Trainer.fit(model, loaded.images(), validation, options, progress) : Trainer
				.fit(model, loaded.images(), options, progress);
		}
		final StringBuilder text = new StringBuilder();
		text.append(loaded.summary()).append('\n');
		text.append("Model folder: ").append(request.output()).append('\n');
		text.append(result.message()).append("\n\n");
		text.append(TrainingCurves.csv(result.history()));
		return new TrainingReport(result, loaded.summary(), text.toString());
	}

	/** Evaluates a model folder on a labelled data folder with the model's classes. */
	public static EvaluationReport evaluate(final Path modelFolder, final Path data, final Progress progress)
		throws IOException
	{
		final ModelSpec spec = ModelSpec.read(modelFolder);
		spec.requireClassifier(modelFolder);
		final LabelledFolder folder = LabelledFolder.scan(data);
		if (!folder.classNames().equals(spec.classes())) {
			throw new UserInputException("the classes differ: the model " + modelFolder + " has " + spec.classes() +
				", the data folder " + data + " has " + folder.classNames() +
				"; evaluate on a folder with the model's class subfolders");
		}
		final InputShape in = spec.input();
		final LoadedDataset loaded = folder.load(in, spec.normalization(), progress);
		final InputFit fit = fit(modelFolder, spec);
		fit.check(loaded.summary());
		try (Network model = Networks.load(modelFolder)) {
			final Evaluation e = Trainer.evaluate(model, loaded.images(), progress);
			final String notes = fit.notes().isEmpty() ? "" : String.join("\n", fit.notes()) + "\n";
			return new EvaluationReport(e, loaded.summary(), "Model: " + modelFolder + "\n" + loaded.summary() + "\n" +
				notes + e.report());
		}
	}

	/** Classifies images (already decoded), named for the table. */
	public static Classification classify(final Path modelFolder, final List<String> names,
		final List<RawImage> images, final Progress progress) throws IOException
	{
		final ModelSpec spec = ModelSpec.read(modelFolder);
		spec.requireClassifier(modelFolder);
		final InputFit fit = fit(modelFolder, spec);
		final List<RawImage> fitting = new ArrayList<>();
		for (int i = 0; i < images.size(); i++) fitting.add(fit.fit(images.get(i), names.get(i)));
		try (Network model = Networks.load(modelFolder)) {
			final List<float[]> p = new ArrayList<>();
			for (int i = 0; i < fitting.size(); i++) {
				if (progress.isCanceled()) break;
				p.add(model.predict(input(model, fitting.get(i)), 1)[0]);
				progress.update(i + 1, fitting.size());
			}
			return new Classification(model.classes(), names.subList(0, p.size()), p, List.of(), fit.notes());
		}
	}

	/**
	 * Classifies the images of an ImgLib2 image ({@link #images}): one image is named "image", the images of a stack
	 * "slice 1", "slice 2", ..
	 */
	public static <T extends RealType<T>> Classification classifyImage(final Path modelFolder,
		final RandomAccessibleInterval<T> image, final Progress progress) throws IOException
	{
		final List<RawImage> images = images(image, ModelSpec.read(modelFolder).input().channels());
		final List<String> names = new ArrayList<>();
		for (int i = 1; i <= images.size(); i++) names.add(images.size() == 1 ? "image" : "slice " + i);
		return classify(modelFolder, names, images, progress);
	}

	/**
	 * Classifies {@code path} (a folder or an image file, {@link #classifyPath}) where it is given (not blank), else
	 * {@code image} ({@link #classifyImage}); a message where neither is given.
	 */
	public static <T extends RealType<T>> Classification classify(final Path modelFolder, final String path,
		final RandomAccessibleInterval<T> image, final Progress progress) throws IOException
	{
		if (path != null && !path.isBlank()) return classifyPath(modelFolder, Path.of(path.trim()), progress);
		if (image == null) throw new UserInputException("nothing to classify: give input=<folder or image file> or " +
			"an image");
		return classifyImage(modelFolder, image, progress);
	}

	/** Classifies a folder ({@link #classifyFolder}) or one image file. */
	public static Classification classifyPath(final Path modelFolder, final Path path, final Progress progress)
		throws IOException
	{
		if (Files.isDirectory(path)) return classifyFolder(modelFolder, path, progress);
		if (!Files.isRegularFile(path)) {
			throw new UserInputException("input is neither a folder nor an image file: " + path);
		}
		final List<RawImage> planes;
		try {
			planes = ImageReader.standard().readPlanes(path);
		}
		catch (final IOException e) {
			throw new UserInputException("cannot read the image " + path + ": " + e.getMessage(), e);
		}
		// a stack file gives one row per slice, as the same stack open in ImageJ does
		final String file = path.getFileName().toString();
		final List<String> names = new ArrayList<>();
		for (int i = 1; i <= planes.size(); i++) names.add(planes.size() == 1 ? file : file + " slice " + i);
		return classify(modelFolder, names, planes, progress);
	}

	/**
	 * Classifies every TIFF, PNG or JPEG file in a folder and its subfolders (sorted by path; names relative to the
	 * folder); files that cannot be read are skipped and listed.
	 */
	public static Classification classifyFolder(final Path modelFolder, final Path folder, final Progress progress)
		throws IOException
	{
		if (!Files.isDirectory(folder)) throw new UserInputException("input folder does not exist: " + folder);
		final List<Path> files;
		try (Stream<Path> s = Files.walk(folder)) {
			files = s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).filter(
				f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(tif|tiff|png|jpg|jpeg)")).sorted()
				.toList();
		}
		if (files.isEmpty()) throw new UserInputException("input folder " + folder + " has no TIFF, PNG or JPEG images");
		ModelSpec.read(modelFolder).requireClassifier(modelFolder);
		final List<String> names = new ArrayList<>();
		final List<float[]> p = new ArrayList<>();
		final List<String> skipped = new ArrayList<>();
		final InputFit fit = fit(modelFolder, ModelSpec.read(modelFolder));
		try (Network model = Networks.load(modelFolder)) {
			for (int i = 0; i < files.size(); i++) {
				if (progress.isCanceled()) break;
				final Path f = files.get(i);
				final String name = folder.relativize(f).toString();
				final List<RawImage> planes;
				try {
					planes = ImageReader.standard().readPlanes(f);
				}
				catch (final IOException | RuntimeException e) {
					skipped.add(name + ": " + e.getMessage());
					continue;
				}
				// a stack file gives one row per slice, as the same file given alone does
				for (int k = 0; k < planes.size(); k++) {
					final String row = planes.size() == 1 ? name : name + " slice " + (k + 1);
					names.add(row);
					p.add(model.predict(input(model, fit.fit(planes.get(k), row)), 1)[0]);
				}
				progress.update(i + 1, files.size());
			}
			return new Classification(model.classes(), names, p, skipped, fit.notes());
		}
	}

	/**
	 * The images of an ImgLib2 image for a model with {@code channels} channels. An image that says which axis holds
	 * its channels ({@link ImageAxes}: ImageJ 1 images, where an RGB image is one colour image, not 3 slices) gives
	 * one image per position of its further axes, each with all its channels (1 or 3; other channel counts are
	 * refused); a stack of gray slices gives one gray image per slice. An image that does not say: X, Y, 3 with an
	 * RGB model is one RGB image, X, Y, 3, Z (or more) one RGB image per Z; otherwise every plane after X and Y is
	 * one gray image.
	 */
	public static <T extends RealType<T>> List<RawImage> images(final RandomAccessibleInterval<T> image,
		final int channels)
	{
		final int n = image.numDimensions();
		if (n == 2) return List.of(RawImage.from(image));
		final int channelAxis = image instanceof ImageAxes a ? a.channelAxis() : channels == 3 && image.dimension(
			2) == 3 ? 2 : -1;
		if (channelAxis == 2) {
			final long c = image.dimension(2);
			if (c != 1 && c != 3) {
				throw new UserInputException("the image has " + c + " channels; a model takes gray (1 channel) or RGB (3 " +
					"channels) images: split the channels (Image > Color > Split Channels) and classify one, or make an " +
					"RGB image of three (Image > Color > Merge Channels)");
			}
			if (n == 3) return List.of(RawImage.from(image));
			final List<RawImage> out = new ArrayList<>();
			for (final RandomAccessibleInterval<T> v : planes(Views.zeroMin(image), 3)) out.add(RawImage.from(v));
			return out;
		}
		final List<RawImage> out = new ArrayList<>();
		for (final RandomAccessibleInterval<T> v : planes(Views.zeroMin(image), 2)) out.add(RawImage.from(v));
		return out;
	}

	/** The views of {@code image} at every position of its axes from {@code first} on (the earlier axes kept). */
	private static <T> List<RandomAccessibleInterval<T>> planes(final RandomAccessibleInterval<T> image,
		final int first)
	{
		final int n = image.numDimensions();
		long count = 1;
		for (int d = first; d < n; d++) count *= image.dimension(d);
		final List<RandomAccessibleInterval<T>> out = new ArrayList<>();
		for (long i = 0; i < count; i++) {
			RandomAccessibleInterval<T> v = image;
			long rest = i;
			final long[] pos = new long[n - first];
			for (int d = first; d < n; d++) {
				pos[d - first] = rest % image.dimension(d);
				rest /= image.dimension(d);
			}
			for (int d = n - 1; d >= first; d--) v = Views.hyperSlice(v, d, pos[d - first]);
			out.add(v);
		}
		return out;
	}

	/**
	 * The kernels of a Conv2D or DepthwiseConv2D layer (null: the first one) as a montage: one column of tiles per
	 * filter, one row per input channel, each tile the kernel enlarged (nearest neighbour) to about 24 pixels, tiles
	 * 1 pixel apart on the smallest kernel value.
	 */
	public static Plane filters(final Path modelFolder, final String layer) throws IOException {
		try (Network model = Networks.load(modelFolder)) {
			final Node node = convLayer(model, layer);
			final String weight = node.layer() instanceof DepthwiseConv2D ? "depthwise_kernel" : "kernel";
			final int[] d = model.weightShapes().get(node.name() + "/" + weight);
			final float[] k = model.weights().get(node.name() + "/" + weight);
			final int kh = d[0], kw = d[1], in = d[2], out = d[3];
			final int zoom = Math.max(1, 24 / Math.max(kh, kw));
			final int tileW = kw * zoom + 1, tileH = kh * zoom + 1;
			final int width = out * tileW - 1, height = in * tileH - 1;
			float min = Float.POSITIVE_INFINITY;
			for (final float v : k) min = Math.min(min, v);
			final float[] pixels = new float[width * height];
			java.util.Arrays.fill(pixels, min);
			for (int o = 0; o < out; o++) for (int c = 0; c < in; c++) for (int y = 0; y < kh * zoom; y++) for (int x =
				0; x < kw * zoom; x++)
			{
				final float v = k[((y / zoom * kw + x / zoom) * in + c) * out + o];
				pixels[(c * tileH + y) * width + o * tileW + x] = v;
			}
			return new Plane(width, height, pixels);
		}
	}

	private static Node convLayer(final Network model, final String layer) {
		if (layer != null && !layer.isBlank()) {
			final Node node = model.model().node(layer.trim());
			if (!(node.layer() instanceof Conv2D || node.layer() instanceof DepthwiseConv2D)) {
				throw new UserInputException("layer '" + layer + "' is a " + node.layer().type() +
					", not a convolution; convolution layers: " + convLayers(model));
			}
			return node;
		}
		for (final Node n : model.model().nodes()) {
			final Layer l = n.layer();
			if (l instanceof Conv2D || l instanceof DepthwiseConv2D) return n;
		}
		throw new UserInputException("model " + model.model().name() + " has no convolution layer");
	}

	private static List<String> convLayers(final Network model) {
		final List<String> names = new ArrayList<>();
		for (final Node n : model.model().nodes()) {
			if (n.layer() instanceof Conv2D || n.layer() instanceof DepthwiseConv2D) names.add(n.name());
		}
		return names;
	}

	/**
	 * The activations of layer {@code layer} (null: the model's feature layer) for one image (resized and
	 * normalised as the model expects).
	 */
	public static Maps featureMaps(final Path modelFolder, final String layer, final RawImage image)
		throws IOException
	{
		try (Network model = Networks.load(modelFolder)) {
			final String name = layer == null || layer.isBlank() ? model.spec().featureLayer() : layer.trim();
			final Shape shape = model.outputShape(name);
			final float[] hwc = model.features(name, input(model, image), 1);
			final int w = shape.width(), h = shape.height(), d = shape.channels();
			final float[] xyd = new float[hwc.length];
			for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) for (int c = 0; c < d; c++) {
				xyd[(c * h + y) * w + x] = hwc[(y * w + x) * d + c];
			}
			return new Maps(w, h, d, xyd);
		}
	}

	/** The input checks of a model folder ({@link InputFit}): what convnet.json says the model takes. */
	public static InputFit fit(final Path modelFolder, final ModelSpec spec) {
		return spec.inputFit(modelFolder);
	}

	/** The one bit depth of a loaded set's images; 0 when they have several. */
	static int singleBitDepth(final DatasetSummary loaded) {
		final java.util.Set<Integer> depths = new java.util.HashSet<>();
		for (final java.util.Map.Entry<Integer, Integer> e : loaded.bitDepths().entrySet()) {
			if (e.getValue() > 0) depths.add(e.getKey());
		}
		return depths.size() == 1 ? depths.iterator().next() : 0;
	}

	/** One image as the model's input (normalised, channels converted, resized). */
	static float[] input(final Network model, final RawImage raw) {
		final InputShape in = model.spec().input();
		return ImageConversion.toInput(raw, in,
			model.spec().normalization());
	}
}
