"""Records the graphs TF 2.21 (tf.compat.v1, v1 control flow, ref variables) builds for a set of
`tf.cond` / `tf.case` / `smart_cond` programs, with `tf.gradients` through them, and the values
they compute with each branch taken. Writes Tests/ScopeFlowTests/Resources/cond_graphs.json:

    {case: {"nodes": [{"name", "op", "inputs"}...],
            "runs": [{"feed": {tensor: values}, "fetches": [{"name", "value"}...]}...]}}

nodes in graph order, inputs as in a GraphDef (`op:1`, `^control`); each run starts a session
(variables initialized) and fetches one tensor after another, values flattened. The Swift tests in
Tests/ScopeFlowTests/ControlFlow/ build the same programs and compare node for node.
Run: TF_USE_LEGACY_KERAS=1 /work/tfenv/bin/python Scripts/tf-verify/record_cond_graphs.py"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.python.framework import smart_cond

tf.disable_v2_behavior()
tf.disable_resource_variables()

X = np.array([[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]], dtype=np.float32)
CASES = {}


def record(name, build, feeds):
    """Builds `build()` in a fresh graph and runs the tensors it returns with each of `feeds`
    (fresh variables for each run)."""
    graph = tf.Graph()
    with graph.as_default():
        fetches = build()
        nodes = [{"name": n.name, "op": n.op, "inputs": list(n.input)} for n in graph.as_graph_def().node]
        initializer = tf.global_variables_initializer() if tf.global_variables() else None
    runs = []
    for feed in feeds:
        with tf.Session(graph=graph) as session:
            if initializer is not None:
                session.run(initializer)
            feed_dict = {graph.get_tensor_by_name(k): v for k, v in feed.items()}
            values = [{"name": fetch.name, "value": np.asarray(session.run(fetch, feed_dict)).ravel().tolist()}
                      for fetch in fetches]
        runs.append({"feed": {k: np.asarray(v).ravel().tolist() for k, v in feed.items()}, "fetches": values})
    CASES[name] = {"nodes": nodes, "runs": runs}


def inputs():
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    p = tf.placeholder(tf.bool, [], name="p")
    return x, p


def feeds(extra=None, names=("p:0",)):
    """x, and every combination of the bool placeholders `names`."""
    result = [{"x:0": X}]
    for name in names:
        result = [dict(feed, **{name: value}) for feed in result for value in (True, False)]
    return [dict(feed, **(extra or {})) for feed in result]


def simple():
    x, p = inputs()
    r = tf.cond(p, lambda: x * 2.0, lambda: x + 1.0)
    return [r] + tf.gradients(r, x)


record("simple", simple, feeds())


def second_cond():
    x, p = inputs()
    a = tf.cond(p, lambda: tf.square(x), lambda: tf.negative(x))
    b = tf.cond(p, lambda: a - 1.0, lambda: a * a)
    return [a, b]


record("second_cond", second_cond, feeds())


def outside_values():
    x, p = inputs()
    y = tf.placeholder(tf.float32, [2, 3], name="y")
    r = tf.cond(p, lambda: x, lambda: y * x)
    return [r] + tf.gradients(r, [x, y])


record("outside_values", outside_values, feeds({"y:0": X * 3.0}))


def constants():
    _, p = inputs()
    return [tf.cond(p, lambda: tf.constant(1.0), lambda: tf.constant(2.0))]


record("constants", constants, feeds())


def nested():
    x, p = inputs()
    q = tf.placeholder(tf.bool, [], name="q")
    r = tf.cond(p, lambda: tf.cond(q, lambda: x * 2.0, lambda: x * 3.0), lambda: tf.sin(x))
    return [r] + tf.gradients(r, x)


record("nested", nested, feeds(names=("p:0", "q:0")))


def variable():
    _, p = inputs()
    v = tf.get_variable("v", initializer=tf.constant([1.0, 2.0]))
    update = tf.cond(p, lambda: tf.assign_add(v, [1.0, 1.0]), lambda: tf.assign_sub(v, [1.0, 1.0]))
    r = tf.cond(p, lambda: v * 2.0, lambda: v * 3.0)
    return [update, r] + tf.gradients(r, v)


record("variable", variable, [{"p:0": True}, {"p:0": False}])


def multiple_outputs():
    x, p = inputs()
    a, b = tf.cond(p, lambda: (x * 2.0, x + 1.0), lambda: (tf.square(x), x - 1.0))
    return [a, b] + tf.gradients([a, b], x)


record("multiple_outputs", multiple_outputs, feeds())


def case():
    x, p = inputs()
    q = tf.placeholder(tf.bool, [], name="q")
    r = tf.case([(p, lambda: x * 2.0), (q, lambda: x * 3.0)], default=lambda: tf.negative(x))
    return [r] + tf.gradients(r, x)


record("case", case, feeds(names=("p:0", "q:0")))


def smart_cond_constant():
    x, _ = inputs()
    a = smart_cond.smart_cond(tf.constant(True), lambda: x * 2.0, lambda: x + 1.0)
    b = smart_cond.smart_cond(False, lambda: x * 2.0, lambda: x + 1.0)
    return [a, b]


record("smart_cond_constant", smart_cond_constant, [{"x:0": X}])


def smart_cond_tensor():
    x, p = inputs()
    return [smart_cond.smart_cond(p, lambda: x * 2.0, lambda: x + 1.0)]


record("smart_cond_tensor", smart_cond_tensor, feeds())


def dropout_training_tensor():
    x, p = inputs()
    h = tf.layers.dropout(x, 0.5, training=p)
    return [h] + tf.gradients(h, x)


record("dropout_training_tensor", dropout_training_tensor, [{"x:0": X, "p:0": False}])

out = os.path.join(os.path.dirname(__file__), "../../Tests/ScopeFlowTests/Resources/cond_graphs.json")
with open(out, "w") as f:
    json.dump(CASES, f, indent=1)
print("wrote", out, len(CASES), "cases")
