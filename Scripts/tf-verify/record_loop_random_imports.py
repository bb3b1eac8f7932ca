"""Records TF 2.21's v1 while loops that draw random values in their bodies (tf.random.uniform,
tf.random.normal, a DropoutWrapper in dynamic_rnn), as GraphDefs with the values TF computes from
them, for ScopeFlow's import-and-run tests.

TF's executor runs a loop's control ahead of its bodies: the random ops of the first
parallel_iterations iterations are all scheduled before any runs, and its inter-op queue runs the
last one scheduled first, so those iterations take the op's draws in reverse order (later ones in
order). The sessions here use one inter-op and one intra-op thread, as shared/models records.

Run with a TensorFlow 2.21 virtualenv:
    TF_USE_LEGACY_KERAS=1 TF_ENABLE_ONEDNN_OPTS=0 python Scripts/tf-verify/record_loop_random_imports.py
Writes Tests/ScopeFlowTests/Resources/loop-random-imports.json in the format of
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
                   "loop-random-imports.json")


def encode(value):
    value = np.asarray(value)
    return {"dtype": value.dtype.name, "shape": list(value.shape), "values": value.reshape(-1).tolist()}


def record(name, build, runs):
    """`build()` returns a dict of named fetch tensors; each run is a dict placeholder name -> value,
    run in order in one session (each run's random ops go on from the previous run's draws)."""
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(99)
        fetches = build()
        init = tf.global_variables_initializer() if tf.global_variables() else None
        config = tf.ConfigProto(intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)
        with tf.Session(graph=graph, config=config) as session:
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
    return {"name": name, "graph_def": base64.b64encode(graph_def.SerializeToString(deterministic=True)).decode(),
            "init": init.name if init is not None else None, "runs": recorded}


def draws_in_loop(iterations, parallel_iterations):
    def build():
        ta = tf.TensorArray(tf.float32, size=iterations)
        tb = tf.TensorArray(tf.float32, size=iterations)

        def body(i, ta, tb):
            return (i + 1, ta.write(i, tf.random.uniform([4, 16], seed=17)),
                    tb.write(i, tf.random.normal([3], seed=18)))

        _, ta, tb = tf.while_loop(lambda i, ta, tb: i < iterations, body, [tf.constant(0), ta, tb],
                                  parallel_iterations=parallel_iterations)
        return {"uniform": ta.stack(), "normal": tb.stack()}
    return build


def dropout_wrapper_rnn():
    x = tf.placeholder(tf.float32, [2, 5, 4], name="x")
    cells = [tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.LSTMCell(8, forget_bias=0.0), output_keep_prob=0.7,
                                           seed=17 + i) for i in range(2)]
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.MultiRNNCell(cells), x, dtype=tf.float32)
    return {"outputs": outputs, "c1": state[1].c, "h1": state[1].h}


def main():
    x = {"x": np.linspace(-1, 1, 40, dtype=np.float32).reshape(2, 5, 4)}
    cases = [
        record("while_draws_within_parallel_iterations", draws_in_loop(6, 32), [{}, {}]),
        record("while_draws_past_parallel_iterations", draws_in_loop(10, 4), [{}, {}]),
        record("dynamic_rnn_dropout_wrapper", dropout_wrapper_rnn, [x, x]),
    ]
    with open(OUT, "w") as f:
        json.dump({"tensorflow": tf.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote", len(cases), "cases to", os.path.normpath(OUT))


if __name__ == "__main__":
    main()
