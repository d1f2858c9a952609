package org.convnetij.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.convnetij.data.InputShape;
import org.convnetij.data.LabelledFolder;
import org.convnetij.data.LabelledImages;
import org.convnetij.nn.ImportSettings;
import org.convnetij.nn.ModelSpec;
import org.convnetij.nn.TransferSettings;
import org.convnetij.nn.TransferSettings.Strategy;
import org.convnetij.testutil.TestFiles;
import org.convnetij.util.Progress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * strategy=auto on the imported MobileNetV2 (64 x 64) and the gland/stroma tiles: it scores features at four layers
 * and fine-tuning on validation, lists them, keeps the best, and chooses the same again with the same seed.
 */
public class AutoStrategyTest {

	@TempDir
	static Path tmp;

	private static Path pretrained, train, validation;

	@BeforeAll
	static void prepare() throws IOException {
		pretrained = tmp.resolve("mobilenetv2-64");
		ModelExchange.importModel(ImportSettings.of(TestFiles.mobileNetV2(), pretrained).size(64), Progress.NONE);
		train = tmp.resolve("train");
		validation = tmp.resolve("validation");
		TransferLearningTest.splitSamples(train, validation);
	}

	@Test
	void autoScoresEveryCandidateOnValidationAndKeepsTheBest() throws IOException {
		final Path out = tmp.resolve("auto");
		final TransferLearning.Result r = TransferLearning.run(new TransferLearning.Target(pretrained, out, false), train,
			validation, new TransferSettings(Strategy.AUTO, "", 5, 0.01, 3), Progress.NONE);
		System.out.println(r.report());
		assertTrue(r.reason().startsWith("auto chose "), r.reason());
		assertTrue(r.reason().contains("of 5 candidates, scored on the 40 validation images"), r.reason());
		// the report and auto-candidates.csv list the feature layer, three earlier layers and fine-tuning
		final List<String> rows = Files.readAllLines(out.resolve(AutoStrategy.CSV_NAME));
		assertEquals(6, rows.size(), rows.toString());
		assertTrue(rows.get(1).matches("\"features at out_relu \\(feature layer\\)\",features,,1,,.*"), rows.get(1));
		assertTrue(rows.get(5).startsWith("\"finetune, first "), rows.get(5));
		double best = -1;
		String chosen = null;
		for (final String row : rows.subList(1, rows.size())) {
			final String[] f = row.split(",");
			final double acc = Double.parseDouble(f[f.length - 3]);
			assertTrue(acc >= 0 && acc <= 1, row);
			assertTrue(Double.parseDouble(f[f.length - 2]) > 0, "a time: " + row);
			assertTrue(r.report().contains(row.substring(1, row.indexOf('"', 1))), "the report lists " + row);
			if (acc > best) {
				best = acc;
				chosen = row;
			}
			if (f[f.length - 1].equals("true")) assertTrue(row.equals(chosen) || acc == best, row);
		}
		assertTrue(chosen.endsWith(",true"), "the first best is chosen: " + chosen);
		// the model written is the chosen candidate
		final ModelSpec spec = ModelSpec.read(out);
		assertEquals(chosen.contains(",finetune,") ? "finetune" : "features", spec.training().strategy());
	}

	/**
	 * Ten images per class, no validation images: 3-fold cross-validation; the same seed gives the same scores and the
	 * same choice.
	 */
	@Test
	void aFixedSeedGivesTheSameChoice() throws IOException {
		final LabelledImages all = LabelledFolder.scan(train).load(InputShape.of(64, 64, 3), ModelSpec.read(
			pretrained).normalization(), Progress.NONE).images();
		final LabelledImages few = all.samplePerClass(10, 5);
		final TransferSettings s = new TransferSettings(Strategy.AUTO, "", 4, 0.01, 7);
		final AutoStrategy.Choice a = AutoStrategy.choose(pretrained, few, null, s, Progress.NONE);
		final AutoStrategy.Choice b = AutoStrategy.choose(pretrained, few, null, s, Progress.NONE);
		System.out.println(a.table());
		assertTrue(a.scoring().startsWith("3-fold cross-validation"), a.scoring());
		assertEquals(5, a.candidates().size());
		for (int i = 0; i < a.candidates().size(); i++) {
			assertEquals(a.candidates().get(i).name(), b.candidates().get(i).name());
			assertEquals(a.candidates().get(i).accuracy(), b.candidates().get(i).accuracy(), 1e-12, a.candidates().get(
				i).name());
		}
		assertEquals(a.best().name(), b.best().name());
		assertEquals(a.settings(), b.settings());
		assertTrue(a.table().contains("| " + a.best().name() + " | "), a.table());
	}
}
