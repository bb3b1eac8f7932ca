"""TensorFlow's side of the model workloads (issue 27): one recorded TF1 model folder of
shared/models/ (trace.json, model.meta, init.ckpt), as scopeflow bench model runs it.

  first_step_ms: a new graph, tf.train.import_meta_graph(model.meta), a Session, saver.restore
                 (init.ckpt) and the first training run of trace.json (its feeds, fetches, targets);
                 the `import tensorflow` itself is not counted (tf_import_s reports it).
  step_ms:       that training run again in the last session, per run.

Usage: model_step.py FOLDER [--runs 20] [--repeats 3]; prints one JSON line (common.emit).
Threads: common.session_config (BENCH_THREADS; default TF's own choice).
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.environ.get(
    "TF_BENCH_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench", "tf")))
import common  # noqa: E402

import numpy as np  # noqa: E402

tf, IMPORT_S = common.load_tf()
tf.disable_resource_variables()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    trace = json.load(open(os.path.join(args.folder, "trace.json")))
    index = next(i for i in range(len(trace["feeds_per_step"]))
                 if trace.get("run_targets_per_step", [trace.get("run_targets", [])] * 10**6)[i])
    targets = trace.get("run_targets_per_step", [trace.get("run_targets", [])] * 10**6)[index]
    fetches = trace.get("fetches_per_step", [trace.get("fetches", [])] * 10**6)[index]
    feeds = {name: np.array(v["values"], dtype=v["dtype"]).reshape(v["shape"])
             for name, v in trace["feeds_per_step"][index].items()}
    first = []
    session = None
    for _ in range(args.repeats):
        start = time.perf_counter()
        graph = tf.Graph()
        with graph.as_default():
            saver = tf.train.import_meta_graph(os.path.join(args.folder, "model.meta"))
            session = tf.Session(graph=graph, config=common.session_config(tf))
            saver.restore(session, os.path.join(args.folder, trace["init_ckpt"]))
            session.run(fetches + targets, feeds)
        first.append((time.perf_counter() - start) * 1e3)
    per_step = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        for _ in range(args.runs):
            session.run(fetches + targets, feeds)
        per_step.append((time.perf_counter() - start) / args.runs * 1e3)
    step_ms = common.median(per_step)
    common.emit("model_" + trace["model"], tf, IMPORT_S, {
        "first_step_ms": common.median(first), "step_ms": step_ms, "steps_per_s": 1e3 / step_ms,
        "runs_per_rep": args.runs})


if __name__ == "__main__":
    main()
