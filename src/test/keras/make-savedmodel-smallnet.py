"""Writes a small non-standard TensorFlow SavedModel with Keras 3 itself, for the Java tests of features taken from
an internal tensor of a SavedModel kept as it is.

The functional model "smallnet" (input "image", 24 x 24 x 3) contains a nested sub-model "stem" used as a layer
(Conv2D 8@3x3 "stem_conv" same, BatchNormalization "stem_bn", ReLU "stem_relu"), then DepthwiseConv2D 3x3 "dw" same,
BatchNormalization "dw_bn", ReLU "dw_relu", Conv2D 16@1x1 relu "pw", MaxPooling2D 2 "pool", GlobalAveragePooling2D
"gap", Dropout 0.2 "drop", Dense 12 relu "fc1", Dense 4 softmax "predictions". Keras's default initialisation from a
fixed seed, non-zero biases and seeded non-trivial batch-norm statistics (gamma, beta, moving mean, positive moving
variance), so that inference-mode batch norm matters. Written into the given folder (little-endian float32, NHWC):
  smallnet/                   model.export() (Keras 3's export, TF2 SavedModel, signature "serving_default")
  smallnet-inputs.f32         4 x 24 x 24 x 3, uniform in [0, 1), seed 7
  smallnet-predictions.f32    4 x 4, model.predict of the inputs
  smallnet-stem.f32           4 x 24 x 24 x 8, output of the nested "stem" sub-model (its "stem_relu")
  smallnet-pw.f32             4 x 24 x 24 x 16, output of "pw"
  smallnet-gap.f32            4 x 16, output of "gap"
  smallnet-fc1.f32            4 x 12, output of "fc1"
The internal values are Keras's own, in inference mode, from keras.Model(model.input, layer.output). At the end it
prints the model summary, the serving signature and the op names of the functions in the exported graph that belong
to those layers.

Run (Python 3.11 with tensorflow-cpu 2.21 and keras 3; no network needed):
  python make-savedmodel-smallnet.py ../resources/org/convnetij/transfer/savedmodel
"""
import os
import shutil
import sys

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
import numpy as np
import keras
from keras import layers

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
keras.utils.set_random_seed(13)

stem_in = keras.Input(shape=(24, 24, 3), name="stem_input")
s = layers.Conv2D(8, 3, padding="same", name="stem_conv")(stem_in)
s = layers.BatchNormalization(name="stem_bn")(s)
s = layers.ReLU(name="stem_relu")(s)
stem = keras.Model(stem_in, s, name="stem")

inp = keras.Input(shape=(24, 24, 3), name="image")
stem_out = stem(inp)
x = layers.DepthwiseConv2D(3, padding="same", name="dw")(stem_out)
x = layers.BatchNormalization(name="dw_bn")(x)
x = layers.ReLU(name="dw_relu")(x)
x = layers.Conv2D(16, 1, activation="relu", name="pw")(x)
x = layers.MaxPooling2D(2, name="pool")(x)
x = layers.GlobalAveragePooling2D(name="gap")(x)
x = layers.Dropout(0.2, name="drop")(x)
x = layers.Dense(12, activation="relu", name="fc1")(x)
x = layers.Dense(4, activation="softmax", name="predictions")(x)
model = keras.Model(inp, x, name="smallnet")

# non-zero biases and non-trivial batch-norm statistics, so that a bias or a training-mode batch norm shows; biases
# and beta lean positive so that few ReLU units are dead for every input (the internal values stay informative)
rng = np.random.default_rng(3)
for layer, low, high in [(stem.get_layer("stem_conv"), -0.2, 0.2), (model.get_layer("dw"), -0.2, 0.2),
                         (model.get_layer("pw"), 0.05, 0.3), (model.get_layer("fc1"), 0.05, 0.3),
                         (model.get_layer("predictions"), -0.2, 0.2)]:
    w = layer.get_weights()
    w[-1] = rng.uniform(low, high, w[-1].shape).astype("float32")
    layer.set_weights(w)
for layer in [stem.get_layer("stem_bn"), model.get_layer("dw_bn")]:
    n = layer.get_weights()[0].shape[0]
    gamma = rng.uniform(0.5, 1.5, n)
    beta = rng.uniform(0.0, 0.4, n)
    mean = rng.uniform(-0.5, 0.5, n)
    var = rng.uniform(0.2, 2.0, n)
    layer.set_weights([a.astype("float32") for a in (gamma, beta, mean, var)])

path = os.path.join(out, "smallnet")
shutil.rmtree(path, ignore_errors=True)
model.export(path)

inputs = np.random.default_rng(7).uniform(0, 1, size=(4, 24, 24, 3)).astype("<f4")
inputs.tofile(os.path.join(out, "smallnet-inputs.f32"))
model.predict(inputs, verbose=0).astype("<f4").tofile(os.path.join(out, "smallnet-predictions.f32"))
for name, tensor in [("stem", stem_out),
                     ("pw", model.get_layer("pw").output), ("gap", model.get_layer("gap").output),
                     ("fc1", model.get_layer("fc1").output)]:
    values = keras.Model(model.input, tensor).predict(inputs, verbose=0).astype("<f4")
    values.tofile(os.path.join(out, "smallnet-" + name + ".f32"))
    print(name, values.shape)
# the exported SavedModel, loaded back, gives Keras's predictions
import tensorflow as tf

served = tf.saved_model.load(path).signatures["serving_default"](image=tf.constant(inputs))
served = list(served.values())[0].numpy()
print("exported vs Keras max |difference|:", np.abs(served - model.predict(inputs, verbose=0)).max())

# what the Java side sees: the signature and the op names of the exported graph's functions
model.summary(expand_nested=True)
from tensorflow.core.protobuf import saved_model_pb2

saved = saved_model_pb2.SavedModel()
with open(os.path.join(path, "saved_model.pb"), "rb") as f:
    saved.ParseFromString(f.read())
meta = saved.meta_graphs[0]
signature = meta.signature_def["serving_default"]
print("serving_default inputs:", {k: v.name for k, v in signature.inputs.items()})
print("serving_default outputs:", {k: v.name for k, v in signature.outputs.items()})
print("top-level graph nodes:", [(n.name, n.op, n.attr["f"].func.name) for n in meta.graph_def.node
                                  if n.op in ("StatefulPartitionedCall", "PartitionedCall")])
wanted = ("stem", "dw", "pw", "pool", "gap", "fc1", "predictions")
for function in meta.graph_def.library.function:
    calls = [(n.name, n.attr["f"].func.name) for n in function.node_def
             if n.op in ("StatefulPartitionedCall", "PartitionedCall")]
    named = [n.name + " (" + n.op + ")" for n in function.node_def if any(w in n.name for w in wanted)]
    if named or calls:
        print("function", function.signature.name, "calls", calls)
        for line in named:
            print("   ", line)
        print("    returns", dict(function.ret))
