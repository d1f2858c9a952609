package org.convnetij.nn;

import java.util.Set;

/**
 * What a network's training pass is built with: the optimizer key (sgd with momentum, rmsprop, adam), learning
 * rate, momentum (sgd), L2 on kernels, dropout before the classifier, the layers that stay frozen, and the seed.
 * A network prepared once keeps its setup.
 */
public record TrainingSetup(String optimizer, double learningRate, double momentum, double l2, double dropout,
	Set<String> frozen, long seed)
{

	public TrainingSetup {
		frozen = Set.copyOf(frozen);
	}
}
