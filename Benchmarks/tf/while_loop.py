"""TensorFlow's side of the while_loop workload (issue 25): a 1,000-iteration tf.while_loop of tiny
scalar ops, v1 control flow (Enter/Merge/Switch/NextIteration/Exit), fed and fetched once per run.

  i, x = tf.while_loop(lambda i, x: i < 1000, lambda i, x: (i + 1, x * 0.999 + 1.0), [0, x0])

Usage: while_loop.py [--runs 50] [--repeats 3]; prints one JSON line (common.emit) with
results.loop1000.median_ms (per session.run) and results.loop1000.us_per_iteration.
Uses ../shared/bench/tf/common.py (TF_BENCH_DIR overrides where it is).
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.environ.get(
    "TF_BENCH_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench", "tf")))
import common  # noqa: E402

import numpy as np  # noqa: E402

tf, IMPORT_S = common.load_tf()
ITERATIONS = 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    graph = tf.Graph()
    with graph.as_default():
        x0 = tf.placeholder(tf.float32, [], name="x0")
        _, x = tf.while_loop(lambda i, x: i < ITERATIONS, lambda i, x: (i + 1, x * 0.999 + 1.0),
                             [tf.constant(0), x0])
    graph.finalize()
    session = tf.Session(graph=graph, config=common.session_config(tf))
    feed = {x0: np.float32(1.0)}
    value = float(session.run(x, feed))
    for _ in range(5):
        session.run(x, feed)
    samples = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        for _ in range(args.runs):
            session.run(x, feed)
        samples.append((time.perf_counter() - start) / args.runs * 1e3)
    median_ms = common.median(samples)
    common.emit("while_loop", tf, IMPORT_S, {"loop1000": {
        "median_ms": median_ms, "reps_ms": samples, "runs_per_rep": args.runs,
        "us_per_iteration": median_ms * 1e3 / ITERATIONS, "value": value}})


if __name__ == "__main__":
    main()
