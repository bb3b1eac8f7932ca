"""Records what TensorFlow 2.21 (tf.compat.v1, ref variables) builds and computes for
tf.nn.embedding_lookup (one table), tf.nn.xw_plus_b, tf.div, tf.linalg.global_norm and
tf.clip_by_global_norm, the last given an IndexedSlices, a dense gradient and a None:

    TF_USE_LEGACY_KERAS=1 /path/to/tf-venv/bin/python Scripts/tf-verify/record_embedding_clip_graphs.py

writes Tests/ScopeFlowTests/Resources/embedding_clip_graphs.json: the graph's nodes
(`[name, type, inputs...]`, NodeDef order), the names of the fetched tensors and their values.
The model: `emb = embedding_lookup(table, ids)`, `logits = xw_plus_b(reshape(emb, [-1, 3]), w, b)`,
`cost = div(reduce_sum(logits²), 4, name="cost")`, then `tf.gradients(cost, [table, w, b, unused])`
clipped by global norm 2.5 (the table's gradient is an IndexedSlices, `unused`'s is None)."""
import json
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "embedding_clip_graphs.json")

TABLE = [[0.5, -0.25, 1.0], [0.75, 1.0, -0.5], [-0.5, 0.125, 0.25], [1.5, -1.0, 0.0], [0.25, 0.5, -0.75]]
W = [[1.0, -0.5], [0.25, 0.75], [-1.0, 0.5]]
B = [0.125, -0.25]
IDS = [[1, 3], [1, 0]]


def record(array):
    array = np.asarray(array)
    values = [int(v) if array.dtype.kind == "i" else float("%.9g" % v) for v in array.reshape(-1)]
    return {"dtype": array.dtype.name, "shape": list(array.shape), "values": values}


def main():
    graph = tf.Graph()
    with graph.as_default():
        ids = tf.placeholder(tf.int32, [2, 2], name="ids")
        table = tf.get_variable("table", [5, 3], initializer=tf.constant_initializer(TABLE))
        w = tf.get_variable("w", [3, 2], initializer=tf.constant_initializer(W))
        b = tf.get_variable("b", [2], initializer=tf.constant_initializer(B))
        unused = tf.get_variable("unused", [2], initializer=tf.zeros_initializer())
        emb = tf.nn.embedding_lookup(table, ids)
        logits = tf.nn.xw_plus_b(tf.reshape(emb, [-1, 3]), w, b)
        cost = tf.div(tf.reduce_sum(tf.square(logits)), 4, name="cost")
        grads = tf.gradients(cost, [table, w, b, unused])
        clipped, norm = tf.clip_by_global_norm(grads, 2.5)
        tensors = {"embedding": emb, "logits": logits, "cost": cost, "global_norm": norm,
                   "clipped_table_values": clipped[0].values, "clipped_table_indices": clipped[0].indices,
                   "clipped_w": clipped[1], "clipped_b": clipped[2]}
        assert clipped[3] is None
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            values = s.run(tensors, {ids: IDS})
    with open(OUT, "w") as f:
        json.dump({"meta": {"tensorflow_version": tf.__version__,
                            "generator": "Scripts/tf-verify/record_embedding_clip_graphs.py"},
                   "table": TABLE, "w": W, "b": B, "ids": IDS,
                   "nodes": [[n.name, n.op] + list(n.input) for n in graph.as_graph_def().node],
                   "tensors": {k: t.name for k, t in tensors.items()},
                   "values": {k: record(v) for k, v in values.items()}}, f)
        f.write("\n")
    print("wrote %s" % os.path.relpath(OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
