"""Records what TensorFlow 2.21 builds and computes for tf.compat.v1.summary.image:

    /path/to/tf-venv/bin/python Scripts/tf-verify/record_image_summaries.py

writes Tests/ScopeFlowTests/Resources/image_summaries.json with
- `graph`: the nodes (name, op, inputs, attrs but `_output_shapes`) of
  `tf.summary.image("filters", images, max_outputs=2)` on a float32 placeholder [3, 4, 5, 3];
- `cases`: for inputs of each float dtype (all non-negative, signed, all zero, with NaN and
  infinities, 1, 3 and 4 channels, max_outputs 1 and 3), the fed values and, per image of the
  Summary, its tag, height, width, colorspace and the pixels the PNG decodes to
  (tf.image.decode_png), row-major height x width x channels.
"""
import json
import os

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "image_summaries.json")


def attr_text(value):
    kind = value.WhichOneof("value")
    if kind == "tensor":
        t = tf.make_ndarray(value.tensor)
        return "tensor %s %s %s" % (tf.as_dtype(value.tensor.dtype).name, list(t.shape), t.reshape(-1).tolist())
    if kind == "type":
        return "type " + tf.as_dtype(value.type).name
    if kind == "s":
        return "s " + value.s.decode()
    if kind == "i":
        return "i %d" % value.i
    return kind


def graph_nodes():
    graph = tf.Graph()
    with graph.as_default():
        images = tf.placeholder(tf.float32, [3, 4, 5, 3], name="images")
        tf.summary.image("filters", images, max_outputs=2)
        return [{"name": n.name, "op": n.op, "inputs": list(n.input),
                 "attrs": {k: attr_text(v) for k, v in sorted(n.attr.items()) if k != "_output_shapes"}}
                for n in graph.as_graph_def().node], [t.name for t in graph.get_collection("summaries")]


def number(v):
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float(v)


def run_case(case_id, dtype, values, max_outputs):
    values = np.asarray(values, dtype=dtype)
    graph = tf.Graph()
    with graph.as_default():
        images = tf.placeholder(dtype, values.shape, name="images")
        summary = tf.summary.image("img", images, max_outputs=max_outputs)
        encoded = tf.placeholder(tf.string, [])
        decoded = tf.image.decode_png(encoded)
        with tf.Session() as session:
            proto = tf.Summary.FromString(session.run(summary, {images: values}))
            out = []
            for value in proto.value:
                pixels = session.run(decoded, {encoded: value.image.encoded_image_string})
                out.append({"tag": value.tag, "height": value.image.height, "width": value.image.width,
                            "colorspace": value.image.colorspace, "pixels": pixels.reshape(-1).tolist()})
    return {"id": case_id, "dtype": np.dtype(dtype).name, "shape": list(values.shape),
            "max_outputs": max_outputs, "values": [number(v) for v in values.reshape(-1)], "images": out}


def main():
    rng = np.random.RandomState(26)
    cases = []
    for dtype in (np.float32, np.float64, np.float16):
        name = np.dtype(dtype).name
        cases.append(run_case("positive_" + name, dtype, rng.uniform(0, 3, [2, 3, 4, 3]), 3))
        cases.append(run_case("signed_" + name, dtype, rng.normal(0, 2, [2, 3, 4, 3]), 3))
    cases.append(run_case("gray_max1", np.float32, rng.uniform(-1, 0.5, [3, 2, 3, 1]), 1))
    cases.append(run_case("rgba", np.float32, rng.uniform(0, 1, [1, 2, 2, 4]), 3))
    cases.append(run_case("zeros", np.float32, np.zeros([1, 2, 2, 1]), 3))
    cases.append(run_case("tiny", np.float32, np.full([1, 1, 2, 1], 5e-7), 3))
    bad = rng.uniform(-2, 2, [2, 2, 3, 3])
    bad[0, 0, 1, 2] = np.nan
    bad[0, 1, 0, 0] = np.inf
    bad[1, 1, 2, 1] = -np.inf
    cases.append(run_case("nonfinite", np.float32, bad, 3))
    rgba_bad = rng.uniform(0, 4, [1, 2, 2, 4])
    rgba_bad[0, 1, 1, 3] = np.nan
    cases.append(run_case("nonfinite_rgba", np.float32, rgba_bad, 3))
    nodes, collection = graph_nodes()
    with open(OUT, "w") as f:
        json.dump({"graph": nodes, "summaries_collection": collection, "cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote", os.path.relpath(OUT), len(cases), "cases")
    for node in nodes:
        print(node)


if __name__ == "__main__":
    main()
