package org.convnetij.tf;

import java.io.IOException;
import java.nio.file.Path;

import org.convnetij.nn.Model;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes a TensorFlow SavedModel (tag "serve") of a model's inference graph, for other tools (Python TensorFlow,
 * DeepImageJ): the weights are variables restored from {@code variables/}, batch norm uses the moving statistics,
 * dropout is off. Signatures: {@value #SERVING} (input {@code image}: float32 [-1, H, W, C], normalised as
 * convnet.json says; outputs {@code probabilities} and, when the model ends with a softmax, {@code logits}) and
 * {@value #FEATURES} (input {@code image}, output {@code features}: the feature layer's output as it is).
 */
final class SavedModelExport {

	/** The subfolder of a model folder that holds the SavedModel. */
	static final String FOLDER = "savedmodel";
	static final String SERVING = Signature.DEFAULT_KEY;
	static final String FEATURES = "features";
	static final String INPUT = "image";

	private SavedModelExport() {}

	/**
	 * Exports {@code session}'s graph into {@code dir}; {@code featureLayer} is left out when it is not a layer of
	 * {@code model} (models whose spec does not rebuild them).
	 */
	static void export(final Path dir, final Session session, final Placeholder<TFloat32> input,
		final LayerGraph inference, final Model model, final String featureLayer) throws IOException
	{
		final Signature.Builder serving = Signature.builder(SERVING).input(INPUT, input).output("probabilities",
			inference.output(model.output()));
		final Operand<TFloat32> logits = inference.logitsOrNull();
		if (logits != null) serving.output("logits", logits);
		final SavedModelBundle.Exporter exporter = SavedModelBundle.exporter(dir.toString()).withSession(session)
			.withSignature(serving.build());
		if (featureLayer != null && model.has(featureLayer)) {
			exporter.withSignature(Signature.builder(FEATURES).input(INPUT, input).output(FEATURES, inference.output(
				featureLayer)).build());
		}
		exporter.export();
	}
}
