package org.convnetij.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import org.convnetij.util.Progress;
import org.convnetij.util.UserInputException;
import org.convnetij.util.TempPaths;

/**
 * One file from the internet into a folder, checked by hash: it is written to a temporary file next to the target,
 * its MD5 or SHA-256 (by the length of the expected hash, as Keras's {@code get_file} decides) computed while it
 * arrives, and only a file with the expected hash is moved to the target name, atomically. A wrong hash, a broken
 * connection or a cancel deletes the temporary file: nothing partial is ever left under the target name.
 */
final class WeightDownload {

	/** How long to wait for a connection, and for the next bytes once connected (a stalled transfer). */
	record Timeouts(int connectMillis, int readMillis) {

		/** 15 s to connect (an offline machine fails fast), 60 s without any byte. */
		static final Timeouts STANDARD = new Timeouts(15_000, 60_000);
	}

	private static final int BUFFER = 1 << 16;

	/** Progress is reported about every this many bytes. */
	private static final long REPORT_EVERY = 1 << 20;

	private WeightDownload() {}

	/**
	 * Downloads {@code url} to {@code target} when its hash is {@code expectedHash} (32 hex digits: MD5; 64: SHA-256).
	 *
	 * @throws IOException where the file could not be fetched (no connection, timeout, HTTP error, short transfer)
	 * @throws UserInputException for a wrong hash or a cancel (the temporary file deleted in both cases)
	 */
	static Path download(final URI url, final Path target, final String expectedHash, final Progress progress,
		final Timeouts timeouts) throws IOException
	{
		final MessageDigest digest = digestFor(expectedHash);
		final Path folder = target.toAbsolutePath().getParent();
		Path temp = null;
		URLConnection connection = null;
		boolean moved = false;
		try {
			connection = url.toURL().openConnection();
			connection.setConnectTimeout(timeouts.connectMillis());
			connection.setReadTimeout(timeouts.readMillis());
			if (connection instanceof HttpURLConnection http) {
				final int code = http.getResponseCode();
				if (code != HttpURLConnection.HTTP_OK) {
					throw new IOException("HTTP " + code + (http.getResponseMessage() == null ? "" : " " + http
						.getResponseMessage()) + " from " + url);
				}
			}
			final long total = connection.getContentLengthLong();
			// the folder only once the server answers: an offline attempt leaves nothing behind
			Files.createDirectories(folder);
			temp = TempPaths.newFile(folder, target.getFileName() + ".", ".part");
			progress.status("downloading " + url + " into " + folder);
			long done = 0;
			try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(temp)) {
				final byte[] buffer = new byte[BUFFER];
				long reported = 0;
				int n;
				while ((n = in.read(buffer)) >= 0) {
					if (progress.isCanceled()) {
						throw new UserInputException("the download of " + url + " was canceled; nothing was kept");
					}
					out.write(buffer, 0, n);
					digest.update(buffer, 0, n);
					done += n;
					if (done - reported >= REPORT_EVERY) {
						progress.update(done, total);
						reported = done;
					}
				}
			}
			if (total >= 0 && done != total) {
				throw new IOException("the transfer ended after " + done + " of " + total + " bytes");
			}
			progress.update(done, total >= 0 ? total : done);
			final String got = HexFormat.of().formatHex(digest.digest());
			if (!got.equalsIgnoreCase(expectedHash)) {
				throw new UserInputException("the file downloaded from " + url + " has " + algorithm(expectedHash) +
					" " + got + ", expected " + expectedHash.toLowerCase(Locale.ROOT) + " (" + done + " bytes): it " +
					"was deleted and nothing was kept");
			}
			// same folder, so a rename: other readers see no file or the whole, checked one
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
			moved = true;
			return target;
		}
		finally {
			if (!moved && connection instanceof HttpURLConnection http) http.disconnect();
			if (!moved && temp != null) Files.deleteIfExists(temp);
		}
	}

	/** A short reason for a failed download, for the user ("unknown host ...", "Read timed out"). */
	static String reason(final IOException e) {
		if (e instanceof UnknownHostException) return "unknown host " + e.getMessage() + " (no internet access?)";
		final String m = e.getMessage();
		return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
	}

	/** The hash algorithm Keras uses for a hash of this length. */
	static String algorithm(final String hash) {
		return hash.length() == 64 ? "SHA-256" : "MD5";
	}

	private static MessageDigest digestFor(final String hash) {
		if (hash == null || !(hash.length() == 32 || hash.length() == 64) || !hash.matches("[0-9a-fA-F]+")) {
			throw new IllegalArgumentException("not an MD5 or SHA-256 hash: '" + hash + "'");
		}
		try {
			return MessageDigest.getInstance(algorithm(hash));
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("the JVM has no " + algorithm(hash), e);
		}
	}
}
