"""Records what TF 2.21 (tf.compat.v1 graph mode, ref variables, v1 control flow) builds and
computes for the pieces of shared/models/resnet_mini.py that ScopeFlow builds on its own:
weight regularizers (a closure on tf.layers, tf_keras' L1 / L2 / L1L2, `regularizer=` on
get_variable and on variable_scope), tf.losses.get_regularization_loss, piecewise_constant (an
exclusive tf.case), a variable initialized from another one's value (TF's guard against
uninitialized dependencies) and ExponentialMovingAverage (num_updates, its shadow variables'
guarded initial values, average_name, variables_to_restore).

Run with the TensorFlow 2.21 virtualenv:
    TF_USE_LEGACY_KERAS=1 /work/tfenv/bin/python Scripts/tf-verify/record_resnet_pieces.py
Writes Tests/ScopeFlowTests/Resources/resnet-pieces.json: per case the graph in graph.txt's format
(`<name> <op>[ <inputs>]`, one line per NodeDef in creation order), the collections the tests
check, and `runs` (in order, one session, after the initializer): feeds, targets and the fetched
values. Every variable has a constant initializer, so the values do not depend on TF's random
numbers.
"""
import json
import os

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np
import tensorflow.compat.v1 as tf
from tf_keras import regularizers as keras_regularizers

tf.disable_v2_behavior()
tf.disable_resource_variables()

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ScopeFlowTests", "Resources",
                   "resnet-pieces.json")


def graph_lines(graph):
    lines = []
    for node in graph.as_graph_def().node:
        lines.append(" ".join([node.name, node.op] + ([",".join(node.input)] if node.input else [])))
    return lines


def encode(value):
    value = np.asarray(value)
    return {"dtype": value.dtype.name, "shape": list(value.shape), "values": value.reshape(-1).tolist()}


def record(name, build, runs, collections=()):
    """`build()` returns a dict of extra facts; each run is (feeds, fetch names, target names)."""
    graph = tf.Graph()
    with graph.as_default():
        facts = build() or {}
        init = tf.global_variables_initializer()
        recorded = []
        with tf.Session(graph=graph) as session:
            session.run(init)
            for feeds, fetches, targets in runs:
                feed_dict = {graph.get_tensor_by_name(k): v for k, v in feeds.items()}
                values = session.run([graph.get_tensor_by_name(f) for f in fetches] +
                                     [graph.get_operation_by_name(t) for t in targets], feed_dict)
                recorded.append({"feeds": {k: encode(v) for k, v in feeds.items()},
                                 "fetches": {f: encode(v) for f, v in zip(fetches, values)},
                                 "targets": targets})
        listed = {key: [item.name for item in graph.get_collection(key)] for key in collections}
    return {"name": name, "graph": graph_lines(graph), "collections": listed, "facts": facts, "runs": recorded}


def l2_closure(w):
    return 1e-4 * tf.nn.l2_loss(w)


def layer_regularizers():
    x = tf.placeholder(tf.float32, [2, 4, 4, 2], name="x")
    h = tf.layers.conv2d(x, 3, 3, padding="same", use_bias=True, kernel_initializer=tf.constant_initializer(0.25),
                         bias_initializer=tf.constant_initializer(-0.5), kernel_regularizer=l2_closure,
                         bias_regularizer=keras_regularizers.l2(0.3), name="conv")
    h = tf.layers.conv2d_transpose(h, 2, 2, strides=2, kernel_initializer=tf.constant_initializer(-0.125),
                                   kernel_regularizer=keras_regularizers.l1_l2(0.01, 0.02), name="deconv")
    flat = tf.reshape(h, [2, -1])
    y = tf.layers.dense(flat, 3, kernel_initializer=tf.constant_initializer(0.5),
                        kernel_regularizer=keras_regularizers.l1(0.05), name="dense")
    # A second call reusing the layer's variables adds no regularization loss.
    tf.layers.dense(flat, 3, name="dense", reuse=True, kernel_regularizer=keras_regularizers.l1(0.05))
    with tf.name_scope("loss"):
        total = tf.losses.get_regularization_loss()
    return {"total": total.name}


def batch_norm_regularizers():
    x = tf.placeholder(tf.float32, [2, 2, 2, 3], name="x")
    tf.layers.batch_normalization(x, fused=True, training=True, gamma_initializer=tf.constant_initializer(1.5),
                                  beta_initializer=tf.constant_initializer(-0.25),
                                  gamma_regularizer=keras_regularizers.l2(0.1), beta_regularizer=l2_closure, name="bn")
    total = tf.losses.get_regularization_loss()
    return {"total": total.name}


