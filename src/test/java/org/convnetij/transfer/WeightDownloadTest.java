package org.convnetij.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.convnetij.nn.Architecture;
import org.convnetij.testutil.LocalHttpServer;
import org.convnetij.testutil.LocalHttpServer.Behaviour;
import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads of Keras Applications weight files from a web server on the loopback address (no internet): into the
 * cache with a matching hash, nothing left after a wrong hash, a refused or stalled connection, an HTTP error or a
 * cancel; cached files and given paths never fetched; the hashes Keras publishes; the properties.
 */
class WeightDownloadTest {

	private static final WeightDownload.Timeouts SHORT = new WeightDownload.Timeouts(2_000, 500);

	@TempDir
	Path tmp;

	/** 3 MB of seeded random bytes: several progress reports. */
	private static byte[] body() {
		final byte[] b = new byte[3 * 1024 * 1024 + 123];
		new Random(42).nextBytes(b);
		return b;
	}

	private static String hash(final String algorithm, final byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
	}

	private static List<Path> files(final Path folder) throws IOException {
		if (!Files.exists(folder)) return List.of();
		try (Stream<Path> s = Files.list(folder)) {
			return s.toList();
		}
	}

	/** Records what the download reports. */
	private static final class Recorder implements Progress {

		final List<String> statuses = new ArrayList<>();
		final List<long[]> updates = new ArrayList<>();
		boolean cancel;

		@Override
		public void status(final String message) {
			statuses.add(message);
		}

		@Override
		public void update(final long done, final long total) {
			updates.add(new long[] { done, total });
		}

		@Override
		public boolean isCanceled() {
			return cancel && !updates.isEmpty();
		}
	}

	@Test
	void downloadsIntoTheCacheWhenTheHashMatches() throws Exception {
		final byte[] body = body();
		final Path cache = tmp.resolve("keras").resolve("models");
		for (final String algorithm : new String[] { "MD5", "SHA-256" }) {
			try (LocalHttpServer server = new LocalHttpServer(body, Behaviour.SERVE)) {
				final Path target = cache.resolve("fake-" + algorithm + ".h5");
				final Recorder progress = new Recorder();
				final Path got = WeightDownload.download(URI.create(server.baseUrl() + "x/fake.h5"), target, hash(
					algorithm, body), progress, SHORT);
				assertEquals(target, got);
				assertArrayEquals(body, Files.readAllBytes(target));
				assertEquals(1, server.requests());
				assertTrue(progress.statuses.get(0).startsWith("downloading " + server.baseUrl() + "x/fake.h5"),
					progress.statuses.toString());
				assertTrue(progress.updates.size() >= 3, "progress reported " + progress.updates.size() + " times");
				final long[] last = progress.updates.get(progress.updates.size() - 1);
				assertArrayEquals(new long[] { body.length, body.length }, last);
				for (final long[] u : progress.updates) assertEquals(body.length, u[1]);
			}
		}
		// only the two checked files, no temporary file
		assertEquals(List.of("fake-MD5.h5", "fake-SHA-256.h5"), files(cache).stream().map(p -> p.getFileName()
			.toString()).sorted().toList());
	}

	@Test
	void aWrongHashLeavesNothingAndSaysBothHashes() throws Exception {
		final byte[] body = body();
		final String wrong = hash("MD5", new byte[] { 1, 2, 3 });
		final Path cache = tmp.resolve("cache");
		try (LocalHttpServer server = new LocalHttpServer(body, Behaviour.SERVE)) {
			final UserInputException e = assertThrows(UserInputException.class, () -> WeightDownload.download(URI
				.create(server.baseUrl() + "fake.h5"), cache.resolve("fake.h5"), wrong, Progress.NONE, SHORT));
			assertTrue(e.getMessage().contains("has MD5 " + hash("MD5", body) + ", expected " + wrong), e.getMessage());
			assertTrue(e.getMessage().contains("nothing was kept"), e.getMessage());
		}
		assertEquals(List.of(), files(cache));
	}

	@Test
	void aCancelDeletesTheTemporaryFile() throws Exception {
		final byte[] body = body();
		final Path cache = tmp.resolve("cache");
		final Recorder progress = new Recorder();
		progress.cancel = true;
		try (LocalHttpServer server = new LocalHttpServer(body, Behaviour.SERVE)) {
			final UserInputException e = assertThrows(UserInputException.class, () -> WeightDownload.download(URI
				.create(server.baseUrl() + "fake.h5"), cache.resolve("fake.h5"), hash("MD5", body), progress, SHORT));
			assertTrue(e.getMessage().contains("was canceled; nothing was kept"), e.getMessage());
		}
		assertEquals(List.of(), files(cache));
	}

