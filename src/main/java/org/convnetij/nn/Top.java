package org.convnetij.nn;

import org.convnetij.util.UserInputException;

/**
 * Whether a named architecture ends with its classifier (Keras include_top=True, with {@link #classes()} outputs,
 * softmax) or stops at its last feature layer (include_top=False, pooling=None).
 */
public final class Top {

	private static final Top NONE = new Top(0);

	private final int classes;

	private Top(final int classes) {
		this.classes = classes;
	}

	/** The architecture's classifier with {@code classes} outputs (1 or more). */
	public static Top classifier(final int classes) {
		if (classes < 1) throw new UserInputException("classes must be 1 or more, not " + classes);
		return new Top(classes);
	}

	/** No classifier: the model ends with its features. */
	public static Top none() {
		return NONE;
	}

	public boolean included() {
		return classes > 0;
	}

	/** Number of classes; 0 without the classifier. */
	public int classes() {
		return classes;
	}

	@Override
	public String toString() {
		return included() ? classes + " classes" : "no top";
	}
}
