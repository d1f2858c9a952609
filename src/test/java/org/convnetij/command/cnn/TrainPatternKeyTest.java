package org.convnetij.command.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.convnetij.ij1.CommandCall;
import org.convnetij.ij1.CommandCatalog;
import org.convnetij.ij1.MacroOptions;
import org.convnetij.nn.ConvPattern;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.ModelSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandInfo;
import org.scijava.module.Module;

/**
 * Train Classifier's architecture as one key: a macro with {@code pattern=} trains the same network as one with the
 * former separate keys (the same convnet.json pattern and the same summary), through the macro door.
 */
class TrainPatternKeyTest {

	private static final String COMMON = "data=sample-images/labelled width=16 height=16 channels=1 epochs=1 " +
		"batch=16 seed=5 ";

	@TempDir
	Path tmp;

	private ModelSpec train(final String options) {
		final CommandInfo info = CommandCatalog.shared().find("Train Classifier");
		final Map<String, String> keys = MacroOptions.parse(options);
		final Module m = CommandCall.run(CommandCatalog.shared(), info, keys, List.of(), (k, v) -> null);
		assertTrue(((String) m.getOutput("report")).contains("80 images, 2 classes"), (String) m.getOutput("report"));
		try {
			return ModelSpec.read(Path.of(keys.get("output")));
		}
		catch (final java.io.IOException e) {
			throw new AssertionError(e);
		}
	}

	@Test
	void patternTrainsTheSameNetworkAsTheFormerKeys() throws Exception {
		final ModelSpec old = train(COMMON + "convs=2 blocks=1 dense=2 filters=4 kernelsize=5 padding=valid units=8,6 " +
			"output=" + tmp.resolve("old"));
		final ModelSpec now = train(COMMON + "pattern=[[[CONV-RELU]*2-POOL]*1-[FC-RELU]*2-FC filters=4 kernelsize=5 " +
			"padding=valid units=8,6] output=" + tmp.resolve("new"));
		final ConvPattern expected = ConvPattern.defaults().convs(2).blocks(1).dense(2).filters(4).size(5).padding(0)
			.units(8, 6);
		assertEquals(expected, old.pattern());
		assertEquals(expected, now.pattern());
		assertEquals(ModelSummary.of(old), ModelSummary.of(now));
		assertTrue(ModelSummary.of(now).contains("block1_conv2 (Conv2D)"), ModelSummary.of(now));
		assertFalse(ModelSummary.of(now).contains("block2_"), ModelSummary.of(now));
		assertEquals(Files.readAllLines(tmp.resolve("old/history.csv")).size(), Files.readAllLines(tmp.resolve(
			"new/history.csv")).size());
	}

	@Test
	void theRecordedFormReadsBackInEveryDoor() {
		final String notation = ConvPattern.parse("[[CONV-RELU]*2-POOL]*2-[FC-RELU]*1-FC filters=4").notation();
		final String recorded = MacroOptions.format(Map.of("pattern", notation));
		assertEquals("pattern=[[[CONV -> RELU]*2 -> POOL]*2 -> [FC -> RELU]*1 -> FC filters=4]", recorded);
		assertEquals(notation, MacroOptions.parse(recorded).get("pattern"));
		// ImageJ's own reader (Fiji's macro door) matches nested brackets too
		assertEquals(notation, ij.Macro.getValue(recorded, "pattern", ""));
	}
}
