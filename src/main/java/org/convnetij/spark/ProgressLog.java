package org.convnetij.spark;

import java.util.Locale;
import java.util.function.Consumer;

import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * The driver's progress lines while a job writes: partitions done of total, rows written and rows per second, one
 * line per finished partition (at most one every {@code every} ms, and the last one always). Only successful
 * attempts of the writing stage count, so a retried partition counts once.
 */
final class ProgressLog extends SparkListener {

	private final int partitions;
	private final Consumer<String> out;
	private final long start = System.nanoTime();
	private final long every;
	private int done;
	private long rows;
	private long lastLine;

	ProgressLog(final int partitions, final Consumer<String> out, final long everyMillis) {
		this.partitions = partitions;
		this.out = out;
		this.every = everyMillis * 1_000_000L;
	}

	@Override
	public synchronized void onTaskEnd(final SparkListenerTaskEnd end) {
		if (!"ResultTask".equals(end.taskType()) || end.reason() != Success$.MODULE$ || end.taskMetrics() == null) return;
		done++;
		rows += end.taskMetrics().outputMetrics().recordsWritten();
		final long now = System.nanoTime();
		if (done < partitions && now - lastLine < every) return;
		lastLine = now;
		out.accept(String.format(Locale.ROOT, "partitions %d/%d, %d rows, %.1f rows/s", done, partitions, rows,
			rate(now)));
	}

	synchronized long rows() {
		return rows;
	}

	synchronized int done() {
		return done;
	}

	double rate(final long now) {
		final double s = (now - start) / 1e9;
		return s <= 0 ? 0 : rows / s;
	}
}
