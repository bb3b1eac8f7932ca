"""Prints the nodes TF 2.21 (tf.compat.v1 graph mode) builds for a partitioned variable, as
Tests/ScopeFlowTests/Graph/PartitionedVariableGraphTests.swift expects them: `scope0/name0`
[3, 2] in 2 parts (default initializer), a tensor-initialized `scope0/t` [3] in 2 parts, and two
reads of `scope0/name0` (as_tensor).

Run: /work/tfenv/bin/python Scripts/tf-verify/record_partitioned_graph.py
"""
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow.compat.v1 as tf  # noqa: E402

tf.disable_v2_behavior()


def into2(shape=None, **_):
    return [2] + [1] * (len(shape) - 1)


with tf.Graph().as_default() as graph:
    with tf.variable_scope("scope0", partitioner=into2):
        v = tf.get_variable("name0", shape=(3, 2))
        tf.get_variable("t", initializer=tf.constant([1.0, 2.0, 3.0]))
    v.as_tensor()
    v.as_tensor()
    for node in graph.as_graph_def().node:
        print(f'("{node.name}", "{node.op}", {list(node.input)}),'.replace("'", '"'))
