package org.convnetij.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.convnetij.data.InputFit;
import org.convnetij.data.RawImage;
import org.convnetij.spark.JobSettings.Task;

/**
 * The work of one partition, in an executor: its image paths are read and decoded there, {@code batch} images at a
 * time, run through the JVM's one model ({@link ExecutorModel}) and turned into rows ({@link OutputSchema}); an
 * image that cannot be read or does not fit the model becomes a row with its error. Rows leave as the writer takes
 * them, so a task holds one batch of decoded images at a time.
 */
final class ImageRows implements MapPartitionsFunction<Row, Row> {

	private static final long serialVersionUID = 1L;

	private final JobSettings settings;
	private final String modelName;
	private final String mapsFolder;

	/**
	 * @param modelName the model folder's name among the files shipped with {@code addFile}
	 * @param mapsFolder where probability maps go (probability-map only)
	 */
	ImageRows(final JobSettings settings, final String modelName, final String mapsFolder) {
		this.settings = settings;
		this.modelName = modelName;
		this.mapsFolder = mapsFolder;
	}

	@Override
	public Iterator<Row> call(final Iterator<Row> paths) {
		final ExecutorModel model = ExecutorModel.of(Path.of(SparkFiles.get(modelName)));
		final TaskContext task = TaskContext.get();
		final boolean inject = task != null && task.attemptNumber() < settings.failAttempts() && task
			.partitionId() == 0;
		final ExecutorModel.Features features = settings.task() == Task.FEATURES ? model.features(settings.layer(),
			settings.grid()) : null;
		final boolean flat = settings.format().equals("csv");
		return new Iterator<>() {

			private final ArrayDeque<Row> ready = new ArrayDeque<>();

			@Override
			public boolean hasNext() {
				while (ready.isEmpty() && paths.hasNext()) fill();
				if (ready.isEmpty() && inject) {
					// every row of this attempt has gone to the writer: fail it now (the retry test)
					throw new IllegalStateException("failure injected into attempt " + task.attemptNumber() + " of partition 0");
				}
				return !ready.isEmpty();
			}

			@Override
			public Row next() {
				if (!hasNext()) throw new NoSuchElementException();
				return ready.poll();
			}

			private void fill() {
				final List<String> names = new ArrayList<>();
				final List<RawImage> images = new ArrayList<>();
				final InputFit fit = model.fit();
				while (images.size() < settings.batch() && paths.hasNext()) {
					final String path = paths.next().getString(0);
					final String file = ImageSource.display(path);
					final List<RawImage> planes;
					try {
						planes = ImageSource.read(path, settings.task() != Task.CLASSIFY);
					}
					catch (final IOException | RuntimeException e) {
						ready.add(error(file, "cannot read the image: " + e.getMessage()));
						continue;
					}
					for (int k = 0; k < planes.size(); k++) {
						final String name = planes.size() == 1 ? file : file + " slice " + (k + 1);
						try {
							images.add(settings.task() == Task.FEATURES ? planes.get(k) : fit.fit(planes.get(k), name));
							names.add(name);
						}
						catch (final RuntimeException e) {
							ready.add(error(name, e.getMessage()));
						}
					}
				}
				if (images.isEmpty()) return;
				switch (settings.task()) {
					case CLASSIFY -> {
						final float[][] p = model.classify(images);
						for (int i = 0; i < p.length; i++) ready.add(OutputSchema.classified(names.get(i), model.classes(), p[i]));
					}
					case FEATURES -> {
						final float[][] f = features.of(images);
						for (int i = 0; i < f.length; i++) ready.add(OutputSchema.features(names.get(i), f[i], flat));
					}
					case PROBABILITY_MAP -> {
						for (int i = 0; i < images.size(); i++) ready.add(map(names.get(i), images.get(i)));
					}
				}
			}

			private Row map(final String name, final RawImage image) {
				final float[][] maps;
				try {
					maps = model.probabilityMap(image, settings.window(), settings.stride());
				}
				catch (final RuntimeException e) {
					if (!(e instanceof org.convnetij.util.UserInputException)) throw e;
					return error(name, e.getMessage());
				}
				final String file = OutputSchema.mapFile(name);
				try {
					ImageSource.write(mapsFolder + "/" + file, FloatTiff.stack(maps, image.width(), image.height()));
				}
				catch (final IOException e) {
					throw new IllegalStateException("cannot write the probability map " + file + ": " + e.getMessage(), e);
				}
				return OutputSchema.map(name, OutputSchema.MAPS + "/" + file, image.width(), image.height(), model
					.classes(), maps);
			}

			private Row error(final String file, final String message) {
				return OutputSchema.error(settings.task(), file, model.classes().size(), features == null ? 0 : features
					.length(), flat, message);
			}
		};
	}

	/** A row of one string: the input of {@link #call} (a path, a URI for other file systems). */
	static Row path(final String path) {
		return RowFactory.create(path);
	}
}
