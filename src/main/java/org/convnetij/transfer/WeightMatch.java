package org.convnetij.transfer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.convnetij.nn.Model;
import org.convnetij.nn.Node;
import org.convnetij.nn.Weight;
import org.convnetij.util.UserInputException;

/**
 * The weights of a {@link WeightSet} fitted to a {@link Model} by Keras weight name ({@code layer/kernel}) with shape
 * checks: what matched, which model weights the file lacks, which have another shape, which file weights the model
 * does not use. {@link #requireAll(Collection)} turns a poor fit into a message that lists the missing and the
 * mismatched layers with their shapes (a weight file of another architecture or input size).
 *
 * <pre>
 * WeightMatch m = WeightMatch.of(Architectures.mobilenetV2(InputShape.of(224, 224, 3), Top.none()), weights);
 * Map&lt;String, WeightTensor&gt; byName = m.requireAll(List.of()).matched();
 * </pre>
 */
public final class WeightMatch {

	/** A model weight whose file tensor has another shape. */
	public record Mismatch(String name, int[] modelShape, int[] fileShape) {
		@Override
		public String toString() {
			return name + " " + dims(modelShape) + " in the model, " + dims(fileShape) + " in the file";
		}
	}

	/** How many entries a message lists before "and N more". */
	private static final int LISTED = 8;

	private final Model model;
	private final WeightSet weights;
	private final Map<String, WeightTensor> matched = new LinkedHashMap<>();
	private final Map<String, int[]> missing = new LinkedHashMap<>();
	private final List<Mismatch> mismatched = new ArrayList<>();
	private final List<String> unused = new ArrayList<>();

	private WeightMatch(final Model model, final WeightSet weights) {
		this.model = model;
		this.weights = weights;
		final Set<String> used = new LinkedHashSet<>();
		for (final Node node : model.nodes()) {
			for (final Weight w : node.weights()) {
				final String name = node.name() + "/" + w.name();
				final WeightTensor t = weights.weights().get(name);
				if (t == null) missing.put(name, w.dims());
				else {
					used.add(name);
					if (Arrays.equals(t.shape(), w.dims())) matched.put(name, t);
					else mismatched.add(new Mismatch(name, w.dims(), t.shape()));
				}
			}
		}
		for (final String name : weights.weights().keySet()) {
			if (!used.contains(name)) unused.add(name);
		}
	}

	/** Matches every weight of the model against the set. */
	public static WeightMatch of(final Model model, final WeightSet weights) {
		return new WeightMatch(model, weights);
	}

	/** Model weight name to the file's tensor of the same name and shape, in model order. */
	public Map<String, WeightTensor> matched() {
		return Collections.unmodifiableMap(matched);
	}

	/** Model weights (name to shape) that the file lacks. */
	public Map<String, int[]> missing() {
		return Collections.unmodifiableMap(missing);
	}

	/** Model weights that the file has with another shape. */
	public List<Mismatch> mismatched() {
		return Collections.unmodifiableList(mismatched);
	}

	/** File weights that no model weight uses (the classifier of a full file loaded into a notop model, ...). */
	public List<String> unused() {
		return Collections.unmodifiableList(unused);
	}

	/** Layers with at least one missing weight, in model order. */
	public Set<String> missingLayers() {
		final Set<String> out = new LinkedHashSet<>();
		for (final String n : missing.keySet()) out.add(layerOf(n));
		return out;
	}

	/** Layers with at least one weight of another shape, in model order. */
	public Set<String> mismatchedLayers() {
		final Set<String> out = new LinkedHashSet<>();
		for (final Mismatch m : mismatched) out.add(layerOf(m.name()));
		return out;
	}

	/** True when every model weight was found with its shape. */
	public boolean isComplete() {
		return missing.isEmpty() && mismatched.isEmpty();
	}

	/**
	 * This match when every model weight matched, except in the layers named in {@code newLayers} (a new classifier
	 * that training initialises), which may be missing or mismatched; otherwise a message that lists the missing and
	 * the mismatched layers with their shapes.
	 */
	public WeightMatch requireAll(final Collection<String> newLayers) {
		final List<String> miss = new ArrayList<>();
		for (final Map.Entry<String, int[]> e : missing.entrySet()) {
			if (!newLayers.contains(layerOf(e.getKey()))) miss.add(e.getKey() + " " + dims(e.getValue()));
		}
		final List<String> bad = new ArrayList<>();
		for (final Mismatch m : mismatched) {
			if (!newLayers.contains(layerOf(m.name()))) bad.add(m.toString());
		}
		if (miss.isEmpty() && bad.isEmpty()) return this;
		final StringBuilder sb = new StringBuilder();
		sb.append("the weights in '").append(weights.source()).append("' do not fit the model ").append(model.name())
			.append(" (").append(model.inputShape()).append("): ");
		if (matched.isEmpty()) sb.append("no weight name matches, it is probably another architecture; ");
		if (!miss.isEmpty()) sb.append(miss.size()).append(" missing: ").append(listed(miss));
		if (!miss.isEmpty() && !bad.isEmpty()) sb.append("; ");
		if (!bad.isEmpty()) sb.append(bad.size()).append(" with another shape: ").append(listed(bad));
		sb.append(". The file has ").append(weights.weights().size()).append(" weights of ").append(weights
			.layerNames().size()).append(" layers, e.g. ").append(listed(new ArrayList<>(weights.layerNames())
				.subList(0, Math.min(3, weights.layerNames().size()))));
		throw new UserInputException(sb.toString());
	}

	private static String listed(final List<String> items) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < Math.min(LISTED, items.size()); i++) {
			if (i > 0) sb.append(", ");
			sb.append(items.get(i));
		}
		if (items.size() > LISTED) sb.append(" and ").append(items.size() - LISTED).append(" more");
		return sb.toString();
	}

	static String dims(final int[] shape) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : "x").append(shape[i]);
		return shape.length == 0 ? "scalar" : sb.toString();
	}

	private static String layerOf(final String weightName) {
		return weightName.substring(0, weightName.lastIndexOf('/'));
	}

	/** One line: how many weights matched, missing, mismatched, unused. */
	public String summary() {
		return matched.size() + " weights matched, " + missing.size() + " missing, " + mismatched.size() +
			" with another shape, " + unused.size() + " in the file not used";
	}

	@Override
	public String toString() {
		return summary();
	}
}
