package org.convnetij.cli;

import java.util.List;

import org.convnetij.util.UserInputException;

/** {@code ./convnet benchmark <name> [arguments]}: the measured comparisons that README reports. */
final class Benchmarks {

	private Benchmarks() {}

	static void run(final List<String> args) throws Exception {
		final String name = args.isEmpty() ? "" : args.get(0);
		final String[] rest = args.subList(Math.min(1, args.size()), args.size()).toArray(new String[0]);
		switch (name) {
			case "training":
				TrainingBenchmark.main(rest);
				break;
			case "filters":
				FilterBenchmark.main(rest);
				break;
			case "transfer":
				TransferBenchmark.main(rest);
				break;
			default:
				throw new UserInputException("unknown benchmark '" + name + "': use training, filters or transfer");
		}
	}
}
