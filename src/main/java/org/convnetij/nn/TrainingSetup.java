package org.convnetij.nn;

import java.util.Set;

/**
 * What a network's training pass is built with: the optimizer key (sgd with momentum, rmsprop, adam), learning
 * rate, momentum (sgd), L2 on kernels, dropout before the classifier, the layers that stay frozen, the seed, and
 * {@code freezeUpTo}: for a network that is not of our layers (a SavedModel kept as it is), the layer (a name, or
 * a count of its layers with weights) up to which it stays frozen, empty for the engine's default. A network
 * prepared once keeps its setup.
 */
public record TrainingSetup(String optimizer, double learningRate, double momentum, double l2, double dropout,
	Set<String> frozen, long seed, String freezeUpTo)
{

	public TrainingSetup {
		frozen = Set.copyOf(frozen);
		freezeUpTo = freezeUpTo == null ? "" : freezeUpTo.trim();
	}
}
