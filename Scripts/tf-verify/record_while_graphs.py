"""Records the graphs TensorFlow 2.21 builds for tf.compat.v1.while_loop (v1 control flow: Enter,
Merge, LoopCond, Switch, Identity, NextIteration, Exit) and the values a session fetches from them:

    /path/to/tf-venv/bin/python Scripts/tf-verify/record_while_graphs.py

writes Tests/ScopeFlowTests/Resources/while_graphs.json. Each case lists every node in graph
order (name, op type, inputs with `^name` control inputs, the static shape of each output, and for
Enter ops frame_name / is_constant / parallel_iterations; the variables' initializer `init` last,
when there are variables) and the value of each fetched tensor.
ControlFlow/WhileLoopGraphTests.swift builds each case in Swift, op for op, and compares."""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

from graph_nodes import node

tf.disable_v2_behavior()
tf.disable_resource_variables()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "while_graphs.json")


def counter():
    return [tf.while_loop(lambda i: i < 10, lambda i: i + 1, [tf.constant(0)])]


def two_variables():
    return tf.while_loop(
        lambda i, acc: i < 10, lambda i, acc: (i + 1, acc * 2.0), [tf.constant(0), tf.constant(1.0)],
        parallel_iterations=32)


def outside_tensor():
    x = tf.constant(3.0, name="x")
    return tf.while_loop(
        lambda i, a: i < 4, lambda i, a: (i + 1, a * x + x), [tf.constant(0), tf.constant(1.0)])


def constants_in_body():
    x = tf.constant(3.0, name="x")
    return tf.while_loop(
        lambda i, a: i < 3,
        lambda i, a: (i + 1, a + tf.constant(2.0) + tf.square(x)),
        [tf.constant(0), tf.constant(0.0)])


def nested():
    x = tf.constant(2.0, name="x")

    def body(i, s):
        start = tf.constant(0)
        inner = tf.while_loop(lambda j, t: j < i, lambda j, t: (j + 1, t + x), [start, s])
        return i + 1, inner[1]

    return tf.while_loop(lambda i, s: i < 3, body, [tf.constant(0), tf.constant(0.0)])


def in_name_scope():
    with tf.name_scope("outer"):
        return [tf.while_loop(lambda i: i < 5, lambda i: i + 2, [tf.constant(0)])]


def second_loop():
    first = tf.while_loop(lambda i: i < 3, lambda i: i + 1, [tf.constant(0)])
    second = tf.while_loop(lambda i: i < first, lambda i: i + 2, [tf.constant(0)])
    return [first, second]


def maximum_iterations():
    limited = tf.while_loop(
        lambda i, a: a < 100.0, lambda i, a: (i + 1, a * 2.0), (tf.constant(0), tf.constant(1.0)),
        maximum_iterations=5)
    limit = tf.constant(2, name="limit")
    one = tf.while_loop(lambda i: i < 10, lambda i: i + 1, [tf.constant(0)], maximum_iterations=limit)
    return list(limited) + [one]


def shape_invariants():
    return tf.while_loop(
        lambda i, v: i < 3,
        lambda i, v: (i + 1, tf.concat([v, v], 0)),
        [tf.constant(0), tf.constant([1.0])],
        shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])


def control_dependencies():
    dep = tf.constant(5.0, name="dep")
    with tf.control_dependencies([dep]):
        return [tf.while_loop(lambda i: i < 2, lambda i: i + 1, [tf.constant(0)])]


def named():
    return [tf.while_loop(lambda i: i < 4, lambda i: i * 2, [tf.constant(1)], name="doubling")]


def variable_in_body():
    v = tf.Variable(1.5, name="v")
    return tf.while_loop(
        lambda i, a: i < 3, lambda i, a: (i + 1, a + v), [tf.constant(0), tf.constant(0.0)])


def nested_invariant_loop_variable():
    x = tf.constant(1.0, name="x")

    def body(i, s):
        inner = tf.while_loop(lambda t: t < 4.0, lambda t: t * 2.0, [x])
        return i + 1, s + inner

    return tf.while_loop(lambda i, s: i < 2, body, [tf.constant(0), tf.constant(0.0)])


def cond_in_loop():
    x = tf.constant(1.5, name="x")
    return tf.while_loop(
        lambda i, v: i < 3, lambda i, v: (i + 1, tf.cond(v < 5.0, lambda: v * x, lambda: v + x)),
        [tf.constant(0), x])


def loop_in_cond():
    x = tf.constant(1.5, name="x")
    p = tf.constant(True, name="p")
    return [tf.cond(p, lambda: tf.while_loop(lambda v: v < 10.0, lambda v: v * x, [x]), lambda: x + 1.0)]


CASES = [
    counter, two_variables, outside_tensor, constants_in_body, nested, in_name_scope, second_loop,
    maximum_iterations, shape_invariants, control_dependencies, named, variable_in_body,
    nested_invariant_loop_variable, cond_in_loop, loop_in_cond,
]


def value(array):
    array = np.asarray(array)
    return {"dtype": array.dtype.name, "shape": list(array.shape), "values": array.reshape(-1).tolist()}


def record(build):
    graph = tf.Graph()
    with graph.as_default():
        fetches = build()
        init = tf.global_variables_initializer() if tf.global_variables() else None
        nodes = [node(op) for op in graph.get_operations()]
        with tf.Session(graph=graph) as session:
            if init is not None:
                session.run(init)
            values = session.run(fetches)
    return {
        "id": build.__name__,
        "nodes": nodes,
        "fetches": [t.name for t in fetches],
        "values": [value(v) for v in values],
    }


def main():
    cases = [record(build) for build in CASES]
    with open(OUT, "w") as out:
        json.dump({"tensorflow": tf.__version__, "cases": cases}, out, indent=1)
        out.write("\n")
    print("wrote %d cases to %s" % (len(cases), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
