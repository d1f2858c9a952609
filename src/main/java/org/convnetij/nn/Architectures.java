package org.convnetij.nn;

import org.convnetij.data.InputShape;


/**
 * Facade for the named architectures: Keras Applications' layer names and parameter counts where Keras has the
 * network (vgg16, vgg19, inceptionv3, inceptionresnetv2, resnet50, densenet121/169/201, mobilenetv2), the papers
 * otherwise (lenet5, alexnet, zfnet, googlenet), and the custom {@link ConvPattern}. Every method checks the input
 * against {@link Architecture#minimumSize()} with a message naming the minimum.
 *
 * <pre>
 * Model vgg = Architectures.vgg16(InputShape.of(224, 224, 3), Top.classifier(1000));
 * Model features = Architectures.build("resnet50", InputShape.of(128, 128, 3), 0, false);
 * </pre>
 */
public final class Architectures {

	private Architectures() {}

	/**
	 * The architecture of that key ({@link Architecture#keys()}); with {@code includeTop} its classifier has
	 * {@code classes} outputs, without it {@code classes} is ignored. Custom uses {@link ConvPattern#defaults()}.
	 */
	public static Model build(final String architecture, final InputShape input, final int classes,
		final boolean includeTop)
	{
		return build(Architecture.parse(architecture), input, includeTop ? Top.classifier(classes) : Top.none());
	}

	/** The architecture with or without its classifier; custom uses {@link ConvPattern#defaults()}. */
	public static Model build(final Architecture architecture, final InputShape input, final Top top) {
		architecture.checkInput(input);
		switch (architecture) {
			case LENET5:
				return PaperNets.lenet5(input, top);
			case ALEXNET:
				return PaperNets.alexnet(input, top);
			case ZFNET:
				return PaperNets.zfnet(input, top);
			case VGG16:
				return VggNets.vgg16(input, top);
			case VGG19:
				return VggNets.vgg19(input, top);
			case GOOGLENET:
				return GoogLeNet.build(input, top);
			case INCEPTIONV3:
				return InceptionV3.build(input, top);
			case INCEPTIONRESNETV2:
				return InceptionResNetV2.build(input, top);
			case RESNET50:
				return ResNets.resnet50(input, top);
			case DENSENET121:
				return DenseNets.densenet("densenet121", new int[] { 6, 12, 24, 16 }, input, top);
			case DENSENET169:
				return DenseNets.densenet("densenet169", new int[] { 6, 12, 32, 32 }, input, top);
			case DENSENET201:
				return DenseNets.densenet("densenet201", new int[] { 6, 12, 48, 32 }, input, top);
			case MOBILENETV2:
				return MobileNets.mobilenetV2(input, top);
			case CUSTOM:
				return CustomNet.build(input, ConvPattern.defaults(), top);
			default:
				throw new AssertionError(architecture);
		}
	}

	/** The architecture, with {@code pattern} when it is custom (ignored otherwise). */
	public static Model build(final Architecture architecture, final InputShape input, final Top top,
		final ConvPattern pattern)
	{
		return architecture == Architecture.CUSTOM ? custom(input, pattern, top) : build(architecture, input, top);
	}

	/** The custom pattern INPUT -> [[CONV -> RELU]*N -> POOL?]*M -> [FC -> RELU]*K -> FC. */
	public static Model custom(final InputShape input, final ConvPattern pattern, final Top top) {
		return CustomNet.build(input, pattern, top);
	}

	public static Model lenet5(final InputShape input, final Top top) {
		return build(Architecture.LENET5, input, top);
	}

	public static Model alexnet(final InputShape input, final Top top) {
		return build(Architecture.ALEXNET, input, top);
	}

	public static Model zfnet(final InputShape input, final Top top) {
		return build(Architecture.ZFNET, input, top);
	}

	public static Model vgg16(final InputShape input, final Top top) {
		return build(Architecture.VGG16, input, top);
	}

	public static Model vgg19(final InputShape input, final Top top) {
		return build(Architecture.VGG19, input, top);
	}

	public static Model googlenet(final InputShape input, final Top top) {
		return build(Architecture.GOOGLENET, input, top);
	}

	public static Model inceptionV3(final InputShape input, final Top top) {
		return build(Architecture.INCEPTIONV3, input, top);
	}

	public static Model inceptionResNetV2(final InputShape input, final Top top) {
		return build(Architecture.INCEPTIONRESNETV2, input, top);
	}

	public static Model resnet50(final InputShape input, final Top top) {
		return build(Architecture.RESNET50, input, top);
	}

	public static Model densenet121(final InputShape input, final Top top) {
		return build(Architecture.DENSENET121, input, top);
	}

	public static Model densenet169(final InputShape input, final Top top) {
		return build(Architecture.DENSENET169, input, top);
	}

	public static Model densenet201(final InputShape input, final Top top) {
		return build(Architecture.DENSENET201, input, top);
	}

	public static Model mobilenetV2(final InputShape input, final Top top) {
		return build(Architecture.MOBILENETV2, input, top);
	}
}
