"""Writes a tiny Keras 3 SavedModel whose activations are swish (silu), for the Java fine-tuning tests.

TensorFlow computes swish with a custom gradient, which wraps its outputs in an IdentityN op; TensorFlow's C++
gradient registry (used by TensorFlow Java) has no gradient for IdentityN, so fine-tuning must see through it.
Model "swishnet": input 16 x 16 x 3 "image", Conv2D 4@3x3 swish "conv", GlobalAveragePooling2D "gap",
Dense 3 softmax "predictions"; exported with model.export() into swishnet/, plus two inputs (swishnet-inputs.f32,
2 x 16 x 16 x 3) and Keras's probabilities for them (swishnet-predictions.f32, 2 x 3), little-endian float32.

Run (Python 3.11 with tensorflow-cpu 2.21 and keras 3; no network needed):
  python make-savedmodel-swish.py ../resources/org/convnetij/transfer/savedmodel
"""
import os
import shutil
import sys

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
import numpy as np
import keras
from keras import layers

out = sys.argv[1]
keras.utils.set_random_seed(21)
inp = keras.Input(shape=(16, 16, 3), name="image")
x = layers.Conv2D(4, 3, padding="same", activation="swish", name="conv")(inp)
x = layers.GlobalAveragePooling2D(name="gap")(x)
x = layers.Dense(3, activation="softmax", name="predictions")(x)
model = keras.Model(inp, x, name="swishnet")
path = os.path.join(out, "swishnet")
shutil.rmtree(path, ignore_errors=True)
model.export(path)
inputs = np.random.default_rng(2).uniform(0, 1, size=(2, 16, 16, 3)).astype("<f4")
inputs.tofile(os.path.join(out, "swishnet-inputs.f32"))
model.predict(inputs, verbose=0).astype("<f4").tofile(os.path.join(out, "swishnet-predictions.f32"))
