"""Writes a tiny TensorFlow SavedModel with Keras 3 itself, for the Java SavedModel import tests.

LeNet-5 with the layer names of ConvNet-IJ's lenet5 architecture (conv1 6@5x5 tanh, pool1 2x2 average, conv2
16@5x5 tanh, pool2, conv3 120@5x5 tanh, flatten, fc1 84 tanh, predictions 10 softmax; 32 x 32 x 1), Keras's
default initialisation from a fixed seed and non-zero biases, exported with model.export() (Keras 3's export, a TF2
SavedModel with the serving signature "serving_default") into lenet5/ and with tf.saved_model.save into lenet5-tf/,
plus three deterministic inputs (inputs.f32,
3 x 32 x 32 x 1, little-endian float32) and Keras's softmax outputs for them (predictions.f32, 3 x 10).

Run (Python 3.11 with tensorflow-cpu 2.21 and keras 3; no network needed):
  python make-savedmodel.py ../resources/org/convnetij/transfer/savedmodel
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
keras.utils.set_random_seed(11)

inp = keras.Input(shape=(32, 32, 1), name="input_1")
x = layers.Conv2D(6, 5, activation="tanh", name="conv1")(inp)
x = layers.AveragePooling2D(2, name="pool1")(x)
x = layers.Conv2D(16, 5, activation="tanh", name="conv2")(x)
x = layers.AveragePooling2D(2, name="pool2")(x)
x = layers.Conv2D(120, 5, activation="tanh", name="conv3")(x)
x = layers.Flatten(name="flatten")(x)
x = layers.Dense(84, activation="tanh", name="fc1")(x)
x = layers.Dense(10, activation="softmax", name="predictions")(x)
model = keras.Model(inp, x, name="lenet5")
# non-zero biases, so that a bias read from the wrong place shows
for layer in model.layers:
    w = layer.get_weights()
    if len(w) > 1:
        w[1] = np.linspace(-0.2, 0.2, w[1].size).astype("float32")
        layer.set_weights(w)

path = os.path.join(out, "lenet5")
shutil.rmtree(path, ignore_errors=True)
model.export(path)
path_tf = os.path.join(out, "lenet5-tf")
shutil.rmtree(path_tf, ignore_errors=True)
import tensorflow as tf
tf.saved_model.save(model, path_tf)

rng = np.random.default_rng(5)
inputs = rng.uniform(-1, 1, size=(3, 32, 32, 1)).astype("<f4")
inputs.tofile(os.path.join(out, "inputs.f32"))
model.predict(inputs, verbose=0).astype("<f4").tofile(os.path.join(out, "predictions.f32"))
for v in model.weights:
    print(v.path, v.shape)
