"""Writes Keras HDF5 weight files with Keras itself (h5py), for the Java HDF5 reader tests.

A small CNN with the layer names of ConvNet-IJ's custom architecture (filters 8,16, units 32, 3 classes,
28 x 28 x 1), Keras's default initialisation from a fixed seed, saved
  - as a weight file in the Keras 2 layout (legacy_h5_format.save_weights_to_hdf5_group: root layer_names,
    per-layer weight_names, datasets at layer/weight), like Keras Applications' files: custom_weights.h5
  - as a whole model in the legacy HDF5 format (model.save("...h5"): weights under model_weights): custom_model.h5
  - as Keras 2 (2.2 to 2.15) wrote weight files: names as fixed-length byte strings (np.asarray of encoded names,
    dtype S), weight names with the ":0" suffix, datasets at layer/layer/kernel:0: custom_weights_keras2.h5
plus three deterministic inputs (inputs.f32, 3 x 28 x 28 x 1, little-endian float32) and Keras's softmax
outputs for them (predictions.f32, 3 x 3).

Run (Python 3.11 with keras 3, jax, h5py; no network needed):
  KERAS_BACKEND=jax python make-keras-h5.py ../resources/org/convnetij/transfer/keras-h5
"""
import json
import os
import sys

import h5py
import numpy as np
import keras
from keras import layers
from keras.src.legacy.saving import legacy_h5_format

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
keras.utils.set_random_seed(7)

inp = keras.Input(shape=(28, 28, 1), name="input_1")
x = layers.Conv2D(8, 3, padding="same", name="block1_conv1")(inp)
x = layers.ReLU(name="block1_relu1")(x)
x = layers.MaxPooling2D(2, 2, name="block1_pool")(x)
x = layers.Conv2D(16, 3, padding="same", name="block2_conv1")(x)
x = layers.ReLU(name="block2_relu1")(x)
x = layers.MaxPooling2D(2, 2, name="block2_pool")(x)
x = layers.Flatten(name="flatten")(x)
x = layers.Dense(32, name="fc1")(x)
x = layers.ReLU(name="fc1_relu")(x)
x = layers.Dense(3, activation="softmax", name="predictions")(x)
model = keras.Model(inp, x, name="custom")
# non-zero biases, so that a bias read from the wrong place shows
for layer in model.layers:
    if layer.weights:
        w = layer.get_weights()
        if len(w) > 1:
            w[1] = np.linspace(-0.1, 0.1, w[1].size).astype("float32")
        layer.set_weights(w)

with h5py.File(os.path.join(out, "custom_weights.h5"), "w") as f:
    legacy_h5_format.save_weights_to_hdf5_group(f, model)
model.save(os.path.join(out, "custom_model.h5"))

with h5py.File(os.path.join(out, "custom_weights_keras2.h5"), "w") as f:
    # Keras 2's save_weights_to_hdf5_group with save_attributes_to_hdf5_group (data_npy = np.asarray(data))
    f.attrs["layer_names"] = np.asarray([l.name.encode("utf8") for l in model.layers])
    f.attrs["backend"] = b"tensorflow"
    f.attrs["keras_version"] = b"2.2.4"
    for layer in model.layers:
        g = f.create_group(layer.name)
        names = [(layer.name + "/" + w.name + ":0").encode("utf8") for w in layer.weights]
        g.attrs["weight_names"] = np.asarray(names)
        for name, value in zip(names, layer.get_weights()):
            g.create_dataset(name.decode("utf8"), value.shape, dtype=value.dtype)[:] = value

rng = np.random.default_rng(11)
inputs = rng.random((3, 28, 28, 1), dtype=np.float32)
predictions = model.predict(inputs, verbose=0).astype("<f4")
inputs.astype("<f4").tofile(os.path.join(out, "inputs.f32"))
predictions.tofile(os.path.join(out, "predictions.f32"))
with open(os.path.join(out, "index.json"), "w") as f:
    json.dump({"keras": keras.__version__, "backend": keras.backend.backend(), "h5py": h5py.__version__,
               "numpy": np.__version__, "inputs.f32": [3, 28, 28, 1], "predictions.f32": [3, 3],
               "command": "KERAS_BACKEND=jax python src/test/keras/make-keras-h5.py "
                          "src/test/resources/org/convnetij/transfer/keras-h5"}, f, indent=1)
print("wrote", sorted(os.listdir(out)))
