"""Records TensorFlow 2.21's uniform and log-uniform candidate samplers
(tf.compat.v1.nn.uniform_candidate_sampler / log_uniform_candidate_sampler) in graph mode:

    /path/to/tf-venv/bin/python Scripts/tf-verify/record_candidate_samplers.py

writes Tests/ScopeFlowTests/Resources/candidate_samplers.json. Each case builds the sampler on a
constant int64 `true_classes` in a graph with a graph seed (and an op seed where given), records
the node (name, op, inputs, attrs) and runs it three times in one session (the op's Philox
stream moves on between runs): sampled candidates, true and sampled expected counts.
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "candidate_samplers.json")


def case(case_id, kind, true_classes, num_sampled, unique, range_max, graph_seed, op_seed, **options):
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(graph_seed)
        classes = tf.constant(np.array(true_classes, dtype=np.int64), name="true_classes")
        sampler = getattr(tf.nn, kind)
        sampled, true_expected, sampled_expected = sampler(
            classes, num_true=len(true_classes[0]), num_sampled=num_sampled, unique=unique, range_max=range_max,
            seed=op_seed, **options)
        node = sampled.op.node_def
        attrs = {k: (v.i if v.WhichOneof("value") == "i" else int(v.b)) for k, v in sorted(node.attr.items())
                 if v.WhichOneof("value") in ("i", "b")}
        runs = []
        with tf.Session() as session:
            for _ in range(3):
                s, t, e = session.run([sampled, true_expected, sampled_expected])
                runs.append({"sampled": s.tolist(), "true_expected": t.astype(np.float64).reshape(-1).tolist(),
                             "sampled_expected": e.astype(np.float64).tolist()})
    return {"id": case_id, "kind": kind, "true_classes": true_classes, "num_sampled": num_sampled,
            "unique": unique, "range_max": range_max, "graph_seed": graph_seed, "op_seed": op_seed, "options": options,
            "node": {"name": node.name, "op": node.op, "inputs": list(node.input), "attrs": attrs},
            "outputs": [t.name for t in (sampled, true_expected, sampled_expected)], "runs": runs}


def main():
    classes = [[3, 17], [0, 42], [99, 5]]
    cases = [
        case("log_uniform_unique", "log_uniform_candidate_sampler", classes, 8, True, 100, 7, 3),
        case("log_uniform_repeats", "log_uniform_candidate_sampler", classes, 8, False, 100, 7, None),
        case("log_uniform_large_range", "log_uniform_candidate_sampler", [[1]], 20, True, 1000000, 11, 5),
        case("uniform_unique", "uniform_candidate_sampler", [[3, 7], [0, 9], [9, 5]], 6, True, 10, 1, 2),
        case("uniform_repeats", "uniform_candidate_sampler", classes, 6, False, 100, 1, None),
        case("uniform_power_of_two", "uniform_candidate_sampler", [[1], [2]], 5, True, 64, 4, 9),
        case("uniform_all_of_range", "uniform_candidate_sampler", [[1], [2]], 7, True, 7, 4, 9),
        case("fixed_unigram", "fixed_unigram_candidate_sampler", [[1], [4]], 6, False, 7, 3, 1,
             unigrams=[5.0, 1.0, 0.5, 12.0, 3.0, 0.25, 7.0]),
        case("fixed_unigram_unique_distorted", "fixed_unigram_candidate_sampler", [[1, 2], [4, 0]], 4, True, 7, 3, 8,
             unigrams=[5.0, 1.0, 0.5, 12.0, 3.0, 0.25, 7.0], distortion=0.75),
        case("fixed_unigram_reserved_sharded", "fixed_unigram_candidate_sampler", [[1], [3]], 5, False, 5, 2, None,
             unigrams=[4.0, 2.0, 9.0, 1.0, 6.0, 3.0, 5.0, 8.0], num_reserved_ids=2, num_shards=2, shard=1),
    ]
    with open(OUT, "w") as f:
        json.dump({"cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(OUT), len(cases), "cases")
    for c in cases:
        print(c["id"], c["node"], c["runs"][0]["sampled"], c["runs"][0]["sampled_expected"][:3])


if __name__ == "__main__":
    main()
