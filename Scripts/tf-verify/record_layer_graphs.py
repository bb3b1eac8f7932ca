"""Records the graphs TF 2.21 (tf.compat.v1, ref variables, v1 control flow) builds for
`tf.compat.v1.layers.batch_normalization` (fused, rank-4 NHWC inputs) and
`tf.compat.v1.layers.conv2d_transpose` / `tf.compat.v1.nn.conv2d_transpose`, each with a training
step or `tf.gradients` through it, and the values TF computes from them. ScopeFlow's
LayerGraphTests build the same programs with its layers, compare them node for node with these
GraphDefs and replay the runs on their own graph.

Run with the TensorFlow 2.21 virtualenv:
    TF_USE_LEGACY_KERAS=1 /work/tfenv/bin/python Scripts/tf-verify/record_layer_graphs.py
Writes Tests/ScopeFlowTests/Resources/layer-graphs.json in the format of batch-norm-imports.json
(`graph_def` base64, `init`, `runs` of feeds, fetches and targets in one session), with the
loss weights the programs multiply by under `arrays` (`W`, `DW`). Variables
initialized by a random initializer are fed through their `read` tensor, so no run depends on
TF's random numbers.
"""
import base64
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ScopeFlowTests", "Resources",
                   "layer-graphs.json")
RNG = np.random.RandomState(2027)


def quantized(shape, low, high, step=1 / 16):
    """Values on a grid of `step`, so that inputs are exact and short."""
    return (RNG.randint(int(low / step), int(high / step) + 1, size=shape) * step).astype(np.float32)


X1 = quantized((4, 3, 3, 2), -2, 3)
X2 = quantized((4, 3, 3, 2), -1, 4)
W = quantized((4, 3, 3, 2), -1, 1)
STATE = ["bn/moving_mean/read:0", "bn/moving_variance/read:0", "bn/gamma/read:0", "bn/beta/read:0"]
DX = quantized((2, 3, 3, 2), -1, 1)
DK = quantized((3, 3, 3, 2), -1, 1, step=1 / 8)
DW = quantized((2, 6, 6, 3), -1, 1)
VX = quantized((2, 2, 3, 2), -1, 1)
VK = quantized((3, 2, 2, 2), -1, 1, step=1 / 8)
SX = quantized((2, 5, 4, 3), -1, 1)
SDK = quantized((3, 3, 3, 2), -1, 1, step=1 / 8)
SPK = quantized((1, 1, 6, 4), -1, 1, step=1 / 8)
SW = quantized((2, 5, 4, 4), -1, 1)
PW = quantized((2, 3, 2, 3), -1, 1)


def encode(value):
    value = np.asarray(value)
    return {"dtype": value.dtype.name, "shape": list(value.shape), "values": value.reshape(-1).tolist()}


def record(name, build, runs):
    """`build()` returns the gradients it took (or nothing); each run is (feeds: tensor or
    placeholder name -> value, fetch tensor names, where "@grads" stands for those gradients,
    target op names), run in order in one session after `init`."""
    graph = tf.Graph()
    with graph.as_default():
        grads = [g.name for g in build() or []]
        init = tf.global_variables_initializer()
        with tf.Session(graph=graph) as session:
            session.run(init)
            recorded = []
            for feeds, fetches, targets in runs:
                fetches = [name for f in fetches for name in (grads if f == "@grads" else [f])]
                feeds = {(k if ":" in k else k + ":0"): v for k, v in feeds.items()}
                feed_dict = {graph.get_tensor_by_name(k): v for k, v in feeds.items()}
                values = session.run([graph.get_tensor_by_name(f) for f in fetches] +
                                     [graph.get_operation_by_name(t) for t in targets], feed_dict)
                recorded.append({
                    "feeds": {k: encode(v) for k, v in feeds.items()},
                    "fetches": {f: encode(v) for f, v in zip(fetches, values)},
                    "targets": targets,
                })
    graph_def = graph.as_graph_def()
    return {"name": name, "graph_def": base64.b64encode(graph_def.SerializeToString(deterministic=True)).decode(),
            "init": init.name, "runs": recorded}


def scaled_input():
    """x times a trainable per-channel `k`, so that a training step also needs x's gradient."""
    x = tf.placeholder(tf.float32, X1.shape, name="x")
    k = tf.get_variable("k", initializer=tf.constant([1.5, -0.5]))
    return x * k


def weighted_loss(y, weights):
    return tf.reduce_sum(tf.identity(y, name="y") * weights, name="loss")


def bn_training():
    y = tf.layers.batch_normalization(scaled_input(), training=True, momentum=0.9, name="bn")
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        tf.train.GradientDescentOptimizer(0.1).minimize(weighted_loss(y, W), name="train")


def bn_inference_reuse():
    h = scaled_input()
    tf.layers.batch_normalization(h, training=True, momentum=0.5, epsilon=0.01, name="bn")
    y = tf.layers.batch_normalization(h, training=False, momentum=0.5, epsilon=0.01, name="bn", reuse=True)
    tf.identity(y, name="y")
    tf.group(*tf.get_collection(tf.GraphKeys.UPDATE_OPS), name="update")


def bn_unnamed_without_center_scale():
    x = tf.placeholder(tf.float32, X1.shape, name="x")
    a = tf.layers.batch_normalization(x, training=True, center=False, scale=False, epsilon=0.01)
    b = tf.layers.batch_normalization(a, center=False)
    grads = tf.gradients(weighted_loss(b, W), [x], name="grads")
    tf.group(*tf.get_collection(tf.GraphKeys.UPDATE_OPS), name="update")
    return grads


def bn_training_tensor():
    training = tf.placeholder_with_default(False, [], name="is_training")
    y = tf.layers.batch_normalization(scaled_input(), training=training, momentum=0.8, name="bn")
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        tf.train.GradientDescentOptimizer(0.05).minimize(weighted_loss(y, W), name="train")


