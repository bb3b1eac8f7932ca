"""Records the graphs TensorFlow 2.21 builds for gradients through tf.compat.v1.while_loop (v1
control flow: the forward loop's counter `f_count`, the gradient loop `gradients/while/…` with its
counter `b_count`, the stacks `f_acc` that save forward values, and the accumulators `b_acc` of
loop invariants' gradients) and the values a session fetches from them:

    /path/to/tf-venv/bin/python Scripts/tf-verify/record_while_gradient_graphs.py

writes Tests/ScopeFlowTests/Resources/while_gradient_graphs.json, in the format of
record_while_graphs.py: every node in graph order (name, op type, inputs with `^name` control
inputs, the static shape of each output, Enter frame attributes; the variables' initializer
`init` last, when there are variables) and the value of each fetched tensor.
ControlFlow/WhileGradientGraphTests.swift builds each case in Swift, op for op, and compares."""
import os

import tensorflow.compat.v1 as tf

import record_while_graphs as recorder

tf.disable_v2_behavior()
tf.disable_resource_variables()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "while_gradient_graphs.json")


def single_loop_variable():
    x = tf.constant(1.5, name="x")
    v = tf.while_loop(lambda v: v < 10.0, lambda v: v * v, [x])
    return [v] + tf.gradients(v, [x])


def invariant():
    x = tf.constant([1.0, 2.0], name="x")
    _, v = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * x + 1.0), [tf.constant(0), tf.ones([2])])
    return [v] + tf.gradients(tf.reduce_sum(v), [x])


def several_variables():
    x = tf.constant(2.0, name="x")
    y = tf.constant(3.0, name="y")
    _, a, b = tf.while_loop(
        lambda i, a, b: i < 2, lambda i, a, b: (i + 1, a * b, b + a), [tf.constant(0), x, y])
    return [a, b] + tf.gradients(a, [x, y])


def maximum_iterations():
    x = tf.constant(1.5, name="x")
    v = tf.while_loop(lambda v: v < 100.0, lambda v: v * x, [x], maximum_iterations=3)
    return [v] + tf.gradients(v, [x])


def two_outputs():
    x = tf.constant(1.5, name="x")
    _, a, b = tf.while_loop(
        lambda i, a, b: i < 3, lambda i, a, b: (i + 1, a * x, b + a), [tf.constant(0), x, tf.constant(0.0)])
    return [a, b] + tf.gradients([a, b], [x])


def variable_in_body():
    w = tf.Variable(0.5, name="w")
    _, v = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * w), [tf.constant(0), tf.constant(2.0)])
    return [v] + tf.gradients(v, [w])


def nested():
    x = tf.constant(1.5, name="x")

    def body(i, s):
        inner = tf.while_loop(lambda j, t: j < 2, lambda j, t: (j + 1, t * x), [tf.constant(0), s])
        return i + 1, inner[1]

    _, v = tf.while_loop(lambda i, s: i < 2, body, [tf.constant(0), tf.constant(1.0)])
    return [v] + tf.gradients(v, [x])


def cond_in_loop():
    x = tf.constant(1.5, name="x")
    _, v = tf.while_loop(
        lambda i, v: i < 3, lambda i, v: (i + 1, tf.cond(v < 5.0, lambda: v * x, lambda: v + x)),
        [tf.constant(0), x])
    return [v] + tf.gradients(v, [x])


def output_independent_of_input():
    x = tf.constant(1.5, name="x")
    _, v = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, x * 2.0), [tf.constant(0), x])
    return [v] + tf.gradients(v, [x])


def gradients_twice():
    x = tf.constant(1.5, name="x")
    v = tf.while_loop(lambda v: v < 10.0, lambda v: v * v, [x])
    return [v] + tf.gradients(v, [x]) + tf.gradients(v, [x])


def serial_iterations():
    x = tf.constant(1.5, name="x")
    v = tf.while_loop(lambda v: v < 10.0, lambda v: v * v, [x], parallel_iterations=1)
    return [v] + tf.gradients(v, [x])


def unknown_shape():
    x = tf.constant([1.5, 2.0], name="x")
    _, v = tf.while_loop(
        lambda i, v: i < 2, lambda i, v: (i + 1, v * x), [tf.constant(0), tf.ones([2])],
        shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
    return [v] + tf.gradients(tf.reduce_sum(v), [x])


def training_step():
    w = tf.Variable(0.5, name="w")
    _, v = tf.while_loop(
        lambda i, v: i < 3, lambda i, v: (i + 1, v * w + w), [tf.constant(0), tf.constant(2.0)])
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    grads_and_vars = optimizer.compute_gradients(tf.square(v))
    optimizer.apply_gradients(grads_and_vars)
    return [v, grads_and_vars[0][0]]


CASES = [single_loop_variable, invariant, several_variables, maximum_iterations, two_outputs, variable_in_body, nested,
    cond_in_loop, output_independent_of_input, gradients_twice, serial_iterations, unknown_shape,
    training_step]


def main():
    import json
    cases = [recorder.record(build) for build in CASES]
    with open(OUT, "w") as out:
        json.dump({"tensorflow": tf.__version__, "cases": cases}, out, indent=1)
        out.write("\n")
    print("wrote %d cases to %s" % (len(cases), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
