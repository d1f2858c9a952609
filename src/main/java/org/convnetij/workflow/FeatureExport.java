package org.convnetij.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.convnetij.data.ImageReader;
import org.convnetij.data.LabelledFolder;
import org.convnetij.transfer.FeatureCache;
import org.convnetij.transfer.FeatureExtractor;
import org.convnetij.transfer.FeatureTable;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.transfer.LayerFeatures;
import org.convnetij.nn.Network;
import org.convnetij.nn.Networks;

/**
 * Extract Features: the features of one image, a folder of images or a labelled folder through a model folder's
 * layer, written as a CSV table (file, class for labelled folders, f0..fN-1), cached in the model folder
 * ({@link FeatureCache#FILE_NAME}).
 */
public final class FeatureExport {

	/** What was written. */
	public record Result(Path csv, int rows, int features, String layer, int computed, int cached, String report) {}

	private FeatureExport() {}

	public static Result run(final Path modelFolder, final String layer, final Path input, final Path csv,
		final Progress progress) throws IOException
	{
		return run(modelFolder, new Layer(layer, 1), input, csv, progress);
	}

	/**
	 * Which features: {@code name} (a layer name, a relative depth such as 0.5, or empty for the feature layer; see
	 * {@link LayerFeatures#resolve}), pooled over a {@code grid} x {@code grid} split of a 4-D layer's height and
	 * width (1: global average).
	 */
	public record Layer(String name, int grid) {}

	/** The features {@code which} names, of the images of {@code input}, written to {@code csv}. */
	public static Result run(final Path modelFolder, final Layer which, final Path input, final Path csv,
		final Progress progress) throws IOException
	{
		final String layer = which.name();
		final int grid = which.grid();
		if (input == null || !Files.exists(input)) throw new UserInputException("input '" + input + "' does not exist");
		if (csv == null || csv.toString().isEmpty()) throw new UserInputException("give the output CSV file");
		final List<Path> files = new ArrayList<>();
		List<String> classes = null;
		if (Files.isDirectory(input) && hasSubfolders(input)) {
			final LabelledFolder set = LabelledFolder.scan(input);
			classes = new ArrayList<>();
			for (int c = 0; c < set.classNames().size(); c++) {
				for (final Path f : set.files(c)) {
					files.add(f);
					classes.add(set.classNames().get(c));
				}
			}
		}
		else if (Files.isDirectory(input)) {
			try (Stream<Path> s = Files.list(input)) {
				s.filter(Files::isRegularFile).filter(FeatureExport::isImage).sorted().forEach(files::add);
			}
			if (files.isEmpty()) throw new UserInputException("no images (TIFF, PNG, JPEG) in '" + input + "'");
		}
		else {
			files.add(input);
		}
		try (Network model = Networks.load(modelFolder)) {
			final String l = LayerFeatures.resolve(model, layer);
			try {
				model.outputShape(l);
			}
			catch (final UserInputException e) {
				throw new UserInputException(e.getMessage() + ": give one of its layers (Model Summary with model= lists " +
					"them), or leave layer empty for its feature layer " + model.spec().featureLayer(), e);
			}
			final LayerFeatures net = new LayerFeatures(model, l, grid);
			final FeatureExtractor extractor = new FeatureExtractor(net, FeatureCache.open(modelFolder.resolve(
				FeatureCache.FILE_NAME)), ImageReader.standard());
			final float[][] features = extractor.extract(files, progress);
			final List<String> names = new ArrayList<>();
			for (final Path f : files) names.add(f.toString());
			FeatureTable.write(csv, names, classes, features);
			final String report = String.format(Locale.ROOT, "%d images x %d features of %s%s -> %s (%d computed, %d " +
				"from the cache)%s", files.size(), net.featureLength(), l, !net.pooled() ? "" : grid == 1 ? " (averaged " +
					"over height and width)" : " (averaged over the cells of a " + grid + " x " + grid + " grid)", csv, extractor.computed(), files.size() - extractor.computed(), extractor.notes().isEmpty()
						? "" : "; " + String.join("; ", extractor.notes()));
			return new Result(csv, files.size(), net.featureLength(), l, extractor.computed(), files.size() - extractor
				.computed(), report);
		}
	}

	private static boolean hasSubfolders(final Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.anyMatch(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."));
		}
	}

	private static boolean isImage(final Path p) {
		final String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		return n.endsWith(".png") || n.endsWith(".tif") || n.endsWith(".tiff") || n.endsWith(".jpg") || n.endsWith(
			".jpeg");
	}
}
