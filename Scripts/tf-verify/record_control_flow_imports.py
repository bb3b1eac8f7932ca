"""Records TF 2.21's v1 control-flow graphs (cond, while_loop) as GraphDefs with the values TF
computes from them, for ScopeFlow's import-and-run tests.

Run with a TensorFlow 2.21 virtualenv:
    python Scripts/tf-verify/record_control_flow_imports.py
Writes Tests/ScopeFlowTests/Resources/control-flow-imports.json: one case per program, each with
the binary GraphDef (base64), and runs: feeds (name -> value, dtype), fetch names and TF's values.
"""
import base64
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ScopeFlowTests", "Resources",
                   "control-flow-imports.json")


def encode(value):
    value = np.asarray(value)
    return {"dtype": value.dtype.name, "shape": list(value.shape), "values": value.reshape(-1).tolist()}


def record(name, build, runs):
    """`build()` returns a dict of named fetch tensors; each run is a dict placeholder name -> value.
    A graph with variables gets an op `init` that the test runs first."""
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(7)
        fetches = build()
        init = tf.global_variables_initializer() if tf.global_variables() else None
        with tf.Session(graph=graph) as session:
            if init is not None:
                session.run(init)
            recorded = []
            for feeds in runs:
                feed_dict = {graph.get_tensor_by_name(k + ":0"): v for k, v in feeds.items()}
                values = session.run(fetches, feed_dict)
                recorded.append({
                    "feeds": {k + ":0": encode(v) for k, v in feeds.items()},
                    "fetches": {fetches[key].name: encode(values[key]) for key in fetches},
                })
    graph_def = graph.as_graph_def()
    return {"name": name, "graph_def": base64.b64encode(graph_def.SerializeToString()).decode(),
            "init": init.name if init is not None else None, "runs": recorded}


def cond_basic():
    x = tf.placeholder(tf.float32, [3], name="x")
    p = tf.placeholder(tf.bool, [], name="p")
    y = tf.cond(p, lambda: x * 2.0, lambda: x + 10.0)
    return {"y": y}


def cond_nested_with_constants():
    x = tf.placeholder(tf.float32, [], name="x")
    p = tf.placeholder(tf.bool, [], name="p")
    q = tf.placeholder(tf.bool, [], name="q")
    y = tf.cond(p, lambda: tf.cond(q, lambda: x * 3.0, lambda: tf.constant(7.0)), lambda: x - 1.0)
    return {"y": y}


def while_counter():
    i = tf.while_loop(lambda i: i < 10, lambda i: i + 1, [tf.constant(0)])
    return {"i": i}


def while_accumulates_outside_value():
    x = tf.placeholder(tf.float32, [2], name="x")
    n = tf.placeholder(tf.int32, [], name="n")
    i, acc = tf.while_loop(lambda i, acc: i < n, lambda i, acc: (i + 1, acc + x * tf.cast(i, tf.float32)),
                           [tf.constant(0), tf.zeros([2])])
    return {"i": i, "acc": acc}


def while_nested():
    def outer_body(i, total):
        j, inner = tf.while_loop(lambda j, s: j < 4, lambda j, s: (j + 1, s + i * j), [tf.constant(0), total])
        return i + 1, inner
    i, total = tf.while_loop(lambda i, t: i < 3, outer_body, [tf.constant(0), tf.constant(0)])
    return {"i": i, "total": total}


def cond_inside_while():
    def body(i, s):
        s = tf.cond(tf.equal(i % 2, 0), lambda: s + i, lambda: s - 1)
        return i + 1, s
    i, s = tf.while_loop(lambda i, s: i < 7, body, [tf.constant(0), tf.constant(0)])
    return {"i": i, "s": s}


def while_inside_cond():
    p = tf.placeholder(tf.bool, [], name="p")
    x = tf.placeholder(tf.float32, [], name="x")
    y = tf.cond(p, lambda: tf.while_loop(lambda v: v < 100.0, lambda v: v * 2.0, [x]), lambda: x - 5.0)
    return {"y": y}


def while_maximum_iterations():
    x = tf.placeholder(tf.float32, [], name="x")
    v = tf.while_loop(lambda v: v < 1000.0, lambda v: v + 1.0, [x], maximum_iterations=5)
    return {"v": v}


def cond_gradient():
    x = tf.placeholder(tf.float32, [3], name="x")
    p = tf.placeholder(tf.bool, [], name="p")
    y = tf.cond(p, lambda: x * x, lambda: x * 3.0)
    (dx,) = tf.gradients(tf.reduce_sum(y), [x])
    return {"y": y, "dx": dx}


