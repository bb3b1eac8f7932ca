"""Records TF 2.21's answers for ScopeFlow's GraphDef I/O tests (Tests/ScopeFlowTests/IO/GraphIOTests.swift).

  record: /work/tfenv/bin/python Scripts/tf-verify/record_graph_io.py
    writes Tests/ScopeFlowTests/Resources/graph-io/
      frozen-small-model.json  the nodes (name, op, inputs, attr keys) convert_variables_to_constants
                               builds for the small model, and y for a fixed feed from the frozen graph
      tf-frozen-small-model.pb that frozen GraphDef (binary), for ScopeFlow to import and run
      tf-small-model.pbtxt     the small model's graph as tf.io.write_graph(as_text=True) writes it
  verify: /work/tfenv/bin/python Scripts/tf-verify/record_graph_io.py --verify PBTXT
    parses ScopeFlow's pbtxt (scopeflow-small-model.pbtxt, written by the tests with
    SCOPEFLOW_WRITE_GRAPH_IO=1) with text_format.Parse, imports it and runs y for the same feed.

  devices: /work/tfenv/bin/python Scripts/tf-verify/record_graph_io.py --devices
    prints the devices import_graph_def and import_meta_graph(clear_devices=) give imported ops
    (the answers GraphIOTests' device tests assert).

The small model: x = placeholder(float32, [None, 2]); w = Variable([[1, 2], [3, 4]]);
b = Variable([0.5, -0.5]); unused = Variable(3.0); y = add(matmul(x, w), b); w is then assigned
[[2, 0], [0, 2]] before freezing.
"""
import json
import os
import sys

import numpy as np
import tensorflow as tf
from google.protobuf import text_format

tf.compat.v1.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "graph-io")
FEED = np.array([[1, 1], [2, 3]], np.float32)


def run_imported(graph_def):
    with tf.Graph().as_default() as graph:
        x_feed = tf.compat.v1.placeholder(tf.float32, [None, 2], name="feed")
        (y,) = tf.compat.v1.import_graph_def(graph_def, input_map={"x:0": x_feed}, return_elements=["y:0"])
        with tf.compat.v1.Session() as session:
            return session.run(y, {x_feed: FEED})


def verify(path):
    graph_def = tf.compat.v1.GraphDef()
    with open(path) as f:
        text_format.Parse(f.read(), graph_def)
    print("parsed", len(graph_def.node), "nodes:", [n.name for n in graph_def.node])
    with tf.Graph().as_default() as graph:
        tf.compat.v1.import_graph_def(graph_def, name="")
        x, y = graph.get_tensor_by_name("x:0"), graph.get_tensor_by_name("y:0")
        with tf.compat.v1.Session() as session:
            session.run(graph.get_operation_by_name("init"))
            print("y =", session.run(y, {x: FEED}).tolist())


def devices():
    graph = tf.Graph()
    with graph.as_default():
        with tf.device("/job:worker/device:GPU:1"):
            a = tf.constant(1.0, name="a")
        tf.identity(a, name="b")
    with tf.Graph().as_default() as imported:
        with tf.device("/job:ps/task:2"):
            tf.compat.v1.import_graph_def(graph.as_graph_def())
        print("import_graph_def in /job:ps/task:2:", [(op.name, op.device) for op in imported.get_operations()])
    meta_graph = tf.compat.v1.train.export_meta_graph(graph=graph)
    for clear in (False, True):
        with tf.Graph().as_default() as imported:
            tf.compat.v1.train.import_meta_graph(meta_graph, clear_devices=clear)
            print(f"import_meta_graph(clear_devices={clear}):", [(op.name, op.device) for op in imported.get_operations()])


def record():
    os.makedirs(OUT, exist_ok=True)
    graph = tf.Graph()
    with graph.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, 2], name="x")
        w = tf.compat.v1.Variable([[1.0, 2.0], [3.0, 4.0]], name="w")
        b = tf.compat.v1.Variable([0.5, -0.5], name="b")
        tf.compat.v1.Variable(3.0, name="unused")
        tf.add(tf.matmul(x, w), b, name="y")
        init = tf.compat.v1.global_variables_initializer()
        tf.io.write_graph(graph, OUT, "tf-small-model.pbtxt", as_text=True)
        session = tf.compat.v1.Session()
        session.run(init)
        session.run(w.assign([[2.0, 0.0], [0.0, 2.0]]))
        frozen = tf.compat.v1.graph_util.convert_variables_to_constants(session, graph.as_graph_def(), ["y"])
    with open(os.path.join(OUT, "tf-frozen-small-model.pb"), "wb") as f:
        f.write(frozen.SerializeToString())
    answer = {
        "nodes": [
            {"name": n.name, "op": n.op, "inputs": list(n.input), "attrs": sorted(n.attr.keys())} for n in frozen.node
        ],
        "feed": FEED.tolist(),
        "y": run_imported(frozen).tolist(),
    }
    with open(os.path.join(OUT, "frozen-small-model.json"), "w") as f:
        json.dump(answer, f, indent=1)
        f.write("\n")
    print(json.dumps(answer))


if __name__ == "__main__":
    if sys.argv[1:] == ["--devices"]:
        devices()
    elif len(sys.argv) == 3 and sys.argv[1] == "--verify":
        verify(sys.argv[2])
    else:
        record()
