"""Records the graphs TensorFlow 2.21 builds for tf.compat.v1.nn.dynamic_rnn (v1 control flow: the
`rnn/` scope's transposes, TensorArrays, `rnn/while/…` loop with the cell called in its body,
sequence_length's checks and per-step Selects) and for gradients and a training step through it,
with the values a session fetches for fixed feeds and variable values:

    TF_USE_LEGACY_KERAS=1 /path/to/tf-venv/bin/python Scripts/tf-verify/record_dynamic_rnn_graphs.py

writes Tests/ScopeFlowTests/Resources/dynamic_rnn_graphs.json, in the format of
record_while_graphs.py (every node in graph order, its control inputs sorted; the variables'
initializer `init` last; the fetched values) plus, per case, the `feeds` given to the placeholders and the `variables`' values,
loaded into the variables after `init` ran (Variable.load, which builds no node).
Layers/DynamicRNNGraphTests.swift builds each case in Swift, op for op, and compares."""
import os

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")

import numpy as np
import tensorflow.compat.v1 as tf

from graph_nodes import node
from record_while_graphs import value

tf.disable_v2_behavior()
tf.disable_resource_variables()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "dynamic_rnn_graphs.json")

BATCH, TIME, DEPTH, UNITS = 2, 4, 5, 3


def numbers(count, phase):
    """Deterministic values in [-0.5, 0.5] (the Swift test reads them from the JSON)."""
    return (0.5 * np.sin(np.arange(count) * 0.7 + phase)).astype(np.float32)


def batch_major():
    return tf.placeholder(tf.float32, [BATCH, TIME, DEPTH], name="x")


def time_major():
    return tf.placeholder(tf.float32, [TIME, BATCH, DEPTH], name="x")


def basic_rnn():
    cell = tf.nn.rnn_cell.BasicRNNCell(UNITS)
    outputs, state = tf.nn.dynamic_rnn(cell, batch_major(), dtype=tf.float32)
    return [outputs, state]


def lstm_time_major():
    cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS)
    outputs, state = tf.nn.dynamic_rnn(cell, time_major(), dtype=tf.float32, time_major=True)
    return [outputs, state.c, state.h]


def lstm_sequence_length():
    x = batch_major()
    lengths = tf.constant([4, 2], name="lengths")
    cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS)
    outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
    return [outputs, state.c, state.h]


def rnn_initial_state():
    x = time_major()
    lengths = tf.placeholder(tf.int64, [BATCH], name="lengths")
    h0 = tf.placeholder(tf.float32, [BATCH, UNITS], name="h0")
    cell = tf.nn.rnn_cell.BasicRNNCell(UNITS)
    outputs, state = tf.nn.dynamic_rnn(
        cell, x, sequence_length=lengths, initial_state=h0, time_major=True, parallel_iterations=8,
        swap_memory=True, scope="encoder")
    return [outputs, state]


def rnn_scope_object():
    x = time_major()
    with tf.variable_scope("encoder") as encoder:
        pass
    with tf.name_scope("outer"):
        outputs, state = tf.nn.dynamic_rnn(
            tf.nn.rnn_cell.BasicRNNCell(UNITS), x, dtype=tf.float32, time_major=True, scope=encoder)
    return [outputs, state]


def lstm_gradients():
    x = batch_major()
    c0 = tf.placeholder(tf.float32, [BATCH, UNITS], name="c0")
    h0 = tf.placeholder(tf.float32, [BATCH, UNITS], name="h0")
    cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS)
    outputs, state = tf.nn.dynamic_rnn(
        cell, x, sequence_length=tf.constant([3, 4], name="lengths"),
        initial_state=tf.nn.rnn_cell.LSTMStateTuple(c0, h0))
    loss = tf.reduce_sum(tf.square(outputs)) + tf.reduce_sum(state.c)
    return [loss] + tf.gradients(loss, tf.trainable_variables() + [x, c0, h0])


def lstm_unknown_batch():
    x = tf.placeholder(tf.float32, [None, TIME, DEPTH], name="x")
    lengths = tf.placeholder(tf.int32, [None], name="lengths")
    cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS)
    outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
    loss = tf.reduce_sum(outputs) + tf.reduce_sum(state.h)
    return [outputs, state.c, loss] + tf.gradients(loss, tf.trainable_variables() + [x])


def rnn_unknown_time():
    x = tf.placeholder(tf.float32, [None, None, DEPTH], name="x")
    cell = tf.nn.rnn_cell.BasicRNNCell(UNITS)
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    loss = tf.reduce_sum(tf.square(outputs)) + tf.reduce_sum(state)
    return [outputs, state, loss] + tf.gradients(loss, tf.trainable_variables() + [x])


def rnn_training():
    x = time_major()
    cell = tf.nn.rnn_cell.BasicRNNCell(UNITS)
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, time_major=True)
    loss = tf.reduce_mean(tf.square(outputs)) + tf.reduce_sum(state)
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    grads_and_vars = optimizer.compute_gradients(loss)
    optimizer.apply_gradients(grads_and_vars)
    return [loss] + [g for g, _ in grads_and_vars]


CASES = [basic_rnn, lstm_time_major, lstm_sequence_length, rnn_initial_state, rnn_scope_object, lstm_gradients,
         lstm_unknown_batch, rnn_unknown_time, rnn_training]

FEEDS = {
    "x:0": lambda shape: numbers(int(np.prod(shape)), 0.3).reshape(shape),
    "h0:0": lambda shape: numbers(int(np.prod(shape)), 1.1).reshape(shape),
    "c0:0": lambda shape: numbers(int(np.prod(shape)), 2.3).reshape(shape),
    "lengths:0": lambda shape: np.array([3, 1]),
}


def with_sorted_control_inputs(record):
    """`record` with its control inputs sorted: TF lists more than a few in the order of the edges'
    addresses, which changes from run to run (the gradient's stack pushes on `f_count`)."""
    data = [name for name in record["inputs"] if not name.startswith("^")]
    control = sorted(name for name in record["inputs"] if name.startswith("^"))
    record["inputs"] = data + control
    return record


def record(build):
    graph = tf.Graph()
    with graph.as_default():
        fetches = build()
        init = tf.global_variables_initializer()
        nodes = [with_sorted_control_inputs(node(op)) for op in graph.get_operations()]
        feeds = {}
        for op in graph.get_operations():
            if op.type == "Placeholder":
                tensor = op.outputs[0]
                # Unknown dimensions of a batch-major input: BATCH rows of TIME steps.
                shape = [[BATCH, TIME][i] if d is None else d for i, d in enumerate(tensor.shape.as_list())]
                feeds[tensor] = FEEDS[tensor.name](shape).astype(tensor.dtype.as_numpy_dtype)
        variables = [(v, numbers(int(np.prod(v.shape.as_list())), 0.9 * k).reshape(v.shape.as_list()))
                     for k, v in enumerate(tf.global_variables())]
        with tf.Session(graph=graph) as session:
            session.run(init)
            for variable, values in variables:
                variable.load(values, session)
            values = session.run(fetches, feeds)
    return {
        "id": build.__name__,
        "nodes": nodes,
        "fetches": [t.name for t in fetches],
        "values": [value(v) for v in values],
        "feeds": [dict(name=t.name, **value(v)) for t, v in feeds.items()],
        "variables": [dict(name=v.name, **value(values)) for v, values in variables],
    }


def main():
    import json
    cases = [record(build) for build in CASES]
    with open(OUT, "w") as out:
        json.dump({"tensorflow": tf.__version__, "cases": cases}, out, indent=1)
        out.write("\n")
    print("wrote %d cases to %s" % (len(cases), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
