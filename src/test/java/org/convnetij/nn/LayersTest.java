package org.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.convnetij.util.UserInputException;
import org.convnetij.data.InputShape;
import org.junit.jupiter.api.Test;

/** Output shapes, weight layouts and graph checks of single layers. */
class LayersTest {

	private static Shape out(final Layer layer, final Shape... in) {
		return layer.outputShape(List.of(in));
	}

	@Test
	void convolutionOutputSizes() {
		final Shape in = Shape.spatial(227, 227, 3);
		// valid: (W - F) / S + 1 = (227 - 11) / 4 + 1 = 55
		assertEquals(Shape.spatial(55, 55, 96), out(Conv2D.named("c").filters(96).kernel(11).stride(4), in));
		// same: ceil(W / S) = ceil(227 / 2) = 114
		assertEquals(Shape.spatial(114, 114, 8), out(Conv2D.named("c").filters(8).kernel(3).stride(2).padding(
			PaddingMode.SAME), in));
		// non-square kernel, width 7 and height 1, valid
		assertEquals(Shape.spatial(221, 227, 4), out(Conv2D.named("c").filters(4).kernel(7, 1), in));
		final UserInputException e = assertThrows(UserInputException.class, () -> out(Conv2D.named("big").kernel(5),
			Shape.spatial(4, 9, 1)));
		assertTrue(e.getMessage().startsWith("layer big (Conv2D): the 5 x 5 window is larger than its 4 x 9 input"), e
			.getMessage());
	}

	@Test
	void weightLayoutsAreKeras() {
		final Shape in = Shape.spatial(17, 17, 768);
		final List<Weight> conv = Conv2D.named("c").filters(192).kernel(7, 1).weights(List.of(in));
		assertEquals("kernel", conv.get(0).name());
		assertArrayEquals(new int[] { 1, 7, 768, 192 }, conv.get(0).dims(), "[height, width, in, out]");
		assertArrayEquals(new int[] { 192 }, conv.get(1).dims());
		assertEquals(1, Conv2D.named("c").withoutBias().weights(List.of(in)).size());
		final List<Weight> depthwise = DepthwiseConv2D.named("d").kernel(3).depthMultiplier(2).weights(List.of(in));
		assertEquals("depthwise_kernel", depthwise.get(0).name());
		assertArrayEquals(new int[] { 3, 3, 768, 2 }, depthwise.get(0).dims());
		assertArrayEquals(new int[] { 1536 }, depthwise.get(1).dims());
		assertEquals(Shape.spatial(17, 17, 1536), out(DepthwiseConv2D.named("d").kernel(3).depthMultiplier(2).padding(
			PaddingMode.SAME), in));
		final List<Weight> dense = Dense.named("fc").units(10).weights(List.of(Shape.flat(84)));
		assertArrayEquals(new int[] { 84, 10 }, dense.get(0).dims());
		final List<Weight> bn = BatchNormalization.named("bn").weights(List.of(in));
		assertEquals(List.of("gamma", "beta", "moving_mean", "moving_variance"), bn.stream().map(Weight::name).toList());
		assertEquals(List.of(true, true, false, false), bn.stream().map(Weight::isTrainable).toList());
		final List<Weight> noScale = BatchNormalization.named("bn").withoutScale().weights(List.of(in));
		assertEquals(List.of("beta", "moving_mean", "moving_variance"), noScale.stream().map(Weight::name).toList());
	}

	@Test
	void poolingPaddingAndMerges() {
		final Shape in = Shape.spatial(112, 111, 64);
		assertEquals(Shape.spatial(55, 55, 64), out(MaxPooling2D.named("p").pool(3).stride(2), in));
		assertEquals(Shape.spatial(56, 56, 64), out(MaxPooling2D.named("p").pool(3).stride(2).padding(PaddingMode.SAME),
			in));
		assertEquals(2, AveragePooling2D.named("a").stride(), "the stride defaults to the pool size");
		assertEquals(Shape.flat(64), out(GlobalMaxPooling2D.named("g"), in));
		assertEquals(Shape.spatial(113, 113, 64), out(ZeroPadding2D.named("z").pad(0, 2, 1, 0), in));
		assertEquals(Shape.spatial(7, 7, 96), out(Concatenate.named("c"), Shape.spatial(7, 7, 32), Shape.spatial(7, 7,
			64)));
		assertThrows(UserInputException.class, () -> out(Concatenate.named("c"), Shape.spatial(7, 7, 32), Shape
			.spatial(8, 7, 32)));
		assertThrows(UserInputException.class, () -> out(Add.named("a"), Shape.spatial(7, 7, 32), Shape.spatial(7, 7,
			31)));
		assertEquals(Shape.flat(112 * 111 * 64), out(Flatten.named("f"), in));
		final UserInputException e = assertThrows(UserInputException.class, () -> out(Dense.named("fc").units(3), in));
		assertTrue(e.getMessage().contains("put Flatten or global pooling before it"), e.getMessage());
	}

	@Test
	void layersAreImmutable() {
		final Conv2D base = Conv2D.named("c");
		final Conv2D wide = base.filters(64).kernel(5).padding(PaddingMode.SAME).activation(Activation.RELU);
		assertEquals(1, base.filters());
		assertEquals(1, base.kernelWidth());
		assertEquals(PaddingMode.VALID, base.padding());
		assertEquals(Activation.LINEAR, base.activation());
		assertEquals(64, wide.filters());
		assertEquals("d", wide.withName("d").name());
		assertEquals("c", wide.name());
		assertTrue(ReLU.six("r").isCapped());
		assertFalse(ReLU.named("r").isCapped());
		assertThrows(UserInputException.class, () -> Conv2D.named("c").filters(0));
		assertThrows(UserInputException.class, () -> Conv2D.named("bad name"));
		assertThrows(UserInputException.class, () -> Dropout.named("d").rate(1));
	}

	@Test
	void graphBuilderChecks() {
		final ModelBuilder b = Model.builder("toy", InputShape.of(16, 16, 3));
		final String left = b.add(Conv2D.named(b.autoName("conv2d")).filters(4).kernel(3).padding(PaddingMode.SAME), b
			.input());
		final String right = b.add(Conv2D.named(b.autoName("conv2d")).filters(4).kernel(1), b.input());
		assertEquals("conv2d", left);
		assertEquals("conv2d_1", right);
		assertThrows(UserInputException.class, () -> b.add(Conv2D.named("conv2d"), b.input()), "duplicate name");
		assertThrows(UserInputException.class, () -> b.add(Add.named("one"), left), "Add needs two inputs");
		assertThrows(UserInputException.class, () -> b.add(ReLU.named("r"), left, right), "ReLU takes one");
		assertThrows(UserInputException.class, () -> b.add(ReLU.named("r"), "nowhere"));
		final String sum = b.add(Add.named("sum"), left, right);
		b.add(Conv2D.named("unused").filters(2), left);
		final Model m = b.build(sum);
		assertEquals(List.of("input_1", "conv2d", "conv2d_1", "sum"), m.layers().stream().map(Layer::name).toList(),
			"only the nodes leading to the output, in topological order");
		assertEquals(List.of("conv2d", "conv2d_1"), m.node("sum").inputs());
		assertEquals(List.of("sum"), m.consumers("conv2d"));
		assertEquals(3 * 3 * 3 * 4 + 4 + 3 * 4 + 4, m.totalParameters());
		final Model cut = m.truncatedAt("conv2d");
		assertEquals(List.of("input_1", "conv2d"), cut.layers().stream().map(Layer::name).toList());
		assertThrows(UserInputException.class, () -> m.node("fc9"));
	}
}
