"""Records what TensorFlow 2.21's Assert does, in tf.compat.v1 graph mode:

    /path/to/tf-venv/bin/python Scripts/tf-verify/record_assert_messages.py

writes Tests/ScopeFlowTests/Resources/assert-messages.json: for each case, the data tensors, the
`summarize` attr and the message of the InvalidArgumentError a false condition raises (without
the node suffix TF's runtime appends); the errors of non-scalar conditions; and the ops tf.Assert
creates when it needs no guard (all data string or int32)."""
import json
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.python.ops import gen_logging_ops

tf.disable_eager_execution()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "assert-messages.json")


def value(v, dtype):
    if dtype == "string":
        return v.decode()
    if dtype == "bool":
        return bool(v)
    if dtype in ("int32", "int64"):
        return int(v)
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float(v)  # exact: every float16/float32 value is a double


def record(array):
    array = np.asarray(array)
    dtype = "string" if array.dtype.kind in "SO" else array.dtype.name
    return {"dtype": dtype, "shape": list(array.shape), "values": [value(v, dtype) for v in array.reshape(-1)]}


def message(error):
    text = error.message
    return text[text.index("Node: '"):].split("\n", 1)[1].split("\n\t [[")[0]


def failure(condition, data, summarize):
    with tf.Graph().as_default():
        c = tf.placeholder(tf.bool, None)
        op = gen_logging_ops._assert(c, [tf.constant(d) for d in data], summarize=summarize)
        with tf.Session() as s:
            s.run(op, {c: True})
            try:
                s.run(op, {c: condition})
            except tf.errors.InvalidArgumentError as e:
                return message(e)
    raise AssertionError("Assert passed")


i32 = np.arange(24, dtype=np.int32)
CASES = [
    ("float32", [np.array([0.1, 1 / 3, 1e-5, 1e20, -2.5, 3.0, np.nan, np.inf, -np.inf, 123456789.0], np.float32)], 20),
    ("float64", [np.array([0.1, 1 / 3, 1e-5, 1e20, -2.5, 3.0, 1e100, 123456789.0])], 20),
    ("float16", [np.array([0.1, 1 / 3, 2.5, 65504], np.float16)], 20),
    ("bool", [np.array([True, False, True])], 20),
    ("int64", [np.array([-1234567890123, 5], np.int64)], 20),
    ("strings", [np.array([b"a b", b"tab\tnew\nq\"'\\", "\u00e9\x01\x7f\r?".encode()])], 20),
    ("string matrix", [np.array([[b"x", b"y"]])], 3),
    ("scalar", [np.float32(2.5)], 3),
    ("scalar, summarize 0", [np.int32(7)], 0),
    ("empty vector", [np.zeros([0], np.float32)], 3),
    ("empty matrix", [np.zeros([2, 0], np.float32)], 3),
    ("3-D, summarize 7", [i32.reshape(2, 3, 4)], 7),
    ("3-D, summarize -1", [i32.reshape(2, 3, 4)], -1),
    ("3-D, summarize 100", [i32.reshape(2, 3, 4)], 100),
    ("3-D, summarize 0", [i32.reshape(2, 3, 4)], 0),
    ("vector, all", [i32[:3]], 3),
    ("vector, cut", [i32[:5]], 3),
    ("column, cut", [i32[:2].reshape(2, 1)], 1),
    ("1x3x1, cut", [i32[:3].reshape(1, 3, 1)], 2),
    ("several", [np.array(b"hello"), i32[:8].reshape(2, 4), np.int32(3)], 3),
]


def main():
    cases = [{"id": name, "data": [record(d) for d in data], "summarize": summarize,
              "message": failure(False, data, summarize)} for name, data, summarize in CASES]
    conditions = [{"shape": shape, "message": failure(np.zeros(shape, bool), [np.int32(1)], 3)}
                  for shape in ([1], [2], [1, 1], [0])]
    graphs = []
    for name in (None, "check"):
        with tf.Graph().as_default() as g:
            c = tf.placeholder(tf.bool, [], name="c")
            x = tf.placeholder(tf.int32, [2], name="x")
            s = tf.placeholder(tf.string, [], name="s")
            before = {op.name for op in g.get_operations()}
            tf.Assert(c, [s, x], name=name)
            graphs.append({"name": name, "ops": [[op.name, op.type] for op in g.get_operations()
                                                  if op.name not in before]})
    meta = {"tensorflow_version": tf.__version__, "generator": "Scripts/tf-verify/record_assert_messages.py"}
    with open(OUT, "w") as f:
        json.dump({"meta": meta, "cases": cases, "conditions": conditions, "graphs": graphs}, f, indent=1,
                  ensure_ascii=False)
        f.write("\n")
    print("wrote %d cases to %s" % (len(cases), os.path.relpath(OUT)), file=sys.stderr)


if __name__ == "__main__":
    main()
