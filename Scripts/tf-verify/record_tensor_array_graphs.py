"""Records the graphs TF 2.21 (tf.compat.v1, v1 control flow) builds for `tf.TensorArray` programs
(round trips, dynamic size, errors, gradients) and for map_fn / scan / foldl / foldr, with the
values TF computes. Writes Tests/ScopeFlowTests/Resources/tensor_array_graphs.json:

    {case: {"nodes": [{"name", "op", "inputs", "shapes"}...], "build_error": message or null,
            "fetches": [{"name", "dtype", "shape", "value"} or {"name", "error"}...]}}

nodes in graph order as record_while_graphs.py lists them (inputs as in a GraphDef, `op:1`,
`^control`; each output's static shape; an Enter's frame attributes); each fetch runs in its own
session.run with the feeds of FEEDS, values flattened; a run that fails records TF's message.
Run: /work/tfenv/bin/python Scripts/tf-verify/record_tensor_array_graphs.py"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

from graph_nodes import node

tf.disable_v2_behavior()
tf.disable_resource_variables()

X = np.arange(12, dtype=np.float32).reshape(4, 3) - 5.0
FEEDS = {"x:0": X}
CASES = {}


def kernel_message(message):
    """The kernel's own line of a run error (TF puts 'Graph execution error:' and the node first)."""
    lines = [line.strip() for line in message.split("\n") if line.strip()]
    return next(line for line in lines if line.startswith("TensorArray "))


def record(name, build):
    graph = tf.Graph()
    build_error = None
    fetches = []
    with graph.as_default():
        try:
            fetches = build()
        except (ValueError, TypeError) as e:
            build_error = str(e)
        nodes = [node(op) for op in graph.get_operations()]
    results = []
    with tf.Session(graph=graph) as session:
        feed_dict = {graph.get_tensor_by_name(k): v for k, v in FEEDS.items()
                     if k[:-2] in [n["name"] for n in nodes]}
        for fetch in fetches:
            try:
                value = np.asarray(session.run(fetch, feed_dict))
                results.append({"name": fetch.name, "dtype": value.dtype.name, "shape": list(value.shape),
                                "value": value.ravel().tolist()})
            except tf.errors.OpError as e:
                results.append({"name": fetch.name, "error": kernel_message(e.message)})
    CASES[name] = {"nodes": nodes, "build_error": build_error, "fetches": results}


def x():
    return tf.placeholder(tf.float32, [4, 3], name="x")


def round_trip():
    v = x()
    ta = tf.TensorArray(tf.float32, size=4, clear_after_read=False).unstack(v)
    return [ta.read(1), ta.stack(), ta.gather([0, 2]), ta.concat(), ta.size()]


def write_read():
    v = x()
    ta = tf.TensorArray(tf.float32, size=3, element_shape=[3])
    for k in range(3):
        ta = ta.write(k, v[k] * float(k + 1))
    return [ta.stack(), ta.size()]


def dynamic_size():
    v = x()
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, tensor_array_name="grow")
    ta = ta.write(0, v[0]).write(2, v[2])
    ta = ta.write(1, v[1])
    return [ta.size(), ta.stack()]


def split_concat():
    v = x()
    ta = tf.TensorArray(tf.float32, size=2).split(v, [2, 2])
    other = tf.TensorArray(tf.float32, size=2, infer_shape=False).split(v, tf.constant([3, 1]))
    return [ta.concat(), other.read(0), other.read(1), ta.flow]


def scatter_gather():
    v = x()
    ta = tf.TensorArray(tf.int32, size=3, clear_after_read=False).scatter([2, 0, 1], tf.cast(v[:3], tf.int32))
    closed = ta.close()
    return [ta.gather([0, 2]), ta.read(2), ta.stack()]


def double_write():
    v = x()
    ta = tf.TensorArray(tf.float32, size=2).write(0, v[0]).write(0, v[1])
    mixed = tf.TensorArray(tf.float32, size=2, infer_shape=False).write(0, v[0]).write(1, v[:2])
    return [ta.read(0), mixed.stack()]


def read_after_clear():
    v = x()
    ta = tf.TensorArray(tf.float32, size=2).write(0, v[0])
    first = ta.read(0)
    with tf.control_dependencies([first]):
        second = ta.read(0)
    return [second]


def inconsistent_write():
    v = x()
    tf.TensorArray(tf.float32, size=2).write(0, v[0]).write(1, v)
    return []


def stack_gradient():
    v = x()
    ta = tf.TensorArray(tf.float32, size=4).unstack(v)
    y = ta.stack() * v
    return tf.gradients(y, v)


def read_write_gradient():
    v = x()
    ta = tf.TensorArray(tf.float32, size=2).write(0, v[0] * 2.0).write(1, tf.square(v[1]))
    y = ta.read(0) * ta.read(1)
    return tf.gradients(y, v)


def concat_split_gradient():
    v = x()
    ta = tf.TensorArray(tf.float32, size=2).split(v, [2, 2])
    return tf.gradients(tf.reduce_sum(tf.square(ta.concat())), v)


def gather_scatter_gradient():
    v = x()
    ta = tf.TensorArray(tf.float32, size=4).scatter([3, 1, 0, 2], v)
    y = ta.gather([1, 3]) * 3.0
    return tf.gradients(y, v)


def map_fn():
    v = x()
    return [tf.map_fn(lambda row: row * 2.0 + 1.0, v)]


def scan():
    v = x()
    return [tf.scan(lambda a, row: a + row, v), tf.scan(lambda a, row: a * row, v, initializer=tf.ones([3]))]


def foldl():
    v = x()
    return [tf.foldl(lambda a, row: a + row, v), tf.foldl(lambda a, row: a - row, v, initializer=tf.zeros([3]))]


def foldr():
    v = x()
    return [tf.foldr(lambda a, row: a + row, v), tf.foldr(lambda a, row: a * 0.5 + row, v, initializer=tf.zeros([3]))]


for case in [round_trip, write_read, dynamic_size, split_concat, scatter_gather, double_write, read_after_clear,
             inconsistent_write, stack_gradient, read_write_gradient, concat_split_gradient, gather_scatter_gradient,
             map_fn, scan, foldl, foldr]:
    record(case.__name__, case)

out = os.path.join(os.path.dirname(__file__), "../../Tests/ScopeFlowTests/Resources/tensor_array_graphs.json")
with open(out, "w") as f:
    json.dump(CASES, f, indent=1)
print("wrote", out, len(CASES), "cases")
