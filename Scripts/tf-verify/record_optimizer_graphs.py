"""Records TensorFlow 2.21's tf.compat.v1 optimizers (ref variables) on one small model with a
dense gradient (`w`, through a MatMul) and a sparse one (`emb`, an IndexedSlices through a gather
with a repeated id): for each case the graph `minimize` builds (one `[name, type, inputs...]`
entry per node, and the whole GraphDef with its initializer, base64), the slot variables' names,
and the loss and every variable after each of three training steps:

    TF_USE_LEGACY_KERAS=1 /path/to/tf-venv/bin/python Scripts/tf-verify/record_optimizer_graphs.py

writes Tests/ScopeFlowTests/Resources/optimizer_graphs.json. The model is
`loss = mean((x·w − t)²) + Σ (gather(emb, ids) − u)²` with constant-initialized `w [3, 2]` and
`emb [6, 2]`; `x` is fed, `ids = [0, 2, 0, 5]`."""
import base64
import json
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "optimizer_graphs.json")

W0 = [[0.5, -0.25], [0.75, 1.0], [-0.5, 0.125]]
E0 = [[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6], [0.7, -0.8], [0.9, 1.0], [-1.1, 0.05]]
T = [[0.5, -1.0], [1.0, 0.25], [0.0, 0.5], [-0.5, 1.5]]
U = [[0.25, 0.5], [-0.75, 0.0], [1.0, -0.5], [0.5, 0.5]]
IDS = [0, 2, 0, 5]

# name → (constructor, its keyword arguments as the Swift test passes them, slot names)
CASES = {
    "momentum": (tf.train.MomentumOptimizer, {"learning_rate": 0.1, "momentum": 0.9}, ["momentum"]),
    "momentum_nesterov": (tf.train.MomentumOptimizer,
                          {"learning_rate": 0.1, "momentum": 0.9, "use_nesterov": True}, ["momentum"]),
    "rmsprop": (tf.train.RMSPropOptimizer, {"learning_rate": 0.05, "momentum": 0.5}, ["rms", "momentum"]),
    "rmsprop_centered": (tf.train.RMSPropOptimizer, {"learning_rate": 0.05, "momentum": 0.5, "centered": True},
                         ["rms", "mg", "momentum"]),
    "adam": (tf.train.AdamOptimizer, {"learning_rate": 0.1}, ["m", "v"]),
    "adadelta": (tf.train.AdadeltaOptimizer, {"learning_rate": 1.0, "rho": 0.9, "epsilon": 1e-6},
                 ["accum", "accum_update"]),
    "ftrl": (tf.train.FtrlOptimizer, {"learning_rate": 0.1, "l1_regularization_strength": 0.01,
                                      "l2_regularization_strength": 0.02}, ["accum", "linear"]),
    "ftrl_power": (tf.train.FtrlOptimizer, {"learning_rate": 0.1, "learning_rate_power": -0.75,
                                            "initial_accumulator_value": 0.2, "l1_regularization_strength": 0.2},
                   ["accum", "linear"]),
    "ftrl_shrinkage": (tf.train.FtrlOptimizer, {"learning_rate": 0.1, "l1_regularization_strength": 0.01,
                                                "l2_regularization_strength": 0.02,
                                                "l2_shrinkage_regularization_strength": 0.1}, ["accum", "linear"]),
    "proximal_adagrad": (tf.train.ProximalAdagradOptimizer, {"learning_rate": 0.1, "l1_regularization_strength": 0.05,
                                                             "l2_regularization_strength": 0.02}, ["accumulator"]),
    "proximal_adagrad_l2": (tf.train.ProximalAdagradOptimizer,
                            {"learning_rate": 0.1, "l2_regularization_strength": 0.1}, ["accumulator"]),
    "proximal_gradient_descent": (tf.train.ProximalGradientDescentOptimizer,
                                  {"learning_rate": 0.1, "l1_regularization_strength": 0.05,
                                   "l2_regularization_strength": 0.02}, []),
    "proximal_gradient_descent_l2": (tf.train.ProximalGradientDescentOptimizer,
                                     {"learning_rate": 0.1, "l2_regularization_strength": 0.1}, []),
}


def record(array):
    array = np.asarray(array)
    values = [int(v) if array.dtype.kind == "i" else float("%.9g" % v) for v in array.reshape(-1)]
    return {"dtype": array.dtype.name, "shape": list(array.shape), "values": values}


def run_case(make, kwargs, slot_names, feeds):
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [4, 3], name="x")
        w = tf.get_variable("w", [3, 2], initializer=tf.constant_initializer(W0))
        emb = tf.get_variable("emb", [6, 2], initializer=tf.constant_initializer(E0))
        rows = tf.gather(emb, tf.constant(IDS, name="ids"))
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - tf.constant(T))) + tf.reduce_sum(
            tf.square(rows - tf.constant(U)))
        optimizer = make(**kwargs)
        train = optimizer.minimize(loss)
        nodes = [[n.name, n.op] + list(n.input) for n in graph.as_graph_def().node]
        slots = {v.op.name: {s: optimizer.get_slot(v, s).op.name for s in slot_names} for v in (w, emb)}
        names = ["w", "emb"] + sorted(n for per in slots.values() for n in per.values())
        init = tf.global_variables_initializer()
        graph_def = base64.b64encode(graph.as_graph_def().SerializeToString(deterministic=True)).decode()
        steps = []
        with tf.Session() as s:
            s.run(init)
            for xv in feeds:
                value, _ = s.run([loss, train], {x: xv})
                read = {name: record(s.run(graph.get_tensor_by_name(name + ":0"))) for name in names}
                steps.append({"feeds": {"x": record(xv)}, "loss": record(value), "variables": read})
    return {"arguments": kwargs, "slots": slots, "nodes": nodes, "train_op": train.name, "loss": loss.name,
            "init": init.name, "graph_def": graph_def, "steps": steps}


def main():
    rng = np.random.RandomState(11)
    feeds = [rng.uniform(-1, 1, (4, 3)).astype(np.float32) for _ in range(3)]
    cases = {name: run_case(make, kwargs, slots, feeds) for name, (make, kwargs, slots) in CASES.items()}
    with open(OUT, "w") as f:
        json.dump({"meta": {"tensorflow_version": tf.__version__,
                            "generator": "Scripts/tf-verify/record_optimizer_graphs.py"},
                   "w": W0, "emb": E0, "t": T, "u": U, "ids": IDS, "cases": cases}, f)
        f.write("\n")
    print("wrote %s" % os.path.relpath(OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
