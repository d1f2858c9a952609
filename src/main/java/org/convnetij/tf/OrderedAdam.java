package org.convnetij.tf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Constant;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyAdam;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;
import org.tensorflow.framework.optimizers.Optimizer;

/**
 * Adam as tensorflow-framework's {@code Adam} (the same slots "m" and "v" and the variables beta1_power and
 * beta2_power, so that saved optimizer state loads again), with one difference: the powers are multiplied only
 * after every variable's update has read them. The framework's Adam leaves their order open, so that a step read
 * the power of the next step now and then, and the same seed gave another model from run to run.
 */
final class OrderedAdam extends Optimizer {

	private static final float BETA_ONE = 0.9f, BETA_TWO = 0.999f, EPSILON = 1e-8f;

	private final float learningRate;
	private Variable<TFloat32> betaOnePower;
	private Variable<TFloat32> betaTwoPower;
	private Constant<TFloat32> rate, betaOne, betaTwo, epsilon;

	OrderedAdam(final Graph graph, final float learningRate) {
		super(graph);
		this.learningRate = learningRate;
	}

	@Override
	protected void createSlots(final List<Output<? extends TType>> variables) {
		for (final Output<? extends TType> v : variables) slots(v);
		betaOnePower = tf.withInitScope().withName("beta1_power").variable(Shape.scalar(), TFloat32.class);
		tf.withInitScope().assign(betaOnePower, tf.constant(BETA_ONE));
		betaTwoPower = tf.withInitScope().withName("beta2_power").variable(Shape.scalar(), TFloat32.class);
		tf.withInitScope().assign(betaTwoPower, tf.constant(BETA_TWO));
	}

	private <T extends TType> void slots(final Output<T> v) {
		createSlot(v.asOutput(), "m", tf.fill(tf.shape(v), tf.dtypes.cast(tf.constant(0f), v.type())));
		createSlot(v.asOutput(), "v", tf.fill(tf.shape(v), tf.dtypes.cast(tf.constant(0f), v.type())));
	}

	@Override
	protected Optional<Op> prepare(final String scopeName) {
		betaOne = tf.constant(BETA_ONE);
		betaTwo = tf.constant(BETA_TWO);
		rate = tf.constant(learningRate);
		epsilon = tf.constant(EPSILON);
		return Optional.empty();
	}

	@Override
	@SuppressWarnings("unchecked")
	protected <T extends TType> Op applyDense(final Ops ops, final Output<T> gradient, final Output<T> variable) {
		final Variable<T> m = getSlot(variable, "m").get();
		final Variable<T> v = getSlot(variable, "v").get();
		final Class<T> type = variable.type();
		return ops.train.applyAdam(variable, m, v, ops.dtypes.cast(betaOnePower, type), ops.dtypes.cast(betaTwoPower,
			type), ops.dtypes.cast(rate, type), ops.dtypes.cast(betaOne, type), ops.dtypes.cast(betaTwo, type), ops.dtypes
				.cast(epsilon, type), gradient, ApplyAdam.useLocking(true));
	}

	@Override
	protected Op finish(final List<Op> updates, final String name) {
		// the powers move on after every update has used them
		final Ops after = tf.withControlDependencies(updates);
		final List<Op> all = new ArrayList<>(updates);
		all.add(after.assign(betaOnePower, after.math.mul(betaOnePower, betaOne)));
		all.add(after.assign(betaTwoPower, after.math.mul(betaTwoPower, betaTwo)));
		return super.finish(all, name);
	}

	/**
	 * The same Adam update on a resource variable (a SavedModel's, fine-tuned in its own graph), with the step powers
	 * fed per step: {@code state} holds the moments m and v, then the fed powers of beta1 and beta2 and the rate.
	 */
	@SuppressWarnings("unchecked")
	static org.tensorflow.GraphOperation resourceUpdate(final Ops tf, final org.tensorflow.Operand<?> variable,
		final org.tensorflow.Operand<?>[] state, final org.tensorflow.Operand<TFloat32> gradient)
	{
		return (org.tensorflow.GraphOperation) tf.train.resourceApplyAdam(variable, state[0], state[1],
			(org.tensorflow.Operand<TFloat32>) state[2], (org.tensorflow.Operand<TFloat32>) state[3],
			(org.tensorflow.Operand<TFloat32>) state[4], tf.constant(BETA_ONE), tf.constant(BETA_TWO), tf.constant(
				FINE_TUNING_EPSILON), gradient).op();
	}

	/** Adam's epsilon in fine-tuning a SavedModel (Keras's default). */
	private static final float FINE_TUNING_EPSILON = 1e-7f;

	@Override
	public String getOptimizerName() {
		return "Adam";
	}
}
