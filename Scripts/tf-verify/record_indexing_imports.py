"""Records TF 2.21 tf.compat.v1 graphs that use the index and contraction ops (top_k, gather_nd,
scatter_nd, tensor_scatter_nd_update, boolean_mask, dynamic_partition, dynamic_stitch, einsum,
tensordot, reduce_logsumexp, clip_by_average_norm, scatter_update/add/mul/div) in a training step,
as GraphDefs with the values TF computes from them, for ScopeFlow's import-and-run tests: each
graph's gradients are TF's own gradient graph, run by ScopeFlow's kernels.

Run with a TensorFlow 2.21 virtualenv:
    TF_USE_LEGACY_KERAS=1 python Scripts/tf-verify/record_indexing_imports.py
Writes Tests/ScopeFlowTests/Resources/indexing-imports.json in the format of
record_control_flow_imports.py.
"""
import base64
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ScopeFlowTests", "Resources",
                   "indexing-imports.json")


def encode(value):
    value = np.asarray(value)
    return {"dtype": value.dtype.name, "shape": list(value.shape), "values": value.reshape(-1).tolist()}


def record(name, build, runs):
    """`build()` returns (fetches, train_op); each run feeds placeholders by name, runs the train op
    with the fetches, in order in one session."""
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(7)
        fetches, train = build()
        init = tf.global_variables_initializer()
        config = tf.ConfigProto(intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)
        with tf.Session(graph=graph, config=config) as session:
            session.run(init)
            recorded = []
            for feeds in runs:
                feed_dict = {graph.get_tensor_by_name(k + ":0"): v for k, v in feeds.items()}
                values, _ = session.run([fetches, train], feed_dict)
                recorded.append({
                    "feeds": {k + ":0": encode(v) for k, v in feeds.items()},
                    "fetches": {fetches[key].name: encode(values[key]) for key in fetches},
                    "targets": [train.name],
                })
    graph_def = graph.as_graph_def()
    return {"name": name, "graph_def": base64.b64encode(graph_def.SerializeToString(deterministic=True)).decode(),
            "init": init.name, "runs": recorded}


def weights(shape, name):
    return tf.get_variable(name, shape, initializer=tf.random_uniform_initializer(-1.0, 1.0, seed=3))


def top_k_and_logsumexp():
    x = tf.placeholder(tf.float32, [3, 6], name="x")
    k = tf.placeholder(tf.int32, [], name="k")
    w = weights([6, 6], "w")
    scores = tf.matmul(x, w)
    values, indices = tf.nn.top_k(scores, k)
    loss = tf.reduce_sum(values) + tf.reduce_sum(tf.reduce_logsumexp(scores, axis=1))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    return {"loss": loss, "indices": indices, "finite": tf.math.is_finite(scores)}, train


def gather_scatter_nd():
    ids = tf.placeholder(tf.int64, [4, 2], name="ids")
    table = weights([5, 3, 2], "table")
    picked = tf.gather_nd(table, ids)
    spread = tf.scatter_nd(ids, picked * 2.0, [5, 3, 2])
    updated = tf.tensor_scatter_nd_update(table * 1.0, ids[:2], picked[2:])
    loss = tf.reduce_sum(tf.square(spread)) + tf.reduce_sum(updated * updated)
    train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
    return {"loss": loss, "picked": picked}, train


def masks_and_partitions():
    x = tf.placeholder(tf.float32, [6, 3], name="x")
    parts = tf.placeholder(tf.int32, [6], name="parts")
    w = weights([3, 3], "w")
    h = tf.matmul(x, w)
    kept = tf.boolean_mask(h, tf.reduce_sum(h, axis=1) > 0.0)
    pieces = tf.dynamic_partition(h, parts, 3)
    positions = tf.dynamic_partition(tf.range(6), parts, 3)
    merged = tf.dynamic_stitch(positions, [p * float(i + 1) for i, p in enumerate(pieces)])
    loss = tf.reduce_sum(tf.square(kept)) + tf.reduce_sum(merged * h)
    train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
    return {"loss": loss, "kept": kept, "merged": merged, "where": tf.where(h > 0.5)}, train


def einsum_and_tensordot():
    x = tf.placeholder(tf.float32, [2, 3, 4], name="x")
    w = weights([4, 5], "w")
    v = weights([3, 4, 2], "v")
    attention = tf.einsum("bij,bkj->bik", x, x)
    projected = tf.einsum("bij,jk->bik", x, w)
    summed = tf.tensordot(x, v, axes=[[1, 2], [0, 1]])
    clipped = tf.clip_by_average_norm(projected, 0.1)
    loss = tf.reduce_sum(attention) + tf.reduce_sum(clipped) + tf.reduce_sum(tf.square(summed))
    train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
    return {"loss": loss, "summed": summed}, train


def scatter_state_ops():
    ids = tf.placeholder(tf.int32, [3], name="ids")
    rows = tf.placeholder(tf.float32, [3, 2], name="rows")
    table = tf.get_variable("table", initializer=tf.constant(np.arange(1, 11, dtype=np.float32).reshape(5, 2)))
    added = tf.scatter_add(table, ids, rows)
    with tf.control_dependencies([added]):
        multiplied = tf.scatter_mul(table, ids[:1], rows[:1])
    with tf.control_dependencies([multiplied]):
        divided = tf.scatter_div(table, ids[1:], rows[1:] + 2.0)
    with tf.control_dependencies([divided]):
        train = tf.scatter_update(table, ids[2:], rows[2:] * 10.0).op
    return {"before": tf.identity(table.read_value())}, train


def main():
    rng = np.random.RandomState(11)
    cases = [
        record("top_k_and_logsumexp", top_k_and_logsumexp,
               [{"x": rng.uniform(-2, 2, (3, 6)).astype(np.float32), "k": np.int32(k)} for k in (2, 4)]),
        record("gather_scatter_nd", gather_scatter_nd,
               [{"ids": np.int64([[0, 1], [4, 2], [0, 1], [3, 0]])}, {"ids": np.int64([[1, 1], [2, 2], [3, 0], [1, 0]])}]),
        record("masks_and_partitions", masks_and_partitions,
               [{"x": rng.uniform(-1, 1, (6, 3)).astype(np.float32), "parts": np.int32(p)}
                for p in ([2, 0, 1, 1, 0, 2], [1, 1, 1, 0, 0, 0])]),
        record("einsum_and_tensordot", einsum_and_tensordot,
               [{"x": rng.uniform(-1, 1, (2, 3, 4)).astype(np.float32)} for _ in range(2)]),
        record("scatter_state_ops", scatter_state_ops,
               [{"ids": np.int32([4, 1, 4]), "rows": rng.uniform(0.5, 2, (3, 2)).astype(np.float32)},
                {"ids": np.int32([0, 2, 3]), "rows": rng.uniform(0.5, 2, (3, 2)).astype(np.float32)}]),
    ]
    meta = {"tensorflow_version": tf.__version__, "generator": "Scripts/tf-verify/record_indexing_imports.py"}
    with open(OUT, "w") as f:
        json.dump({"meta": meta, "cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
