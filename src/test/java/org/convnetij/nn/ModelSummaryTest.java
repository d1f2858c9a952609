package org.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.convnetij.data.InputShape;

/** The Keras-like summary text. */
class ModelSummaryTest {

	@Test
	void chainSummaryOfTheTwoBlockPattern() {
		final Model m = Architectures.custom(InputShape.of(28, 28, 1), ConvPattern.twoBlocks(), Top.classifier(10));
		final String text = m.summary();
		// columns are as wide as their longest cell
		final List<String> lines = text.lines().toList();
		assertEquals("Model: \"custom\"", lines.get(0));
		assertTrue(lines.get(2).startsWith("Layer (type)"), lines.get(2));
		assertTrue(lines.get(2).contains("Output Shape"));
		assertTrue(lines.get(2).endsWith("Param #"), "no connected-to column for a chain: " + lines.get(2));
		final int shapeColumn = lines.get(2).indexOf("Output Shape");
		assertEquals("block1_conv1 (Conv2D)", lines.get(5).substring(0, shapeColumn).trim());
		assertEquals("28 x 28 x 32", lines.get(5).substring(shapeColumn).trim().split(" {2,}")[0]);
		assertTrue(lines.get(5).endsWith("320"), lines.get(5));
		assertTrue(text.contains("fc1 (Dense)"));
		assertTrue(text.contains("Total params: 421,642\n"), text);
		assertTrue(text.contains("Trainable params: 421,642\n"));
		assertTrue(text.contains("Non-trainable params: 0\n"));
		assertTrue(text.contains("Input: 28 x 28 x 1, output: 10 (predictions)"));
	}

	@Test
	void graphSummaryShowsConnections() {
		final String text = Architectures.resnet50(InputShape.of(224, 224, 3), Top.classifier(1000)).summary();
		assertTrue(text.contains("Connected to"), text.substring(0, 300));
		final String add = text.lines().filter(l -> l.startsWith("conv2_block1_add (Add)")).findFirst().orElseThrow();
		assertTrue(add.contains("56 x 56 x 256"), add);
		assertTrue(add.endsWith("conv2_block1_0_bn, conv2_block1_3_bn"), add);
		assertTrue(text.contains("Total params: 25,636,712\n"));
		assertTrue(text.contains("Trainable params: 25,583,592\n"));
		assertTrue(text.contains("Non-trainable params: 53,120\n"));
	}

	@Test
	void specSummaryHasTheClasses() {
		final ModelSpec spec = ModelSpec.of(Architecture.LENET5, InputShape.of(32, 32, 1)).classes(List.of("alive",
			"dead"));
		final String text = ModelSummary.of(spec);
		assertTrue(text.startsWith("Architecture: lenet5\nClasses (2): alive, dead\n"), text);
		assertTrue(text.contains("Feature layer: fc1\n"), text);
		assertTrue(text.contains("predictions (Dense)"));
	}
}
