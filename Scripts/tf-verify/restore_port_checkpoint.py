"""Restores a checkpoint a ScopeFlow port wrote (scopeflow example NAME --steps N) into the
Python model's graph (shared/models/NAME/model.meta, whose Saver the program made) and runs one
fetch, to show that TensorFlow takes the port's training as its own.

    /path/to/venv/bin/python Scripts/tf-verify/restore_port_checkpoint.py MODEL_DIR CHECKPOINT_PREFIX
"""
import json
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
tf.disable_resource_variables()
folder, prefix = sys.argv[1], sys.argv[2]
trace = json.load(open(os.path.join(folder, "trace.json")))
graph = tf.Graph()
with graph.as_default(), tf.Session(graph=graph) as sess:
    saver = tf.train.import_meta_graph(os.path.join(folder, "model.meta"))
    saver.restore(sess, prefix)
    run = trace["eval"][0] if trace.get("eval") else {"feeds": trace["feeds_per_step"][0],
                                                      "fetches": trace["fetches"]}
    feeds = {name: np.array(v["values"], dtype=v["dtype"]).reshape(v["shape"]) for name, v in run["feeds"].items()}
    values = sess.run(run["fetches"], feeds)
    step = [v for v in tf.global_variables() if v.op.name.endswith("global_step")]
    print("TF restored %d variables from %s; global_step = %s" % (
        len(tf.global_variables()), prefix, sess.run(step[0]) if step else "n/a"))
    for name, value in zip(run["fetches"], values):
        print("  %s: %s" % (name, np.array2string(np.asarray(value).reshape(-1)[:4], precision=4)))