def tensor_array_round_trip():
    x = tf.placeholder(tf.float32, [3, 2], name="x")
    ta = tf.TensorArray(tf.float32, size=3, clear_after_read=False)
    ta = ta.unstack(x)
    stacked = ta.stack()
    middle = ta.read(1)
    ta2 = tf.TensorArray(tf.float32, size=0, dynamic_size=True, infer_shape=False)
    ta2 = ta2.write(0, x[0]).write(1, tf.concat([x[1], x[2]], 0))
    return {"stacked": stacked, "middle": middle, "concat": ta2.concat(), "size": ta2.size()}


def scan_cumulative_sum():
    x = tf.placeholder(tf.float32, [4, 2], name="x")
    return {"scan": tf.scan(lambda a, e: a + e, x)}


def map_fn_square():
    x = tf.placeholder(tf.float32, [3, 2], name="x")
    return {"map": tf.map_fn(lambda e: e * e + 1.0, x)}


def foldl_product():
    x = tf.placeholder(tf.float32, [4], name="x")
    return {"foldl": tf.foldl(lambda a, e: a * e, x, initializer=tf.constant(1.0)),
            "foldr": tf.foldr(lambda a, e: a - e, x, initializer=tf.constant(0.0))}


def while_gradient():
    x = tf.placeholder(tf.float32, [2], name="x")
    _, v = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * x + 1.0), [tf.constant(0), tf.ones([2])])
    (dx,) = tf.gradients(tf.reduce_sum(v), [x])
    return {"v": v, "dx": dx}


def map_fn_gradient():
    x = tf.placeholder(tf.float32, [3, 2], name="x")
    y = tf.map_fn(lambda e: tf.sin(e) * e, x)
    (dx,) = tf.gradients(tf.reduce_sum(y), [x])
    return {"y": y, "dx": dx}


def dynamic_rnn_training_step():
    from tensorflow.python.ops import rnn_cell_impl
    x = tf.placeholder(tf.float32, [2, 5, 3], name="x")
    lengths = tf.placeholder(tf.int32, [2], name="lengths")
    cell = rnn_cell_impl.BasicRNNCell(4)
    outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
    loss = tf.reduce_sum(outputs * outputs) + tf.reduce_sum(state)
    grads = tf.gradients(loss, [x] + tf.trainable_variables())
    return {"outputs": outputs, "state": state, "dx": grads[0], "dkernel": grads[1], "dbias": grads[2]}


def main():
    cases = [
        record("cond_basic", cond_basic,
               [{"x": np.float32([1, 2, 3]), "p": True}, {"x": np.float32([1, 2, 3]), "p": False}]),
        record("cond_nested_with_constants", cond_nested_with_constants,
               [{"x": np.float32(2), "p": True, "q": True}, {"x": np.float32(2), "p": True, "q": False},
                {"x": np.float32(2), "p": False, "q": True}]),
        record("while_counter", while_counter, [{}]),
        record("while_accumulates_outside_value", while_accumulates_outside_value,
               [{"x": np.float32([1, -2]), "n": np.int32(5)}, {"x": np.float32([1, -2]), "n": np.int32(0)}]),
        record("while_nested", while_nested, [{}]),
        record("cond_inside_while", cond_inside_while, [{}]),
        record("while_inside_cond", while_inside_cond,
               [{"p": True, "x": np.float32(3)}, {"p": False, "x": np.float32(3)}]),
        record("while_maximum_iterations", while_maximum_iterations,
               [{"x": np.float32(1)}, {"x": np.float32(998.5)}]),
        record("cond_gradient", cond_gradient,
               [{"x": np.float32([1, 2, 3]), "p": True}, {"x": np.float32([1, 2, 3]), "p": False}]),
        record("tensor_array_round_trip", tensor_array_round_trip, [{"x": np.float32([[1, 2], [3, 4], [5, 6]])}]),
        record("scan_cumulative_sum", scan_cumulative_sum, [{"x": np.float32([[1, 2], [3, 4], [5, 6], [7, 8]])}]),
        record("map_fn_square", map_fn_square, [{"x": np.float32([[1, 2], [3, 4], [5, 6]])}]),
        record("foldl_foldr", foldl_product, [{"x": np.float32([1, 2, 3, 4])}]),
        record("while_gradient", while_gradient, [{"x": np.float32([0.5, -2])}]),
        record("map_fn_gradient", map_fn_gradient, [{"x": np.float32([[1, 2], [3, 4], [5, 6]])}]),
        record("dynamic_rnn_training_step", dynamic_rnn_training_step,
               [{"x": np.linspace(-1, 1, 30, dtype=np.float32).reshape(2, 5, 3),
                 "lengths": np.int32([5, 3])}]),
    ]
    with open(OUT, "w") as f:
        json.dump({"tensorflow": tf.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote", len(cases), "cases to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