def deconv_same():
    x = tf.placeholder(tf.float32, DX.shape, name="x")
    y = tf.layers.conv2d_transpose(x, 3, 3, strides=2, padding="same", name="deconv")
    return tf.gradients(weighted_loss(y, DW), [x] + tf.trainable_variables(), name="grads")


def deconv_valid_dynamic():
    x = tf.placeholder(tf.float32, [None, None, 3, 2], name="x")
    h = tf.layers.conv2d_transpose(x, 2, [3, 2], strides=(2, 1), padding="valid", use_bias=False,
                                   activation=tf.nn.relu)
    y = tf.layers.conv2d_transpose(h, 1, 1, padding="same", kernel_initializer=tf.ones_initializer())
    tf.identity(y, name="y")
    return tf.gradients(tf.reduce_sum(tf.square(y)), [x, h] + tf.trainable_variables(), name="grads")


def nn_conv2d_transpose():
    x = tf.placeholder(tf.float32, DX.shape, name="x")
    k = tf.placeholder(tf.float32, DK.shape, name="k")
    y = tf.nn.conv2d_transpose(x, k, [2, 6, 6, 3], strides=2, padding="SAME")
    return tf.gradients(weighted_loss(y, DW), [x, k], name="grads")


def separable_same():
    x = tf.placeholder(tf.float32, SX.shape, name="x")
    y = tf.layers.separable_conv2d(x, 4, 3, padding="same", depth_multiplier=2, activation=tf.nn.relu)
    return tf.gradients(weighted_loss(y, SW), [x] + tf.trainable_variables(), name="grads")


def separable_valid_strided():
    x = tf.placeholder(tf.float32, SX.shape, name="x")
    y = tf.layers.separable_conv2d(x, 2, [2, 3], strides=(2, 1), use_bias=False, name="sep")
    tf.identity(y, name="y")
    return tf.gradients(tf.reduce_sum(tf.square(y)), [x] + tf.trainable_variables(), name="grads")


def pooling_layers():
    x = tf.placeholder(tf.float32, SX.shape, name="x")
    a = tf.layers.average_pooling2d(x, 2, 2, padding="same")
    b = tf.layers.average_pooling2d(x, [3, 2], [1, 2], name="pool")
    c = tf.layers.max_pooling2d(x, 3, 2, padding="same")
    tf.identity(b, name="b")
    tf.identity(c, name="c")
    return tf.gradients(weighted_loss(a, PW) + tf.reduce_sum(b) + tf.reduce_sum(c * c), [x], name="grads")


def main():
    step = (["y:0", "loss:0"], ["train"])
    cases = [
        record("bn_training", bn_training, [
            ({"x": X1}, *step), ({}, STATE + ["k/read:0"], []),
            ({"x": X2}, *step), ({}, STATE + ["k/read:0"], []),
        ]),
        record("bn_inference_reuse", bn_inference_reuse, [
            ({"x": X1}, ["y:0"], []), ({"x": X1}, [], ["update"]),
            ({"x": X2}, ["y:0"] + STATE, []), ({"x": X2}, [], ["update"]),
            ({"x": X1}, ["y:0"] + STATE, []),
        ]),
        record("bn_unnamed_without_center_scale", bn_unnamed_without_center_scale, [
            ({"x": X1}, ["y:0", "@grads"], []),
            ({"x": X2}, ["y:0"], ["update"]),
            ({}, ["batch_normalization/moving_mean/read:0", "batch_normalization/moving_variance/read:0",
                  "batch_normalization_1/moving_mean/read:0"], []),
        ]),
        record("bn_training_tensor", bn_training_tensor, [
            ({"x": X1, "is_training": np.bool_(True)}, *step), ({}, STATE + ["k/read:0"], []),
            ({"x": X2}, *step), ({}, STATE + ["k/read:0"], []),
            ({"x": X2, "is_training": np.bool_(True)}, *step), ({"x": X1}, ["y:0"] + STATE, []),
        ]),
        record("deconv_same", deconv_same, [
            ({"x": DX, "deconv/kernel/read": DK, "deconv/bias/read": np.float32([0.5, -0.25, 0.125])},
             ["y:0", "loss:0", "@grads"], []),
        ]),
        record("deconv_valid_dynamic", deconv_valid_dynamic, [
            ({"x": VX, "conv2d_transpose/kernel/read": VK},
             ["y:0", "@grads"], []),
        ]),
        record("nn_conv2d_transpose", nn_conv2d_transpose, [
            ({"x": DX, "k": DK}, ["conv2d_transpose:0", "@grads"], []),
        ]),
        record("separable_same", separable_same, [
            ({"x": SX, "separable_conv2d/depthwise_kernel/read": SDK, "separable_conv2d/pointwise_kernel/read": SPK,
              "separable_conv2d/bias/read": np.float32([0.5, -0.25, 0.125, 0.0])},
             ["y:0", "loss:0", "@grads"], []),
        ]),
        record("separable_valid_strided", separable_valid_strided, [
            ({"x": SX, "sep/depthwise_kernel/read": SDK[:2, :, :, :1],
              "sep/pointwise_kernel/read": SPK[:, :, :3, :2]}, ["y:0", "@grads"], []),
        ]),
        record("pooling_layers", pooling_layers, [({"x": SX}, ["y:0", "b:0", "c:0", "@grads"], [])]),
    ]
    with open(OUT, "w") as f:
        arrays = {"W": encode(W), "DW": encode(DW), "SW": encode(SW), "PW": encode(PW)}
        json.dump({"tensorflow": tf.__version__, "arrays": arrays, "cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote", len(cases), "cases to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
