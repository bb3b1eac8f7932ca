"""Records the graphs TF 2.21 (tf.compat.v1, ref variables) builds for the pieces of
`shared/models/bigru_tagger.py` beside its RNN: the learning-rate schedules of
`tf.compat.v1.train` on the global step, `tf.sequence_mask`, `tf.layers.dense` on a rank-3 input
(TF's Tensordot) with `tf.argmax(output_type=tf.int32)` and its gradients,
`tf.nn.sparse_softmax_cross_entropy_with_logits` on rank-3 logits and its gradient,
`tf.clip_by_norm` on a dense tensor and on an embedding's IndexedSlices gradient that Adagrad
then applies sparsely; with the values TF computes from them. ScopeFlow's tests build the same
programs, compare them node for node with these GraphDefs and replay the runs on their graph.

Run with the TensorFlow 2.21 virtualenv:
    TF_USE_LEGACY_KERAS=1 /work/tfenv/bin/python Scripts/tf-verify/record_tagger_pieces.py
Writes Tests/ScopeFlowTests/Resources/tagger-pieces.json in the format of layer-graphs.json
(`graph_def` base64, `init`, `runs` of feeds, fetches and targets in one session). The schedules'
runs feed the global step through `global_step/read`.
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

from record_layer_graphs import encode, quantized, record

tf.disable_v2_behavior()
tf.disable_resource_variables()

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ScopeFlowTests", "Resources",
                   "tagger-pieces.json")
STEPS = [0, 1, 2, 3, 5, 7, 12]


def schedule(decay):
    """A program that builds `decay(global_step)`; its runs fetch the rate at every step of STEPS."""
    def build():
        decay(tf.train.get_or_create_global_step())
    return build


def schedule_runs(fetch):
    return [({"global_step/read": np.int64(step)}, [fetch], []) for step in STEPS]


def sequence_masks():
    lengths = tf.placeholder(tf.int32, [4], name="sequence_length")
    with tf.name_scope("loss"):
        tf.sequence_mask(lengths, 7, dtype=tf.float32)
    tf.sequence_mask(lengths, name="mask")


def dense_rank3():
    x = tf.placeholder(tf.float32, [4, 3, 6], name="x")
    with tf.variable_scope("tagger"):
        y = tf.layers.dense(x, 5, name="proj")
        tf.argmax(y, axis=-1, output_type=tf.int32, name="predictions")
    loss = tf.reduce_sum(tf.identity(y, name="y") * tf.constant(DW), name="loss")
    return tf.gradients(loss, [x] + tf.trainable_variables(), name="grads")


def sparse_cross_entropy_rank3():
    logits = tf.placeholder(tf.float32, [2, 3, 4], name="logits")
    labels = tf.placeholder(tf.int32, [2, 3], name="labels")
    with tf.name_scope("loss"):
        ce = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    tf.identity(ce, name="ce")
    return tf.gradients(tf.reduce_sum(ce * tf.constant(CW)), [logits], name="grads")


def clip_sparse_gradient():
    params = tf.get_variable("params", initializer=tf.constant(EP))
    ids = tf.placeholder(tf.int32, [2, 3], name="ids")
    x = tf.nn.embedding_lookup(params, ids)
    loss = tf.reduce_sum(x * tf.constant(EW), name="loss")
    optimizer = tf.train.AdagradOptimizer(0.5)
    (gradient, _), = optimizer.compute_gradients(loss, [params])
    with tf.name_scope("clip"):
        clipped = tf.clip_by_norm(gradient, 1.0)
    tf.identity(clipped.values, name="values")
    tf.identity(clipped.indices, name="indices")
    optimizer.apply_gradients([(clipped, params)], name="train")


def clip_by_norm():
    t = tf.placeholder(tf.float32, [3, 4], name="t")
    with tf.name_scope("clip"):
        tf.clip_by_norm(t, 1.0)
        tf.clip_by_norm(t, 2.5, axes=[1], name="rows")


DX = quantized((4, 3, 6), -1, 1)
DK = quantized((6, 5), -1, 1, step=1 / 8)
DW = quantized((4, 3, 5), -1, 1)
BIG = quantized((3, 4), -2, 2)
SMALL = BIG / 16
ZERO_ROW = BIG.copy()
ZERO_ROW[1] = 0
CL = quantized((2, 3, 4), -3, 3, step=1 / 4)
CW = quantized((2, 3), -1, 1)
EP = quantized((6, 4), -1, 1)
EW = quantized((2, 3, 4), -1, 1)


def main():
    cases = [
        record("exponential_decay_staircase",
               schedule(lambda s: tf.train.exponential_decay(0.1, s, 2, 0.9, staircase=True)),
               schedule_runs("ExponentialDecay:0")),
        record("exponential_decay_named",
               schedule(lambda s: tf.train.exponential_decay(0.5, s, 3, 0.25, name="lr")),
               schedule_runs("lr:0")),
        record("polynomial_decay",
               schedule(lambda s: tf.train.polynomial_decay(0.1, s, 5, 0.01, power=0.5)),
               schedule_runs("PolynomialDecay:0")),
        record("polynomial_decay_cycle",
               schedule(lambda s: tf.train.polynomial_decay(0.1, s, 3, 0.01, power=2.0, cycle=True)),
               schedule_runs("PolynomialDecay:0")),
        record("natural_exp_decay_staircase",
               schedule(lambda s: tf.train.natural_exp_decay(0.1, s, 2, 0.5, staircase=True)),
               schedule_runs("ExponentialDecay:0")),
        record("natural_exp_decay",
               schedule(lambda s: tf.train.natural_exp_decay(0.2, s, 3, 0.25)),
               schedule_runs("ExponentialDecay:0")),
        record("inverse_time_decay_staircase",
               schedule(lambda s: tf.train.inverse_time_decay(0.1, s, 2, 0.5, staircase=True)),
               schedule_runs("InverseTimeDecay:0")),
        record("inverse_time_decay",
               schedule(lambda s: tf.train.inverse_time_decay(0.3, s, 4, 1.5)),
               schedule_runs("InverseTimeDecay:0")),
        record("cosine_decay",
               schedule(lambda s: tf.train.cosine_decay(0.1, s, 6, alpha=0.2)),
               schedule_runs("CosineDecay/Mul_3:0")),
        record("sequence_mask", sequence_masks, [
            ({"sequence_length": np.int32([7, 5, 0, 3])}, ["loss/SequenceMask/Cast_1:0", "mask/Less:0"], []),
            ({"sequence_length": np.int32([2, 9, 4, 1])}, ["loss/SequenceMask/Cast_1:0", "mask/Less:0"], []),
        ]),
        record("dense_rank3", dense_rank3, [
            ({"x": DX, "tagger/proj/kernel/read": DK, "tagger/proj/bias/read": np.float32([.5, -.25, 0, .125, 1])},
             ["y:0", "loss:0", "tagger/predictions:0", "@grads"], []),
        ]),
        record("sparse_cross_entropy_rank3", sparse_cross_entropy_rank3, [
            ({"logits": CL, "labels": np.int32([[0, 3, 1], [2, 2, 0]])}, ["ce:0", "@grads"], []),
        ]),
        record("clip_sparse_gradient", clip_sparse_gradient, [
            ({"ids": np.int32([[1, 4, 1], [0, 4, 1]])}, ["values:0", "indices:0", "loss:0"], ["train"]),
            ({"ids": np.int32([[5, 5, 5], [2, 3, 2]])}, ["values:0", "indices:0", "params/read:0"], ["train"]),
            ({}, ["params/read:0", "params/Adagrad/read:0"], []),
        ]),
        record("clip_by_norm", clip_by_norm, [
            ({"t": t}, ["clip/clip_by_norm:0", "clip/rows:0"], []) for t in (BIG, SMALL, ZERO_ROW)
        ]),
    ]
    with open(OUT, "w") as f:
        json.dump({"tensorflow": tf.__version__, "arrays": {"DW": encode(DW), "CW": encode(CW), "EP": encode(EP), "EW": encode(EW)}, "cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote", len(cases), "cases to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
