"""Records a TF 2.21 (tf.compat.v1 graph mode) checkpoint holding partitioned variables, for
Tests/ScopeFlowTests/IO/PartitionedCheckpointTests.swift, and checks that TF restores one that
ScopeFlow wrote.

  record:  /work/tfenv/bin/python Scripts/tf-verify/record_partitioned_checkpoint.py record
           writes Tests/ScopeFlowTests/Resources/fixtures/ckpt_partitioned/{model.ckpt.*, checkpoint}
           and ckpt_partitioned.json (the variables, their parts and values)
  restore: /work/tfenv/bin/python Scripts/tf-verify/record_partitioned_checkpoint.py restore PREFIX
           builds the same graph, restores PREFIX with tf.compat.v1.train.Saver and checks every
           value (exit 3 on a difference)

The model: `emb` [5, 3] float32 in 2 parts along axis 0, `cols` [2, 5] float64 in 3 parts along
axis 1, `ids` [7] int64 in 3 parts, all in variable scope `model`, and a plain `model/w` [2].
"""
import json
import os
import sys

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow.compat.v1 as tf  # noqa: E402

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "../../Tests/ScopeFlowTests/Resources/fixtures/ckpt_partitioned")

VALUES = {
    "model/emb": np.arange(15, dtype=np.float32).reshape(5, 3) * 0.5 - 2,
    "model/cols": np.arange(10, dtype=np.float64).reshape(2, 5) / 3,
    "model/ids": np.array([3, -1, 4, 1, -5, 9, 2], dtype=np.int64),
    "model/w": np.array([0.25, -0.75], dtype=np.float32),
}


def axis_partitioner(count, axis):
    def partition(shape=None, **_):
        parts = [1] * len(shape)
        parts[axis] = count
        return parts
    return partition


def build(initial):
    """The model's variables; `initial` gives their initial values (else zeros)."""
    def init(name):
        value = VALUES[name] if initial else np.zeros_like(VALUES[name])
        return tf.constant(value)
    with tf.variable_scope("model"):
        emb = tf.get_variable("emb", initializer=init("model/emb"), partitioner=axis_partitioner(2, 0))
        cols = tf.get_variable("cols", initializer=init("model/cols"), partitioner=axis_partitioner(3, 1))
        ids = tf.get_variable("ids", initializer=init("model/ids"), partitioner=axis_partitioner(3, 0))
        w = tf.get_variable("w", initializer=init("model/w"))
    return {"model/emb": emb, "model/cols": cols, "model/ids": ids, "model/w": w}


def record():
    os.makedirs(FIXTURE, exist_ok=True)
    with tf.Graph().as_default():
        variables = build(initial=True)
        saver = tf.train.Saver(save_relative_paths=True)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            prefix = saver.save(sess, os.path.join(FIXTURE, "model.ckpt"), write_meta_graph=False)
        description = {"prefix": "model.ckpt", "variables": []}
        for name, variable in sorted(variables.items()):
            entry = {"name": name, "dtype": VALUES[name].dtype.name, "shape": list(VALUES[name].shape),
                     "values": VALUES[name].flatten().tolist()}
            if hasattr(variable, "_get_partitions"):
                entry["parts"] = [{"name": p.op.name, "spec": p._save_slice_info.spec} for p in variable]
            description["variables"].append(entry)
    reader = tf.train.load_checkpoint(prefix)
    description["keys"] = sorted(reader.get_variable_to_shape_map())
    with open(FIXTURE + ".json", "w") as f:
        json.dump(description, f, indent=1)
        f.write("\n")
    print("wrote", prefix, description["keys"])


def restore(prefix):
    with tf.Graph().as_default():
        variables = build(initial=False)
        saver = tf.train.Saver()
        failures = []
        with tf.Session() as sess:
            saver.restore(sess, prefix)
            for name, variable in sorted(variables.items()):
                tensor = variable.as_tensor() if hasattr(variable, "as_tensor") else variable
                got = sess.run(tensor)
                ok = np.array_equal(got, VALUES[name])
                print(("ok       " if ok else "MISMATCH ") + name, got.tolist())
                if not ok:
                    failures.append(name)
    sys.exit(3 if failures else 0)


if __name__ == "__main__":
    if sys.argv[1:2] == ["record"]:
        record()
    elif sys.argv[1:2] == ["restore"] and len(sys.argv) == 3:
        restore(sys.argv[2])
    else:
        sys.exit(__doc__)
