"""Records what TF 2.21 builds and computes when gradients are taken on a MetaGraph it imported:
the `while_context` / `cond_context` collections are rebuilt into live contexts, so `tf.gradients`
through an imported loop or cond builds the same gradient graph as on the original.

Run with a TensorFlow 2.21 virtualenv:
    python Scripts/tf-verify/record_imported_context_gradients.py
Writes Tests/ScopeFlowTests/Resources/imported-context-gradients.json. Each case holds the
exported MetaGraph (base64; for the recorded models, the folder whose model.meta is used
instead), the loss and the tensors differentiated, the nodes `tf.gradients` added after the
import (name, op, inputs) and, for the small programs, the gradient values for the given feeds.
"""
import base64
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()

HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources")
OUT = os.path.join(RESOURCES, "imported-context-gradients.json")


def encode(value):
    value = np.asarray(value)
    return {"dtype": value.dtype.name, "shape": list(value.shape), "values": value.reshape(-1).tolist()}


def added_nodes(graph, before):
    nodes = graph.as_graph_def().node
    return [{"name": n.name, "op": n.op, "inputs": list(n.input)} for n in nodes[before:]]


def differentiate(meta_bytes, loss, xs, feeds):
    """Imports the MetaGraph into a fresh graph, takes gradients of `loss` for `xs`, runs them."""
    graph = tf.Graph()
    with graph.as_default():
        meta = tf.MetaGraphDef()
        meta.ParseFromString(meta_bytes)
        tf.train.import_meta_graph(meta)
        before = len(graph.as_graph_def().node)
        grads = tf.gradients(graph.get_tensor_by_name(loss), [graph.get_tensor_by_name(x) for x in xs])
        nodes = added_nodes(graph, before)
        values = None
        if feeds is not None:
            with tf.Session(graph=graph) as session:
                fed = {graph.get_tensor_by_name(k): v for k, v in feeds.items()}
                values = [encode(v) for v in session.run(grads, fed)]
    return nodes, [g.name for g in grads], values


def program(name, build, feeds):
    graph = tf.Graph()
    with graph.as_default():
        loss, xs = build()
        meta_bytes = tf.train.export_meta_graph().SerializeToString()
    nodes, grads, values = differentiate(meta_bytes, loss.name, [x.name for x in xs], feeds)
    return {"name": name, "meta_graph": base64.b64encode(meta_bytes).decode(), "loss": loss.name,
            "xs": [x.name for x in xs], "feeds": {k: encode(v) for k, v in feeds.items()},
            "added_nodes": nodes, "gradients": grads, "values": values}


def while_power():
    x = tf.placeholder(tf.float32, [3], name="x")
    _, acc = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x), [tf.constant(0), tf.ones([3])])
    return tf.reduce_sum(acc, name="loss"), [x]


def cond_branches():
    x = tf.placeholder(tf.float32, [3], name="x")
    p = tf.placeholder(tf.bool, [], name="p")
    y = tf.cond(p, lambda: x * x, lambda: x * 3.0)
    return tf.reduce_sum(y, name="loss"), [x]


def nested_loops():
    x = tf.placeholder(tf.float32, [2], name="x")

    def outer_body(i, a):
        _, inner = tf.while_loop(lambda j, b: j < 2, lambda j, b: (j + 1, b * x + 1.0), [tf.constant(0), a])
        return i + 1, inner

    _, acc = tf.while_loop(lambda i, a: i < 2, outer_body, [tf.constant(0), tf.ones([2])])
    return tf.reduce_sum(acc, name="loss"), [x]


def cond_in_loop():
    x = tf.placeholder(tf.float32, [2], name="x")

    def body(i, a):
        b = tf.cond(i < 1, lambda: a * x, lambda: a + x)
        return i + 1, b

    _, acc = tf.while_loop(lambda i, a: i < 3, body, [tf.constant(0), tf.ones([2])])
    return tf.reduce_sum(acc, name="loss"), [x]


def recorded_model(folder, loss, xs):
    with open(os.path.join(RESOURCES, "models", folder, "model.meta"), "rb") as f:
        meta_bytes = f.read()
    nodes, grads, _ = differentiate(meta_bytes, loss, xs, None)
    return {"name": folder, "model": folder, "loss": loss, "xs": xs, "added_nodes": nodes, "gradients": grads}


def main():
    x3 = np.array([1.5, -2.0, 0.5], np.float32)
    x2 = np.array([0.5, -1.5], np.float32)
    cases = [
        program("while_power", while_power, {"x:0": x3}),
        program("cond_branches_true", cond_branches, {"x:0": x3, "p:0": np.array(True)}),
        program("cond_branches_false", cond_branches, {"x:0": x3, "p:0": np.array(False)}),
        program("nested_loops", nested_loops, {"x:0": x2}),
        program("cond_in_loop", cond_in_loop, {"x:0": x2}),
        recorded_model("ptb_lstm", "Train/Model/cost:0",
                       ["Model/rnn/multi_rnn_cell/cell_0/lstm_cell/kernel:0", "Model/softmax_w:0"]),
        recorded_model("bigru_tagger", "loss/masked_mean:0",
                       ["tagger/bidirectional_rnn/fw/gru_cell/gates/kernel:0",
                        "tagger/bidirectional_rnn/bw/gru_cell/candidate/bias:0"]),
    ]
    with open(OUT, "w") as f:
        json.dump({"tf_version": tf.__version__, "cases": cases}, f, indent=1)
    print("wrote", OUT, len(cases), "cases")


if __name__ == "__main__":
    main()
