package org.convnetij.command.cnn;

import org.convnetij.nn.ConvPattern;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;

/**
 * The architecture group, defined once for Model Summary and Train Classifier: a named architecture, its input
 * size, and the custom architecture as one {@code pattern} in the course's notation ({@link ConvPattern#parse}).
 * The former separate keys of the custom architecture are still read from macros and the launcher, as settings of
 * the pattern ({@code filters=8,16} becomes {@code pattern=... filters=8,16}).
 */
abstract class ArchitectureCommand extends CnnCommand {

	/** The former keys that are now settings inside {@code pattern}. */
	static final String FORMER_PATTERN_KEYS = "convs,blocks,dense,filters,kernelsize,size,padding,stride,pool," +
		"poolstride,units";

	@Parameter(label = "architecture", choices = { "custom", "lenet5", "alexnet", "zfnet", "vgg16", "vgg19",
		"googlenet", "inceptionv3", "inceptionresnetv2", "resnet50", "densenet121", "densenet169", "densenet201",
		"mobilenetv2" })
	protected String architecture = "custom";

	@Parameter(label = "width (pixels; 0 = the architecture's usual)", min = "0")
	protected int width = 0;

	@Parameter(label = "height (pixels; 0 = the architecture's usual)", min = "0")
	protected int height = 0;

	@Parameter(label = "channels (1 gray, 3 RGB; 0 = the architecture's usual)", min = "0")
	protected int channels = 0;

	@Parameter(label = "pattern (custom: layers as [[CONV-RELU]*N-POOL]*M-[FC-RELU]*K-FC, then settings such as " +
		"filters=32,64 kernelsize=3 units=128)", attrs = @Attr(name = "oldparts", value = FORMER_PATTERN_KEYS))
	protected String pattern = ConvPattern.defaults().notation();

	/** The custom architecture's pattern, read from {@code pattern}. */
	protected ConvPattern convPattern() {
		return ConvPattern.parse(pattern);
	}
}
