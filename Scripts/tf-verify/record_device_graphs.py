"""Records what TensorFlow 2.21 (tf.compat.v1, ref variables) builds under tf.device: the device
each op gets (names canonicalized, nested devices merged, the variables' initializers on none) and
how tf.group, tf.global_variables_initializer and GradientDescent's update group ops of different
devices (one NoOp per device, by device name):

    TF_USE_LEGACY_KERAS=1 /path/to/tf-venv/bin/python Scripts/tf-verify/record_device_graphs.py

writes Tests/ScopeFlowTests/Resources/device_graphs.json: `[name, type, device, inputs...]` per node."""
import json
import os
import sys

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "device_graphs.json")


def main():
    graph = tf.Graph()
    with graph.as_default():
        with tf.device("/cpu:0"):
            table = tf.get_variable("table", [4, 2], initializer=tf.random_uniform_initializer(-1, 1, seed=3))
            rows = tf.gather(table, tf.constant([1, 3]))
        w = tf.get_variable("w", [2], initializer=tf.zeros_initializer())
        with tf.device("/job:worker"):
            with tf.device("/device:CPU:1"):
                merged = tf.identity(w, name="merged")
            with tf.device(None):
                cleared = tf.identity(w, name="cleared")
        loss = tf.reduce_sum(rows * w) + tf.reduce_sum(merged) + tf.reduce_sum(cleared)
        tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        tf.group(merged.op, cleared.op, rows.op, name="grouped")
        tf.global_variables_initializer()
    nodes = [[n.name, n.op, n.device] + list(n.input) for n in graph.as_graph_def().node]
    with open(OUT, "w") as f:
        json.dump({"meta": {"tensorflow_version": tf.__version__,
                            "generator": "Scripts/tf-verify/record_device_graphs.py"}, "nodes": nodes}, f)
        f.write("\n")
    print("wrote %s" % os.path.relpath(OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