def get_variable_regularizers():
    with tf.variable_scope("s"):
        tf.get_variable("w", [2, 3], initializer=tf.constant_initializer(1.5), regularizer=l2_closure)
    with tf.variable_scope("r", regularizer=keras_regularizers.l2(0.5)):
        tf.get_variable("u", [3], initializer=tf.constant_initializer(-2.0))
        with tf.variable_scope("inner"):
            tf.get_variable("v", [2], initializer=tf.constant_initializer(0.75))
    with tf.variable_scope("r", reuse=True):
        tf.get_variable("u", [3])  # reused: no second loss
    total = tf.losses.get_regularization_loss()
    scoped = tf.losses.get_regularization_loss(scope="s", name="s_loss")
    empty = tf.losses.get_regularization_loss(scope="nothing")
    return {"total": total.name, "scoped": scoped.name, "empty": empty.name}


def piecewise():
    step = tf.Variable(0, dtype=tf.int64, name="step", trainable=False)
    lr = tf.train.piecewise_constant(step, [3, 6], [0.1, 0.05, 0.01])
    x = tf.placeholder(tf.int32, [], name="x")
    two = tf.train.piecewise_constant(x, [2], [1.0, 2.0], name="two")
    tf.assign_add(step, 1, name="increment")
    return {"lr": lr.name, "two": two.name}


def guarded_initial_value():
    w = tf.Variable([1.0, -2.0], name="w")
    # A variable initialized from another one's value: TF guards the read with w's initialized value.
    tf.Variable(w * 3.0, name="v")
    return {}


def ema():
    v = tf.get_variable("v", [2], initializer=tf.constant_initializer(1.0))
    w = tf.get_variable("w", [], initializer=tf.constant_initializer(-3.0))
    step = tf.train.get_or_create_global_step()
    new_v = tf.placeholder(tf.float32, [2], name="new_v")
    update = tf.group(tf.assign(v, new_v), tf.assign(w, w * 2.0), tf.assign_add(step, 1), name="update")
    averager = tf.train.ExponentialMovingAverage(0.9, num_updates=step)
    with tf.control_dependencies([update]):
        apply = averager.apply([v, w])
    plain = tf.train.ExponentialMovingAverage(0.5, name="plain")
    apply_plain = plain.apply([v])
    restore = averager.variables_to_restore()
    return {"apply": apply.name, "apply_plain": apply_plain.name,
            "average_name": averager.average_name(v), "plain_average_name": plain.average_name(v),
            "average": averager.average(v).name, "plain_average": plain.average(v).name,
            "variables_to_restore": {k: val.name for k, val in sorted(restore.items())}}


def main():
    cases = []
    rng = np.random.RandomState(5)
    x = (rng.randint(-16, 17, size=(2, 4, 4, 2)) / 16.0).astype(np.float32)
    cases.append(record("layer_regularizers", layer_regularizers,
                        [({"x:0": x}, ["loss/total_regularization_loss:0", "conv/kernel/Regularizer/mul:0",
                                       "conv/bias/Regularizer/mul:0", "deconv/kernel/Regularizer/add_1:0",
                                       "dense/kernel/Regularizer/mul:0"], [])],
                        collections=["regularization_losses"]))
    cases.append(record("batch_norm_regularizers", batch_norm_regularizers,
                        [({"x:0": x[:, :2, :2, :1].repeat(3, axis=3)},
                          ["total_regularization_loss:0"], [])],
                        collections=["regularization_losses"]))
    cases.append(record("get_variable_regularizers", get_variable_regularizers,
                        [({}, ["total_regularization_loss:0", "s_loss:0", "Const:0"], [])],
                        collections=["regularization_losses"]))
    # A run never fetches what it updates: each step fetches, then increments in a run of its own.
    piecewise_runs = []
    for i in range(9):
        piecewise_runs.append(({"x:0": np.int32(i % 4)},
                               ["PiecewiseConstant/case/cond/Merge:0", "two/case/cond/Merge:0"], []))
        piecewise_runs.append(({}, [], ["increment"]))
    cases.append(record("piecewise_constant", piecewise, piecewise_runs))
    cases.append(record("guarded_initial_value", guarded_initial_value, [({}, ["v:0", "w:0"], [])]))
    # The two averagers read `v` in runs of their own, and the averages are fetched in a third.
    ema_runs = []
    for i in range(4):
        ema_runs.append(({"new_v:0": np.array([i + 0.5, -i], np.float32)}, [], ["ExponentialMovingAverage"]))
        ema_runs.append(({}, [], ["plain"]))
        ema_runs.append(({}, ["v/ExponentialMovingAverage:0", "w/ExponentialMovingAverage:0", "v/plain:0"], []))
    cases.append(record("exponential_moving_average", ema, ema_runs,
                        collections=["moving_average_variables", "variables", "trainable_variables"]))
    with open(OUT, "w") as f:
        json.dump({"tf_version": tf.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
