package org.convnetij.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.convnetij.util.UserInputException;

/** Training and validation images of the same classes. */
public record Split(LabelledImages training, LabelledImages validation) {

	public Split {
		LabelledFolder.requireSameClasses(training.classNames(), validation.classNames(), "the training set",
			"the validation set");
		if (!training.shape().equals(validation.shape())) {
			throw new UserInputException("training images are " + training.shape() + " but validation images are " +
				validation.shape());
		}
	}

	/**
	 * A stratified split, the same in every class: of a class with n images, {@code round(n * fraction)} go to
	 * validation, but at least 1 and at most n - 1 (so both sets see every class). Which ones is random with the
	 * seed (same seed, same split); both sets keep the original order.
	 *
	 * @param validationFraction in (0, 1), e.g. 0.2
	 */
	public static Split stratified(final LabelledImages data, final double validationFraction, final long seed) {
		if (!(validationFraction > 0 && validationFraction < 1)) {
			throw new UserInputException("validation fraction must be between 0 and 1 (e.g. 0.2), not " +
				validationFraction);
		}
		final Random random = new Random(seed);
		final List<Integer> train = new ArrayList<>(), validation = new ArrayList<>();
		for (int c = 0; c < data.classCount(); c++) {
			final int[] members = data.indicesOf(c);
			if (members.length < 2) {
				throw new UserInputException("class '" + data.classNames().get(c) + "' has " + members.length +
					" image(s); a validation split needs at least 2 per class");
			}
			final int n = members.length;
			final int nVal = (int) Math.max(1, Math.min(n - 1, Math.round(n * validationFraction)));
			final List<Integer> shuffled = new ArrayList<>();
			for (final int i : members) shuffled.add(i);
			Collections.shuffle(shuffled, random);
			validation.addAll(shuffled.subList(0, nVal));
			train.addAll(shuffled.subList(nVal, n));
		}
		Collections.sort(train);
		Collections.sort(validation);
		return new Split(data.subset(toArray(train)), data.subset(toArray(validation)));
	}

	/** An explicit validation set (e.g. from its own folder); the class names must match. */
	public static Split of(final LabelledImages training, final LabelledImages validation) {
		return new Split(training, validation);
	}

	private static int[] toArray(final List<Integer> list) {
		return list.stream().mapToInt(Integer::intValue).toArray();
	}
}
