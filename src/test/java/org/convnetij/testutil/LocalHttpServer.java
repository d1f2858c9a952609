package org.convnetij.testutil;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A web server on a free port of the loopback address for download tests: it serves {@code body} for every path,
 * or stalls after a few bytes, and counts the requests that reach it.
 */
public final class LocalHttpServer implements AutoCloseable {

	/** What the server does with a request. */
	public enum Behaviour {
		/** 200 with the whole body. */
		SERVE,
		/** 200, announces the whole body, sends 16 bytes, then nothing until closed. */
		STALL,
		/** 404. */
		NOT_FOUND
	}

	private final HttpServer server;
	private final AtomicInteger requests = new AtomicInteger();
	private final CountDownLatch release = new CountDownLatch(1);

	public LocalHttpServer(final byte[] body, final Behaviour behaviour) throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", exchange -> {
			requests.incrementAndGet();
			try (exchange) {
				if (behaviour == Behaviour.NOT_FOUND) {
					exchange.sendResponseHeaders(404, -1);
					return;
				}
				exchange.sendResponseHeaders(200, body.length);
				final OutputStream out = exchange.getResponseBody();
				if (behaviour == Behaviour.STALL) {
					out.write(body, 0, Math.min(16, body.length));
					out.flush();
					release.await(30, TimeUnit.SECONDS);
					return;
				}
				out.write(body);
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		});
		server.start();
	}

	/** The address of the server's root, ending with a slash. */
	public String baseUrl() {
		return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getAddress().getPort() +
			"/";
	}

	/** How many requests reached the server. */
	public int requests() {
		return requests.get();
	}

	@Override
	public void close() {
		release.countDown();
		server.stop(0);
	}
}
