"""Records TensorFlow 2.21's AdagradOptimizer (tf.compat.v1, ref variables) on a small dense
model: the graph `minimize` builds, one `[name, type, inputs...]` entry per node, and the
values of two training steps:

    TF_USE_LEGACY_KERAS=1 /path/to/tf-venv/bin/python Scripts/tf-verify/record_adagrad_optimizer.py

writes Tests/ScopeFlowTests/Resources/adagrad_optimizer.json. The model is
`loss = mean((x·w + b − y)²)` with constant-initialized `w [3, 2]` and `b [2]`, trained by
`AdagradOptimizer(0.1, initial_accumulator_value=0.2).minimize(loss, global_step)`; each step
feeds `x` and `y`, fetches the loss and runs the train op; after each step the variables and
their `accumulator` slots are read back."""
import json
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "adagrad_optimizer.json")


def record(array):
    array = np.asarray(array)
    values = [int(v) if array.dtype.kind == "i" else float("%.9g" % v) for v in array.reshape(-1)]
    return {"dtype": array.dtype.name, "shape": list(array.shape), "values": values}


W0 = [[0.5, -0.25], [0.75, 1.0], [-0.5, 0.125]]
B0 = [0.1, -0.2]


def main():
    rng = np.random.RandomState(7)
    feeds = [(rng.uniform(-1, 1, (4, 3)).astype(np.float32), rng.uniform(-1, 1, (4, 2)).astype(np.float32))
             for _ in range(2)]
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [4, 3], name="x")
        y = tf.placeholder(tf.float32, [4, 2], name="y")
        w = tf.get_variable("w", [3, 2], initializer=tf.constant_initializer(W0))
        b = tf.get_variable("b", [2], initializer=tf.constant_initializer(B0))
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        global_step = tf.train.get_or_create_global_step()
        optimizer = tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.2)
        train = optimizer.minimize(loss, global_step=global_step)
        nodes = [[n.name, n.op] + list(n.input) for n in graph.as_graph_def().node]
        slots = {v.op.name: optimizer.get_slot(v, "accumulator").op.name for v in (w, b)}
        steps = []
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            for xv, yv in feeds:
                value, _ = s.run([loss, train], {x: xv, y: yv})
                read = {name: record(s.run(graph.get_tensor_by_name(name + ":0")))
                        for name in ["w", "b"] + sorted(slots.values()) + ["global_step"]}
                steps.append({"feeds": {"x": record(xv), "y": record(yv)}, "loss": record(value), "variables": read})
    with open(OUT, "w") as f:
        json.dump({"meta": {"tensorflow_version": tf.__version__,
                            "generator": "Scripts/tf-verify/record_adagrad_optimizer.py"},
                   "w": W0, "b": B0, "slots": slots, "nodes": nodes, "train_op": train.name, "steps": steps}, f)
        f.write("\n")
    print("wrote %s" % os.path.relpath(OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
