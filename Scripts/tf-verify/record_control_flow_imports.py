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
    """`build()` returns a dict of named fetch tensors; each run is a dict placeholder name -> value."""
    graph = tf.Graph()
    with graph.as_default():
        fetches = build()
        with tf.Session(graph=graph) as session:
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
            "runs": recorded}


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
    ]
    with open(OUT, "w") as f:
        json.dump({"tensorflow": tf.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote", len(cases), "cases to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