	@Test
	void aRefusedConnectionGivesTheOfflineMessageWithTheReason() throws Exception {
		final String base;
		try (LocalHttpServer server = new LocalHttpServer(new byte[0], Behaviour.SERVE)) {
			base = server.baseUrl();
		}
		// the server is gone: its port refuses connections
		final Path cache = tmp.resolve("cache");
		final UserInputException e = assertThrows(UserInputException.class, () -> KerasApplicationsWeights
			.cachedOrDownloaded(Architecture.VGG16, false, base, cache, Progress.NONE, SHORT));
		final String m = e.getMessage();
		assertTrue(m.startsWith("no weight file given and none at '" + cache.resolve(
			"vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5") + "' (could not download: "), m);
		assertTrue(m.toLowerCase().contains("connection refused"), m);
		assertTrue(m.contains(": fetch " + base + "vgg16/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5 (the " +
			"file vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5) on a machine with internet access and put it " +
			"into " + cache), m);
		// not even the folder is made before the server answers
		assertFalse(Files.exists(cache));
	}

	@Test
	void aStalledTransferTimesOutAndLeavesNothing() throws Exception {
		final Path cache = tmp.resolve("cache");
		try (LocalHttpServer server = new LocalHttpServer(body(), Behaviour.STALL)) {
			final UserInputException e = assertThrows(UserInputException.class, () -> KerasApplicationsWeights
				.cachedOrDownloaded(Architecture.RESNET50, true, server.baseUrl(), cache, Progress.NONE, SHORT));
			assertTrue(e.getMessage().contains("(could not download: Read timed out)"), e.getMessage());
			assertTrue(e.getMessage().contains("fetch " + server.baseUrl() +
				"resnet/resnet50_weights_tf_dim_ordering_tf_kernels.h5"), e.getMessage());
			assertEquals(1, server.requests());
		}
		assertEquals(List.of(), files(cache));
	}

	@Test
	void anHttpErrorAndAWrongHashThroughTheCacheSayWhatToDo() throws Exception {
		final Path cache = tmp.resolve("cache");
		try (LocalHttpServer server = new LocalHttpServer(body(), Behaviour.NOT_FOUND)) {
			final UserInputException e = assertThrows(UserInputException.class, () -> KerasApplicationsWeights
				.cachedOrDownloaded(Architecture.DENSENET121, false, server.baseUrl(), cache, Progress.NONE, SHORT));
			assertTrue(e.getMessage().contains("(could not download: HTTP 404"), e.getMessage());
		}
		// a server that serves other bytes under the real name: Keras's hash refuses them
		try (LocalHttpServer server = new LocalHttpServer(body(), Behaviour.SERVE)) {
			final UserInputException e = assertThrows(UserInputException.class, () -> KerasApplicationsWeights
				.cachedOrDownloaded(Architecture.DENSENET121, false, server.baseUrl(), cache, Progress.NONE, SHORT));
			assertTrue(e.getMessage().contains("has MD5 " + hash("MD5", body()) +
				", expected 30ee3e1110167f948a6b9946edeeb738"), e.getMessage());
			assertTrue(e.getMessage().contains(": fetch " + server.baseUrl() + "densenet/"), e.getMessage());
		}
		assertEquals(List.of(), files(cache));
	}

	@Test
	void aCachedFileIsNotDownloadedAgain() throws Exception {
		final Path cache = Files.createDirectories(tmp.resolve("cache"));
		final Path cached = Files.write(cache.resolve("inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5"),
			new byte[] { 7 });
		try (LocalHttpServer server = new LocalHttpServer(body(), Behaviour.SERVE)) {
			assertEquals(cached, KerasApplicationsWeights.cachedOrDownloaded(Architecture.INCEPTIONV3, false, server
				.baseUrl(), cache, Progress.NONE, SHORT));
			assertEquals(0, server.requests());
		}
	}

