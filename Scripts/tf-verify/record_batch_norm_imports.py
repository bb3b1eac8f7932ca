"""Records TF 2.21 v1 graphs built with tf.compat.v1.layers.batch_normalization (fused, so
FusedBatchNormV3 and, in a training step, FusedBatchNormGradV3) as GraphDefs with the values TF
computes from them, for ScopeFlow's import-and-run tests: training mode with its moving-average
updates and an optimizer step, inference mode reading the moving statistics a training layer
updated, and a bool `is_training` placeholder choosing between them (a cond), as the models do.

Run with the TensorFlow 2.21 virtualenv:
    TF_USE_LEGACY_KERAS=1 python Scripts/tf-verify/record_batch_norm_imports.py
Writes Tests/ScopeFlowTests/Resources/batch-norm-imports.json in the format of
control-flow-imports.json; a run may also name `targets`, ops run after (and with) its fetches,
and later runs see the variables those targets updated.
"""
import base64
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ScopeFlowTests", "Resources",
                   "batch-norm-imports.json")
RNG = np.random.RandomState(2026)
X1 = RNG.uniform(-2, 3, (4, 3, 3, 2)).astype(np.float32)
X2 = RNG.uniform(-1, 4, (4, 3, 3, 2)).astype(np.float32)
W = RNG.uniform(-1, 1, (4, 3, 3, 2)).astype(np.float32)
STATE = ["bn/moving_mean/read:0", "bn/moving_variance/read:0", "bn/gamma/read:0", "bn/beta/read:0"]


def encode(value):
    value = np.asarray(value)
    return {"dtype": value.dtype.name, "shape": list(value.shape), "values": value.reshape(-1).tolist()}


def record(name, build, runs):
    """`build()` returns nothing; each run is (feeds: placeholder name -> value, fetch tensor
    names, target op names). The variables' initializer is the graph's op `init`."""
    graph = tf.Graph()
    with graph.as_default():
        build()
        init = tf.global_variables_initializer()
        with tf.Session(graph=graph) as session:
            session.run(init)
            recorded = []
            for feeds, fetches, targets in runs:
                feed_dict = {graph.get_tensor_by_name(k + ":0"): v for k, v in feeds.items()}
                values = session.run([graph.get_tensor_by_name(f) for f in fetches] +
                                     [graph.get_operation_by_name(t) for t in targets], feed_dict)
                recorded.append({
                    "feeds": {k + ":0": encode(v) for k, v in feeds.items()},
                    "fetches": {f: encode(v) for f, v in zip(fetches, values)},
                    "targets": targets,
                })
    graph_def = graph.as_graph_def()
    return {"name": name, "graph_def": base64.b64encode(graph_def.SerializeToString()).decode(),
            "init": init.name, "runs": recorded}


def scaled_input():
    """x times a trainable per-channel `k`, so that a training step also needs x's gradient."""
    x = tf.placeholder(tf.float32, X1.shape, name="x")
    k = tf.get_variable("k", initializer=tf.constant([1.5, -0.5]))
    return x * k


def training_step():
    y = tf.layers.batch_normalization(scaled_input(), training=True, momentum=0.9, name="bn")
    loss = tf.reduce_sum(tf.identity(y, name="y") * W, name="loss")
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        tf.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")


def inference_after_training():
    h = scaled_input()
    tf.layers.batch_normalization(h, training=True, momentum=0.5, epsilon=0.01, name="bn")
    y = tf.layers.batch_normalization(h, training=False, momentum=0.5, epsilon=0.01, name="bn", reuse=True)
    tf.identity(y, name="y")
    tf.group(*tf.get_collection(tf.GraphKeys.UPDATE_OPS), name="update")


def training_placeholder():
    training = tf.placeholder_with_default(False, [], name="is_training")
    y = tf.layers.batch_normalization(scaled_input(), training=training, momentum=0.8, name="bn")
    loss = tf.reduce_sum(tf.identity(y, name="y") * W, name="loss")
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        tf.train.GradientDescentOptimizer(0.05).minimize(loss, name="train")


def main():
    step = (["y:0", "loss:0"], ["train"])
    cases = [
        record("training_step", training_step, [
            ({"x": X1}, *step), ({}, STATE + ["k/read:0"], []),
            ({"x": X2}, *step), ({}, STATE + ["k/read:0"], []),
        ]),
        record("inference_after_training", inference_after_training, [
            ({"x": X1}, ["y:0"], []), ({"x": X1}, [], ["update"]),
            ({"x": X2}, ["y:0"] + STATE, []), ({"x": X2}, [], ["update"]),
            ({"x": X1}, ["y:0"] + STATE, []),
        ]),
        record("training_placeholder", training_placeholder, [
            ({"x": X1, "is_training": np.bool_(True)}, *step), ({}, STATE + ["k/read:0"], []),
            ({"x": X2}, *step), ({}, STATE + ["k/read:0"], []),
            ({"x": X2, "is_training": np.bool_(True)}, *step), ({"x": X1}, ["y:0"] + STATE, []),
        ]),
    ]
    with open(OUT, "w") as f:
        json.dump({"tensorflow": tf.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote", len(cases), "cases to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
