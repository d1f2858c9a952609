"""Writes a Keras 3 MobileNetV2 SavedModel (96 x 96 x 3, 5 classes, seeded random weights and batch normalisation
statistics) with model.export(), two inputs and Keras's outputs, for the optional check SavedModelMobileNetV2Check
(14 MB: not committed).

Run (Python 3.11 with tensorflow-cpu 2.21 and keras 3):
  python make-savedmodel-mobilenetv2.py /tmp/smcheck
  mvn -o test -Dtest=SavedModelMobileNetV2Check -Dconvnet.savedmodel.mobilenetv2=/tmp/smcheck
"""
import os
import shutil
import sys

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
import numpy as np
import keras

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
keras.utils.set_random_seed(3)
m = keras.applications.MobileNetV2(weights=None, input_shape=(96, 96, 3), classes=5)
rng = np.random.default_rng(1)
for layer in m.layers:
    if isinstance(layer, keras.layers.BatchNormalization):
        g, b, mm, mv = layer.get_weights()
        layer.set_weights([rng.uniform(0.5, 1.5, g.shape).astype("f4"), rng.uniform(-.2, .2, b.shape).astype("f4"),
                           rng.uniform(-.2, .2, mm.shape).astype("f4"), rng.uniform(0.5, 1.5, mv.shape).astype("f4")])
path = os.path.join(out, "mnv2")
shutil.rmtree(path, ignore_errors=True)
m.export(path)
x = rng.uniform(-1, 1, (2, 96, 96, 3)).astype("<f4")
x.tofile(os.path.join(out, "inputs.f32"))
m.predict(x, verbose=0).astype("<f4").tofile(os.path.join(out, "predictions.f32"))
sub = keras.Model(m.input, m.get_layer("out_relu").output)
sub.predict(x, verbose=0).astype("<f4").tofile(os.path.join(out, "out_relu.f32"))
