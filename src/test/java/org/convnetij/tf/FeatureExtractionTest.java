package org.convnetij.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import org.convnetij.data.ImageReader;
import org.convnetij.data.LabelledFolder;
import org.convnetij.transfer.FeatureCache;
import org.convnetij.transfer.FeatureExtractor;
import org.convnetij.transfer.FeatureTable;
import org.convnetij.testutil.TestFiles;
import org.convnetij.testutil.Tolerance;
import org.convnetij.transfer.SoftmaxHead;
import org.convnetij.workflow.HeadTraining;
import org.convnetij.transfer.TfjsModel;
import org.convnetij.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pretrained MobileNetV2 (TF.js) as a feature extractor on the gland / stroma tiles of sample-images: cached
 * features, the CSV table, and a softmax head trained on half of the tiles that classifies the other half.
 */
class FeatureExtractionTest {

	@TempDir
	Path tmp;

	@Test
	void pretrainedFeaturesAreCachedAndSeparateGlandFromStroma() throws IOException {
		final LabelledFolder set = LabelledFolder.scan(Path.of("sample-images", "labelled"));
		final List<Path> train = new ArrayList<>(), test = new ArrayList<>();
		final List<Integer> trainLabels = new ArrayList<>(), testLabels = new ArrayList<>();
		for (int c = 0; c < 2; c++) {
			final List<Path> files = set.files(c);
			for (int i = 0; i < files.size(); i++) {
				(i % 2 == 0 ? train : test).add(files.get(i));
				(i % 2 == 0 ? trainLabels : testLabels).add(c);
			}
		}
		final Path cacheFile = tmp.resolve(FeatureCache.FILE_NAME);
		// copies, so that one file's modification time can change
		final List<Path> copies = new ArrayList<>();
		for (final Path p : train) copies.add(Files.copy(p, tmp.resolve(p.getParent().getFileName() + "_" + p
			.getFileName())));
		try (TfjsFeatureNetwork net = new TfjsFeatureNetwork(TfjsModel.read(TestFiles.mobileNetV2()), "out_relu")) {
			assertEquals(1280, net.featureLength());
			final FeatureExtractor first = new FeatureExtractor(net, FeatureCache.open(cacheFile), ImageReader.standard());
			final float[][] xTrain = first.extract(copies, Progress.NONE);
			assertEquals(40, first.computed());
			assertTrue(Files.isRegularFile(cacheFile));
			assertTrue(first.notes().isEmpty(), "RGB tiles need no conversion");

			final FeatureExtractor second = new FeatureExtractor(net, FeatureCache.open(cacheFile), ImageReader
				.standard());
			Files.setLastModifiedTime(copies.get(3), FileTime.fromMillis(Files.getLastModifiedTime(copies.get(3))
				.toMillis() + 5000));
			final float[][] again = second.extract(copies, Progress.NONE);
			assertEquals(1, second.computed(), "only the touched file is computed again");
			assertEquals(39, second.cache().hits());
			// the cached rows came from a batch of 40, the recomputed one from a batch of 1: other kernels, other
			// orders of the sums (MobileNetV2: 1x1 convolutions of up to 960 channels, 53 layers)
			for (int i = 0; i < copies.size(); i++) Tolerance.assertClose(xTrain[i], again[i], Tolerance.relative(960,
				53), "features of " + copies.get(i).getFileName());

			final float[][] xTest = new FeatureExtractor(net, FeatureCache.inMemory(), ImageReader.standard()).extract(
				test, Progress.NONE);
			final int[] yTrain = trainLabels.stream().mapToInt(Integer::intValue).toArray();
			final int[] yTest = testLabels.stream().mapToInt(Integer::intValue).toArray();
			final SoftmaxHead head = HeadTraining.fit(xTrain, yTrain, 2, new HeadTraining.Options(30, 0.01,
				1e-4, 42), Progress.NONE);
			assertEquals(1.0, head.accuracy(xTrain, yTrain));
			final double acc = head.accuracy(xTest, yTest);
			System.out.println("gland vs stroma, MobileNetV2 out_relu features + softmax head: test accuracy " + acc +
				" on " + yTest.length + " tiles");
			assertTrue(acc >= 0.8, "test accuracy " + acc);

			final Path csv = tmp.resolve("features.csv");
			final List<String> names = new ArrayList<>(), classes = new ArrayList<>();
			for (int i = 0; i < test.size(); i++) {
				names.add(test.get(i).toString());
				classes.add(set.classNames().get(yTest[i]));
			}
			FeatureTable.write(csv, names, classes, xTest);
			final List<String> lines = Files.readAllLines(csv);
			assertEquals(41, lines.size());
			assertTrue(lines.get(0).startsWith("file,class,f0,f1,"));
			assertTrue(lines.get(0).endsWith(",f1279"));
			assertEquals(1282, lines.get(1).split(",").length);
			assertTrue(lines.get(1).contains(",gland,"));
			assertEquals(xTest[0][5], Float.parseFloat(lines.get(1).split(",")[7]));
		}
	}

	@Test
	void grayImagesIntoTheRgbNetworkAreReplicatedAndSaidOnce() throws IOException {
		final Path gray = TestFiles.sample("microaneurysms.png");
		final Path copy = Files.copy(gray, tmp.resolve("gray.png"));
		try (TfjsFeatureNetwork net = new TfjsFeatureNetwork(TfjsModel.read(TestFiles.mobileNetV2()), "out_relu")) {
			final FeatureExtractor e = new FeatureExtractor(net, FeatureCache.inMemory(), ImageReader.standard());
			final float[][] f = e.extract(List.of(gray, copy), Progress.NONE);
			assertEquals(List.of("gray images given to an RGB network: the gray value is copied into R, G and B"), e
				.notes());
			Tolerance.assertClose(f[0], f[1], Tolerance.relative(960, 53), "the same image twice in one batch");
		}
	}
}
