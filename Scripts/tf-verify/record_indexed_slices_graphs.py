"""Records what TensorFlow 2.21 (tf.compat.v1, ref variables) builds and computes when a gradient
is an IndexedSlices (the gradient of a gather with respect to its params):

    TF_USE_LEGACY_KERAS=1 /path/to/tf-venv/bin/python Scripts/tf-verify/record_indexed_slices_graphs.py

writes Tests/ScopeFlowTests/Resources/indexed_slices_graphs.json, one entry per case with the graph's
nodes (`[name, type, inputs...]`, NodeDef order), the names of the tensors the case returns, and
the values of running them:

* `gradients`: `tf.gradients` of a loss through one `tf.gather`: an IndexedSlices as is
  (its values, indices and dense_shape), then that IndexedSlices converted to a tensor.
* `aggregate_slices`: two gathers of the same params: TF concatenates the slices.
* `aggregate_mixed`: a gather and a dense use of the same params: TF's AddN of both.
* `gradient_descent`, `adagrad`: `minimize` through a gather; two steps with repeated ids, the
  variables read back after each.
"""
import json
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "indexed_slices_graphs.json")

TABLE = [[0.5, -0.25, 1.0], [0.75, 1.0, -0.5], [-0.5, 0.125, 0.25], [1.5, -1.0, 0.0], [0.25, 0.5, -0.75]]
IDS = [[1, 3], [1, 0]]
TARGET = [[[0.5, 0.0, -1.0], [1.0, 0.25, 0.5]], [[-0.5, 0.5, 0.0], [0.0, 1.0, 2.0]]]


def record(array):
    array = np.asarray(array)
    values = [int(v) if array.dtype.kind == "i" else float("%.9g" % v) for v in array.reshape(-1)]
    return {"dtype": array.dtype.name, "shape": list(array.shape), "values": values}


def nodes(graph):
    return [[n.name, n.op] + list(n.input) for n in graph.as_graph_def().node]


def model():
    ids = tf.placeholder(tf.int32, [2, 2], name="ids")
    table = tf.get_variable("table", [5, 3], initializer=tf.constant_initializer(TABLE))
    rows = tf.gather(table, ids)
    loss = tf.reduce_sum(tf.square(rows - tf.constant(TARGET)))
    return ids, table, loss


def gradients_case():
    graph = tf.Graph()
    with graph.as_default():
        ids, table, loss = model()
        (grad,) = tf.gradients(loss, [table])
        dense = tf.convert_to_tensor(grad)
        tensors = {"values": grad.values, "indices": grad.indices, "dense_shape": grad.dense_shape, "dense": dense}
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            values = s.run(tensors, {ids: IDS})
    return {"nodes": nodes(graph), "tensors": {k: t.name for k, t in tensors.items()},
            "values": {k: record(v) for k, v in values.items()}}


def aggregate_case(mixed):
    graph = tf.Graph()
    with graph.as_default():
        ids, table, loss = model()
        other = tf.reduce_sum(table * table) if mixed else tf.reduce_sum(tf.gather(table, tf.constant([4, 1])))
        (grad,) = tf.gradients(loss + other, [table])
        if mixed:
            tensors = {"dense": grad}
        else:
            tensors = {"values": grad.values, "indices": grad.indices, "dense_shape": grad.dense_shape}
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            values = s.run(tensors, {ids: IDS})
    return {"nodes": nodes(graph), "tensors": {k: t.name for k, t in tensors.items()},
            "values": {k: record(v) for k, v in values.items()}}


def minimize_case(make_optimizer):
    graph = tf.Graph()
    with graph.as_default():
        ids, table, loss = model()
        optimizer = make_optimizer()
        train = optimizer.minimize(loss)
        slots = [optimizer.get_slot(table, name) for name in optimizer.get_slot_names()]
        steps = []
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            for feed in (IDS, [[4, 4], [2, 4]]):
                value, _ = s.run([loss, train], {ids: feed})
                read = {v.op.name: record(s.run(v)) for v in [table] + slots}
                steps.append({"ids": feed, "loss": record(value), "variables": read})
    return {"nodes": nodes(graph), "train_op": train.name, "steps": steps}


def main():
    cases = {
        "gradients": gradients_case(),
        "aggregate_slices": aggregate_case(mixed=False),
        "aggregate_mixed": aggregate_case(mixed=True),
        "gradient_descent": minimize_case(lambda: tf.train.GradientDescentOptimizer(0.1)),
        "adagrad": minimize_case(lambda: tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.2)),
    }
    with open(OUT, "w") as f:
        json.dump({"meta": {"tensorflow_version": tf.__version__,
                            "generator": "Scripts/tf-verify/record_indexed_slices_graphs.py"},
                   "table": TABLE, "ids": IDS, "target": TARGET, "cases": cases}, f)
        f.write("\n")
    print("wrote %s" % os.path.relpath(OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
