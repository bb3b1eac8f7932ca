"""SavedModel round trips between ScopeFlow and real TensorFlow 2.21 (tf.compat.v1 loader format).

    TF_USE_LEGACY_KERAS=1 /path/to/venv/bin/python Scripts/tf-verify/saved_model_round_trip.py record
        writes Tests/ScopeFlowTests/Resources/saved_model/tf_dense/ (a SavedModel TF built: a dense
        layer + softmax, variables with fixed values, signature "serving_default") and
        tf_dense.json: the input it was run on and the outputs TF served.
    ... saved_model_round_trip.py check DIR INPUT.npy EXPECTED.npy
        loads a SavedModel ScopeFlow wrote with tf.compat.v1.saved_model.loader.load, serves its
        "serving_default" signature on INPUT and compares with EXPECTED (what ScopeFlow computed).
"""
import json
import os
import shutil
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "saved_model")


def record():
    path = os.path.join(OUT, "tf_dense")
    shutil.rmtree(path, ignore_errors=True)
    rng = np.random.RandomState(3)
    x_value = (rng.randint(-8, 8, size=(2, 4)) / 4).astype(np.float32)
    graph = tf.Graph()
    with graph.as_default(), tf.Session(graph=graph) as sess:
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        w = tf.get_variable("dense/kernel", initializer=(rng.randint(-8, 8, size=(4, 3)) / 8).astype(np.float32))
        b = tf.get_variable("dense/bias", initializer=np.float32([0.5, -0.25, 0.0]))
        probabilities = tf.nn.softmax(tf.matmul(x, w) + b, name="probabilities")
        classes = tf.argmax(probabilities, axis=1, name="classes")
        sess.run(tf.global_variables_initializer())
        served = sess.run({"probabilities": probabilities, "classes": classes}, {x: x_value})
        builder = tf.saved_model.Builder(path)
        signature = tf.saved_model.signature_def_utils.predict_signature_def(
            inputs={"x": x}, outputs={"probabilities": probabilities, "classes": classes})
        builder.add_meta_graph_and_variables(sess, ["serve"], signature_def_map={"serving_default": signature})
        builder.save()
    with open(os.path.join(OUT, "tf_dense.json"), "w") as f:
        json.dump({"x": x_value.tolist(), "probabilities": served["probabilities"].tolist(),
                   "classes": served["classes"].tolist()}, f)
    print("wrote", path)


def check(path, input_path, expected_path):
    graph = tf.Graph()
    with graph.as_default(), tf.Session(graph=graph) as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], path)
        signature = meta.signature_def["serving_default"]
        (input_info,) = signature.inputs.values()
        (output_key, output_info), = signature.outputs.items()
        value = sess.run(output_info.name, {input_info.name: np.load(input_path)})
        expected = np.load(expected_path)
        ok = np.allclose(value, expected, rtol=1e-6, atol=1e-6)
        print("TF served %s = %s; ScopeFlow computed %s: %s" % (output_key, value.tolist(), expected.tolist(),
                                                              "same" if ok else "DIFFERENT"))
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    if sys.argv[1:2] == ["record"]:
        record()
    else:
        check(*sys.argv[2:5])