	@Test
	void aFileWithoutPublishedHashIsNeverDownloaded() throws Exception {
		final Path cache = tmp.resolve("cache");
		try (LocalHttpServer server = new LocalHttpServer(body(), Behaviour.SERVE)) {
			final UserInputException e = assertThrows(UserInputException.class, () -> KerasApplicationsWeights
				.cachedOrDownloaded(Architecture.MOBILENETV2, false, server.baseUrl(), cache, Progress.NONE, SHORT));
			assertTrue(e.getMessage().contains("(not downloaded: Keras publishes no hash to check " +
				"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5 with): fetch " + server.baseUrl() +
				"mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5"), e.getMessage());
			assertEquals(0, server.requests());
		}
		assertEquals(List.of(), files(cache));
	}

	@Test
	void aGivenPathThatDoesNotExistIsNeverDownloaded() throws Exception {
		final Path cache = tmp.resolve("cache");
		final Path missing = tmp.resolve("elsewhere").resolve("vgg19.h5");
		try (LocalHttpServer server = new LocalHttpServer(body(), Behaviour.SERVE)) {
			withProperties(server.baseUrl(), cache, () -> {
				final UserInputException e = assertThrows(UserInputException.class, () -> KerasApplicationsWeights
					.locate(Architecture.VGG19, false, missing));
				assertEquals("the weight file '" + missing + "' does not exist: fetch " + server.baseUrl() +
					"vgg19/vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5 (the file " +
					"vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5) on a machine with internet access and put it " +
					"into " + missing.getParent() + " (or anywhere, and give its path as source)", e.getMessage());
			});
			assertEquals(0, server.requests());
		}
		assertEquals(List.of(), files(cache));
	}

	@Test
	void anEmptySourceDownloadsThroughTheProperties() throws Exception {
		final Path cache = tmp.resolve("cache");
		try (LocalHttpServer server = new LocalHttpServer(body(), Behaviour.SERVE)) {
			withProperties(server.baseUrl(), cache, () -> {
				assertEquals(server.baseUrl() + "vgg16/vgg16_weights_tf_dim_ordering_tf_kernels.h5",
					KerasApplicationsWeights.url(Architecture.VGG16, true));
				assertEquals(cache, KerasApplicationsWeights.kerasFolder());
				// the real name, other bytes: requested from the server, refused by Keras's hash
				final UserInputException e = assertThrows(UserInputException.class, () -> KerasApplicationsWeights
					.locate(Architecture.VGG16, true, Path.of("")));
				assertTrue(e.getMessage().contains("expected 64373286793e3c8b2b4e3219cbf3544b"), e.getMessage());
			});
			assertEquals(1, server.requests());
		}
		assertEquals(List.of(), files(cache));
		assertEquals(KerasApplicationsWeights.BASE_URL + "vgg16/vgg16_weights_tf_dim_ordering_tf_kernels.h5",
			KerasApplicationsWeights.url(Architecture.VGG16, true));
	}

	@Test
	void kerasHashesForEveryFileButMobileNetV2() {
		int count = 0;
		for (final Architecture a : Architecture.values()) {
			if (!KerasApplicationsWeights.hasFile(a)) continue;
			for (final boolean top : new boolean[] { true, false }) {
				final String h = KerasApplicationsWeights.fileHash(a, top);
				if (a == Architecture.MOBILENETV2) {
					assertNull(h);
					continue;
				}
				assertTrue(h != null && h.matches("[0-9a-f]{32}"), a + " " + top + ": " + h);
				count++;
			}
		}
		assertEquals(16, count);
		assertEquals("6d6bbae143d832006294945121d1f1fc", KerasApplicationsWeights.fileHash(Architecture.VGG16, false));
		assertEquals("d19885ff4a710c122648d3b5c3b684e4", KerasApplicationsWeights.fileHash(
			Architecture.INCEPTIONRESNETV2, false));
	}

	/** Runs {@code body} with the base address and cache folder properties set, then removes them. */
	static void withProperties(final String base, final Path cache, final ThrowingRunnable body) throws Exception {
		System.setProperty(KerasApplicationsWeights.BASE_URL_PROPERTY, base);
		System.setProperty(KerasApplicationsWeights.CACHE_PROPERTY, cache.toString());
		try {
			body.run();
		}
		finally {
			System.clearProperty(KerasApplicationsWeights.BASE_URL_PROPERTY);
			System.clearProperty(KerasApplicationsWeights.CACHE_PROPERTY);
		}
	}

	interface ThrowingRunnable {

		void run() throws Exception;
	}
}
