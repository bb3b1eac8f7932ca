"""Records the tf.compat.v1.losses functions beyond mean_squared_error and the cross-entropies
without smoothing, as TensorFlow 2.21 builds and computes them:

    /path/to/tf-venv/bin/python Scripts/tf-verify/record_losses.py

writes Tests/ScopeFlowTests/Resources/losses_more.json. Each case builds one loss on float32
placeholders `labels` and `predictions` (logits for the hinge and cross-entropy losses) of
shape [3, 4] and weights `w` (a placeholder of shape [3, 1]) and records
- `nodes`: every node (name, op, inputs; a scalar Const's value) of the graph;
- `value`: the loss for the recorded inputs under each reduction (`none` elementwise);
- `gradient`: d loss / d predictions (default reduction).
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "losses_more.json")
R = tf.losses.Reduction
REDUCTIONS = {"none": R.NONE, "weighted_sum": R.SUM, "weighted_mean": R.MEAN,
              "weighted_sum_over_batch_size": R.SUM_OVER_BATCH_SIZE,
              "weighted_sum_by_nonzero_weights": R.SUM_BY_NONZERO_WEIGHTS}


def node_record(node):
    record = {"name": node.name, "op": node.op, "inputs": list(node.input)}
    if node.op == "Const":
        value = tf.make_ndarray(node.attr["value"].tensor)
        if value.ndim == 0 or value.size <= 4:
            record["value"] = [float(v) for v in value.reshape(-1)] if value.dtype != object else []
    return record


rng = np.random.RandomState(26)
INPUTS = {
    "absolute_difference": (rng.normal(size=[3, 4]), rng.normal(size=[3, 4])),
    "hinge_loss": ((rng.uniform(size=[3, 4]) > 0.5).astype(np.float64), rng.normal(size=[3, 4])),
    "huber_loss": (rng.normal(size=[3, 4]), rng.normal(scale=2, size=[3, 4])),
    "log_loss": ((rng.uniform(size=[3, 4]) > 0.5).astype(np.float64), rng.uniform(0.05, 0.95, size=[3, 4])),
    "cosine_distance": (rng.normal(size=[3, 4]), rng.normal(size=[3, 4])),
    "sigmoid_cross_entropy": ((rng.uniform(size=[3, 4]) > 0.5).astype(np.float64), rng.normal(size=[3, 4])),
    "softmax_cross_entropy": (np.eye(4)[[1, 3, 0]], rng.normal(size=[3, 4])),
}
WEIGHTS = np.array([[2.0], [0.0], [0.5]])


def build(kind, labels, predictions, w, reduction, options):
    f = getattr(tf.losses, kind)
    if kind in ("hinge_loss",):
        return f(labels, logits=predictions, weights=w, reduction=reduction, **options)
    if kind == "sigmoid_cross_entropy":
        return f(labels, logits=predictions, weights=w, reduction=reduction, **options)
    if kind == "softmax_cross_entropy":
        return f(labels, logits=predictions, weights=w, reduction=reduction, **options)
    return f(labels, predictions, weights=w, reduction=reduction, **options)


def case(case_id, kind, options, weights_shape=(3, 1)):
    labels_value, predictions_value = INPUTS[kind]
    weights_value = WEIGHTS if weights_shape == (3, 1) else np.ones(weights_shape) * 0.5
    result = {"id": case_id, "kind": kind, "options": options, "labels": labels_value.reshape(-1).tolist(),
              "predictions": predictions_value.reshape(-1).tolist(), "weights": weights_value.reshape(-1).tolist(),
              "weights_shape": list(weights_shape), "value": {}}
    for reduction_name, reduction in REDUCTIONS.items():
        graph = tf.Graph()
        with graph.as_default():
            labels = tf.placeholder(tf.float32, [3, 4], name="labels")
            predictions = tf.placeholder(tf.float32, [3, 4], name="predictions")
            w = tf.placeholder(tf.float32, list(weights_shape), name="w")
            loss = build(kind, labels, predictions, w, reduction, options)
            feeds = {labels: labels_value, predictions: predictions_value, w: weights_value}
            if reduction_name == "weighted_sum_by_nonzero_weights":
                result["nodes"] = [node_record(n) for n in graph.as_graph_def().node]
                result["loss_name"] = loss.name
                result["losses_collection"] = [t.name for t in graph.get_collection(tf.GraphKeys.LOSSES)]
                gradient = tf.gradients(loss, predictions)[0]
            with tf.Session() as session:
                value = session.run(loss, feeds)
                result["value"][reduction_name] = np.asarray(value, np.float64).reshape(-1).tolist()
                if reduction_name == "weighted_sum_by_nonzero_weights":
                    result["gradient"] = session.run(gradient, feeds).astype(np.float64).reshape(-1).tolist()
    return result


def main():
    cases = [
        case("absolute_difference", "absolute_difference", {}),
        case("hinge_loss", "hinge_loss", {}),
        case("huber_loss", "huber_loss", {}),
        case("huber_loss_delta", "huber_loss", {"delta": 0.7}),
        case("log_loss", "log_loss", {}),
        case("log_loss_epsilon", "log_loss", {"epsilon": 0.01}),
        case("cosine_distance", "cosine_distance", {"axis": 1}),
        case("cosine_distance_axis0", "cosine_distance", {"axis": 0}, weights_shape=(1, 4)),
        case("sigmoid_cross_entropy_smoothed", "sigmoid_cross_entropy", {"label_smoothing": 0.2}),
        case("softmax_cross_entropy_smoothed", "softmax_cross_entropy", {"label_smoothing": 0.1},
             weights_shape=(3,)),
    ]
    with open(OUT, "w") as f:
        json.dump({"cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(OUT), len(cases), "cases")
    for c in cases:
        print("==", c["id"], c["loss_name"], c["value"]["weighted_sum_by_nonzero_weights"])
        for n in c["nodes"]:
            if n["name"] not in ("labels", "predictions", "w"):
                print("  ", n["name"], n["op"], ",".join(n["inputs"]), n.get("value", ""))


if __name__ == "__main__":
    main()
