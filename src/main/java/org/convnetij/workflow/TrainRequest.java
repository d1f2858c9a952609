package org.convnetij.workflow;

import java.nio.file.Path;

import org.convnetij.data.Normalization;
import org.convnetij.nn.ConvPattern;

/**
 * What {@link Cnn#train} needs: the labelled data folder, the validation (a folder or a fraction), a new
 * architecture (key, custom pattern, input size, normalisation) or a model folder to continue from, the
 * {@link TrainOptions}, and the output model folder. Immutable; build with {@link #builder(Path, Path)}.
 */
public final class TrainRequest {

	private final Path data;
	private final Path output;
	private final String validation;
	private final String architecture;
	private final ConvPattern pattern;
	private final int width, height, channels;
	private final Normalization normalization;
	private final Path model;
	private final TrainOptions options;

	private TrainRequest(final Builder b) {
		data = b.data;
		output = b.output;
		validation = b.validation;
		architecture = b.architecture;
		pattern = b.pattern;
		width = b.width;
		height = b.height;
		channels = b.channels;
		normalization = b.normalization;
		model = b.model;
		options = b.options;
	}

	/** Data folder (one subfolder per class) and output model folder. */
	public static Builder builder(final Path data, final Path output) {
		return new Builder(data, output);
	}

	public Path data() {
		return data;
	}

	public Path output() {
		return output;
	}

	/** "" (none), a fraction such as "0.2", or a folder with the same class subfolders. */
	public String validation() {
		return validation;
	}

	public String architecture() {
		return architecture;
	}

	public ConvPattern pattern() {
		return pattern;
	}

	/** Input width; 0 = the architecture's usual. */
	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	public int channels() {
		return channels;
	}

	public Normalization normalization() {
		return normalization;
	}

	/** A model folder to continue training from (then architecture, input and normalisation are the model's); or null. */
	public Path model() {
		return model;
	}

	public TrainOptions options() {
		return options;
	}

	/** Collects the request; defaults: validation 0.2, custom with its default pattern, usual input, range. */
	public static final class Builder {

		private final Path data;
		private final Path output;
		private String validation = "0.2";
		private String architecture = "custom";
		private ConvPattern pattern = ConvPattern.defaults();
		private int width, height, channels;
		private Normalization normalization = Normalization.range();
		private Path model;
		private TrainOptions options = TrainOptions.builder().build();

		private Builder(final Path data, final Path output) {
			this.data = data;
			this.output = output;
		}

		public Builder validation(final String v) {
			validation = v == null ? "" : v.trim();
			return this;
		}

		public Builder architecture(final String key, final ConvPattern p) {
			architecture = key;
			pattern = p;
			return this;
		}

		public Builder input(final int w, final int h, final int c) {
			width = w;
			height = h;
			channels = c;
			return this;
		}

		public Builder normalization(final Normalization n) {
			normalization = n;
			return this;
		}

		public Builder model(final Path folder) {
			model = folder;
			return this;
		}

		public Builder options(final TrainOptions o) {
			options = o;
			return this;
		}

		public TrainRequest build() {
			return new TrainRequest(this);
		}
	}
}
