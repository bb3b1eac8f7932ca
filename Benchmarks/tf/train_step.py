"""Timing of one model's training step for the TF twins of the training-step workloads (bn_cnn.py,
deconv_gan.py), measured as `scopeflow bench bn-cnn` / `deconv-gan` measure it: build the graph, run
the initializer, the loss once, a first step, `warm_up` untimed steps, `steps` timed steps (each one
sess.run of the train op with the same numpy feed), the loss again.
"""
import collections
import time

import common


def _timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(tf, build, make_feed, steps, warm_up):
    """build() -> (inputs, loss, train_op) in a new graph; make_feed(*inputs) -> the feed dict.
    Returns the results dict: build_ms, first_step_ms, step_ms (median), step_min_ms, step_max_ms,
    steps_per_s, steps, loss_before, loss_after, warm_up, graph_ops, op_types."""
    graph = tf.Graph()
    with graph.as_default():
        start = time.perf_counter()
        inputs, loss, train_op = build()
        build_ms = (time.perf_counter() - start) * 1e3
        init = tf.global_variables_initializer()
    graph.finalize()
    operations = graph.get_operations()
    feed = make_feed(*inputs)
    session = tf.Session(graph=graph, config=common.session_config(tf))
    session.run(init)
    loss_before = float(session.run(loss, feed))
    first = _timed(lambda: session.run(train_op, feed))
    for _ in range(warm_up):
        session.run(train_op, feed)
    samples = sorted(_timed(lambda: session.run(train_op, feed)) for _ in range(steps))
    loss_after = float(session.run(loss, feed))
    session.close()
    median = samples[len(samples) // 2]
    counts = collections.Counter(op.type for op in operations)
    return {
        "build_ms": build_ms,
        "first_step_ms": first * 1e3,
        "step_ms": median * 1e3,
        "step_min_ms": samples[0] * 1e3,
        "step_max_ms": samples[-1] * 1e3,
        "steps_per_s": 1.0 / median,
        "steps": steps,
        "loss_before": loss_before,
        "loss_after": loss_after,
        "warm_up": warm_up,
        "graph_ops": len(operations),
        "op_types": dict(sorted(counts.items())),
    }
