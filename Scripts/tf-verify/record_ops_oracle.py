"""Records oracle cases for ops added after the shared oracle (`../shared/oracle/ops/`), in its
record format, from real TensorFlow 2.21 in tf.compat.v1 graph mode:

    TF_USE_LEGACY_KERAS=1 /path/to/tf-venv/bin/python Scripts/tf-verify/record_ops_oracle.py

writes Tests/ScopeFlowTests/Resources/ops_added.json. Each case also records `grad_graph_ops`:
every [name, type] that tf.gradients created, so the tests can compare the gradient graph's
structure, not only its values. Inputs come from numpy RandomState(crc32(id)), the loss weights W
from crc32(id + "/W"), so adding a case leaves the others unchanged."""
import json
import os
import sys
import zlib

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.core.protobuf import rewriter_config_pb2

tf.disable_eager_execution()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "ops_added.json")
# Grappler's remapper rewrites an inference FusedBatchNormV3 into Mul and Add ops (whose other
# outputs can then not be fetched), so the cases of these op types run the op's own kernel.
KERNEL_ONLY = {"FusedBatchNormV3"}
# Ops whose outputs' static shapes are not fully known: their loss weights take the shapes of a
# first run's values, so that their gradients are recorded too.
RUNTIME_SHAPED_WEIGHTS = {"DynamicStitch", "ParallelDynamicStitch", "DynamicPartition", "GatherV2"}
TOLERANCE = {"elementwise": {"rtol": 1e-05, "atol": 1e-06}, "exact": {"rtol": 0.0, "atol": 0.0}}


def number(value, dtype):
    if dtype in ("bool",):
        return bool(value)
    if dtype in ("int32", "int64"):
        return int(value)
    value = float(value)
    if np.isnan(value):
        return "nan"
    if np.isinf(value):
        return "inf" if value > 0 else "-inf"
    return float("%.9g" % value) if dtype == "float32" else float("%.17g" % value)


def tensor(array, **extra):
    array = np.asarray(array)
    dtype = array.dtype.name
    record = {"dtype": dtype, "shape": list(array.shape), "values": [number(v, dtype) for v in array.reshape(-1)]}
    record.update(extra)
    return record


def attr_json(value):
    kind = value.WhichOneof("value")
    if kind == "type":
        return tf.as_dtype(value.type).name
    if kind in ("b", "i", "f"):
        return getattr(value, kind)
    if kind == "s":
        return value.s.decode()
    if kind == "list":
        return list(value.list.i) or [tf.as_dtype(t).name for t in value.list.type]
    return str(value)


def gradient_registration(op_type):
    from tensorflow.python.framework import ops as framework_ops
    try:
        function = framework_ops._gradient_registry.lookup(op_type)
    except LookupError:
        return "none"
    return "registered" if function is not None else "NotDifferentiable"


def node_input(t):
    """A node input as the shared oracle writes it: a placeholder by name, a constant by value,
    another op's output by tensor name and producer type."""
    if t.op.type == "Const":
        return {"const": tensor(tf.make_ndarray(t.op.get_attr("value")))}
    if t.op.type == "Placeholder":
        return {"placeholder": t.op.name}
    return {"tensor": t.name, "producer_type": t.op.type}


def record_case(case_id, op_type, api, build, inputs, tol="elementwise", composite=False):
    rng = np.random.RandomState(zlib.crc32(case_id.encode()))
    values = {name: make(rng) for name, make in inputs}
    graph = tf.Graph()
    with graph.as_default():
        placeholders = {name: tf.placeholder(tf.as_dtype(v.dtype), v.shape, name=name) for name, v in values.items()}
        before = {op.name for op in graph.get_operations()}
        outputs = build(placeholders)
        outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
        created = [[op.name, op.type] for op in graph.get_operations() if op.name not in before]
        node = next(op for op in graph.get_operations() if op.type == op_type)
        w_rng = np.random.RandomState(zlib.crc32((case_id + "/W").encode()))
        shapes = [o.shape.as_list() if o.shape.is_fully_defined() else None for o in outputs]
        if op_type in RUNTIME_SHAPED_WEIGHTS:
            with tf.Session() as s:
                feeds = {placeholders[n]: v for n, v in values.items()}
                shapes = [list(np.shape(v)) for v in s.run(outputs, feeds)]
        weights = [w_rng.uniform(-1, 1, shape).astype(np.float32)
                   if o.dtype == tf.float32 and shape is not None else None for o, shape in zip(outputs, shapes)]
        differentiable = [n for n, v in values.items() if v.dtype == np.float32]
        grads, grad_ops = [], []
        if any(w is not None for w in weights) and differentiable:
            loss = tf.add_n([tf.reduce_sum(o * w) for o, w in zip(outputs, weights) if w is not None])
            mark = {op.name for op in graph.get_operations()}
            grad_tensors = tf.gradients(loss, [placeholders[n] for n in differentiable])
            grad_ops = [[op.name, op.type] for op in graph.get_operations()
                        if op.name not in mark and op.name.startswith("gradients/" + node.name + "_grad")]
        config = tf.ConfigProto(intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)
        if op_type in KERNEL_ONLY:
            config.graph_options.rewrite_options.remapping = rewriter_config_pb2.RewriterConfig.OFF
        with tf.Session(config=config) as s:
            feeds = {placeholders[n]: v for n, v in values.items()}
            out_values = s.run(outputs, feeds)
            if differentiable and any(w is not None for w in weights):
                present = [g for g in grad_tensors if g is not None]
                # An IndexedSlices gradient (GatherNd's for [n, 1] indices) is recorded dense.
                present = [tf.convert_to_tensor(g) if isinstance(g, tf.IndexedSlices) else g for g in present]
                got = iter(s.run(present, feeds))
                for name, g in zip(differentiable, grad_tensors):
                    grads.append(tensor(next(got), input=name) if g is not None else {"input": name, "values": None})
    record = {
        "id": case_id, "op": op_type, "api": api, "attrs": {}, "composite": composite,
        "node": {"name": node.name, "type": node.type,
                 "attrs": {k: attr_json(node.node_def.attr[k]) for k in sorted(node.node_def.attr)},
                 "inputs": [node_input(t) for t in node.inputs]},
        "tf_gradient": gradient_registration(op_type),
        "graph_ops": created,
        "grad_graph_ops": grad_ops,
        "inputs": [tensor(v, name=n, differentiable=bool(v.dtype == np.float32)) for n, v in values.items()],
        "outputs": [tensor(v) for v in out_values],
        "W": [tensor(w) if w is not None else None for w in weights],
        "grads": grads,
        "tol": {"forward": dict(TOLERANCE[tol], **{"class": tol}), "grad": dict(TOLERANCE["elementwise"], **{"class": "elementwise"})},
    }
    static = [o.shape.as_list() if o.shape.rank is not None else None for o in outputs]
    if any(s != list(np.shape(v)) for s, v in zip(static, out_values)):
        # Only where a static shape is not the value's (Unique's y): null for an unknown dimension.
        record["static_shapes"] = static
    return record


def floats(*shape, lo=-3.0, hi=3.0):
    return lambda rng: rng.uniform(lo, hi, shape).astype(np.float32)


def halves(*shape):
    # Values on and near .5 so that round-half-to-even shows.
    return lambda rng: (rng.randint(-8, 8, shape) / 2.0 + rng.choice([0.0, 0.0, 0.1, -0.1], shape)).astype(np.float32)


def bools(*shape, p=0.5):
    # p: the chance of True (high for All, low for Any, so that both answers show).
    return lambda rng: rng.uniform(0, 1, shape) < p


CASES = [
    ("Sin/basic", "Sin", "tf.sin(x)", lambda p: tf.sin(p["x"]), [("x", floats(2, 4))]),
    ("Cos/basic", "Cos", "tf.cos(x)", lambda p: tf.cos(p["x"]), [("x", floats(2, 4))]),
    ("Round/halves", "Round", "tf.round(x)", lambda p: tf.round(p["x"]), [("x", halves(3, 4))]),
    ("Floor/basic", "Floor", "tf.floor(x)", lambda p: tf.floor(p["x"]), [("x", halves(2, 4))]),
    ("Ceil/basic", "Ceil", "tf.math.ceil(x)", lambda p: tf.math.ceil(p["x"]), [("x", halves(2, 4))]),
    ("Reciprocal/basic", "Reciprocal", "tf.math.reciprocal(x)", lambda p: tf.math.reciprocal(p["x"]),
     [("x", floats(2, 3, lo=0.5, hi=3.0))]),
    ("Expm1/basic", "Expm1", "tf.math.expm1(x)", lambda p: tf.math.expm1(p["x"]), [("x", floats(2, 4, lo=-2, hi=2))]),
    ("Softsign/basic", "Softsign", "tf.nn.softsign(x)", lambda p: tf.nn.softsign(p["x"]), [("x", floats(2, 4))]),
    ("LogicalNot/basic", "LogicalNot", "tf.logical_not(a)", lambda p: tf.logical_not(p["a"]), [("a", bools(2, 3))]),
    ("LogicalOr/broadcast", "LogicalOr", "tf.logical_or(a, b)", lambda p: tf.logical_or(p["a"], p["b"]),
     [("a", bools(2, 3)), ("b", bools(3))]),
    ("NotEqual/broadcast", "NotEqual", "tf.not_equal(x, y)", lambda p: tf.not_equal(p["x"], p["y"]),
     [("x", halves(2, 3)), ("y", halves(3))]),
    ("ArgMin/axis1", "ArgMin", "tf.argmin(x, axis=1)", lambda p: tf.argmin(p["x"], axis=1), [("x", floats(3, 4))]),
    ("FloorDiv/broadcast", "FloorDiv", "tf.math.floordiv(x, y)", lambda p: tf.math.floordiv(p["x"], p["y"]),
     [("x", floats(2, 3, lo=-6, hi=6)), ("y", floats(3, lo=0.7, hi=2.5))]),
    ("FloorMod/broadcast", "FloorMod", "tf.math.floormod(x, y)", lambda p: tf.math.floormod(p["x"], p["y"]),
     [("x", floats(2, 3, lo=-6, hi=6)), ("y", floats(3, lo=0.7, hi=2.5))]),
    ("LessEqual/broadcast", "LessEqual", "tf.less_equal(x, y)", lambda p: tf.less_equal(p["x"], p["y"]),
     [("x", halves(2, 3)), ("y", halves(3))]),
    ("All/all_axes", "All", "tf.reduce_all(a)", lambda p: tf.reduce_all(p["a"]), [("a", bools(2, 3, p=0.9))]),
    ("All/scalar", "All", "tf.reduce_all(a)", lambda p: tf.reduce_all(p["a"]), [("a", bools(p=0.9))]),
    ("All/axis1", "All", "tf.reduce_all(a, axis=1)", lambda p: tf.reduce_all(p["a"], axis=1),
     [("a", bools(4, 3, p=0.9))]),
    ("All/axes_keepdims", "All", "tf.reduce_all(a, axis=[0, 2], keepdims=True)",
     lambda p: tf.reduce_all(p["a"], axis=[0, 2], keepdims=True), [("a", bools(2, 3, 2, p=0.8))]),
    ("All/empty_axis", "All", "tf.reduce_all(a, axis=1)", lambda p: tf.reduce_all(p["a"], axis=1),
     [("a", bools(2, 0))]),
    ("Any/all_axes", "Any", "tf.reduce_any(a)", lambda p: tf.reduce_any(p["a"]), [("a", bools(2, 3, p=0.1))]),
    ("Any/axis0_keepdims", "Any", "tf.reduce_any(a, axis=0, keepdims=True)",
     lambda p: tf.reduce_any(p["a"], axis=0, keepdims=True), [("a", bools(3, 4, p=0.2))]),
    ("Any/negative_axes", "Any", "tf.reduce_any(a, axis=[-1, 0])", lambda p: tf.reduce_any(p["a"], axis=[-1, 0]),
     [("a", bools(2, 3, 2, p=0.15))]),
    ("Any/empty_axis", "Any", "tf.reduce_any(a, axis=1)", lambda p: tf.reduce_any(p["a"], axis=1),
     [("a", bools(2, 0))]),
    ("PlaceholderWithDefault/unfed", "PlaceholderWithDefault", "tf.placeholder_with_default(x, [2, 3])",
     lambda p: tf.placeholder_with_default(p["x"], [2, 3]), [("x", floats(2, 3))]),
    ("InvertPermutation/int32", "InvertPermutation", "tf.math.invert_permutation(x)",
     lambda p: tf.math.invert_permutation(p["x"]), [("x", lambda rng: np.int32([3, 0, 4, 1, 2]))]),
    ("Unique/int32", "Unique", "tf.unique(x)", lambda p: tf.unique(p["x"]),
     [("x", lambda rng: rng.randint(-3, 4, 11).astype(np.int32))]),
    ("Unique/int64_out_idx", "Unique", "tf.unique(x, out_idx=tf.int64)", lambda p: tf.unique(p["x"], out_idx=tf.int64),
     [("x", lambda rng: rng.randint(0, 5, 8).astype(np.int64))]),
    ("Unique/float_zeros_nan", "Unique", "tf.unique(x)", lambda p: tf.unique(p["x"]),
     [("x", lambda rng: np.float32([1.5, -0.0, 0.0, np.nan, 2.0, 1.5, np.nan, -3.0, 2.0]))]),
    ("Unique/empty", "Unique", "tf.unique(x)", lambda p: tf.unique(p["x"]),
     [("x", lambda rng: np.zeros([0], np.int32))]),
    ("ReverseSequence/seq1_batch0", "ReverseSequence", "tf.reverse_sequence(x, lengths, seq_axis=1, batch_axis=0)",
     lambda p: tf.reverse_sequence(p["x"], p["lengths"], seq_axis=1, batch_axis=0),
     [("x", floats(3, 5, 2)), ("lengths", lambda rng: np.int64([5, 0, 3]))]),
    ("ReverseSequence/seq0_batch1_int32", "ReverseSequence", "tf.reverse_sequence(x, lengths, seq_axis=0, batch_axis=1)",
     lambda p: tf.reverse_sequence(p["x"], p["lengths"], seq_axis=0, batch_axis=1),
     [("x", floats(4, 3)), ("lengths", lambda rng: np.int32([2, 4, 1]))]),
    ("ReverseSequence/rank4", "ReverseSequence", "tf.reverse_sequence(x, lengths, seq_axis=2, batch_axis=3)",
     lambda p: tf.reverse_sequence(p["x"], p["lengths"], seq_axis=2, batch_axis=3),
     [("x", floats(2, 3, 4, 2)), ("lengths", lambda rng: np.int32([3, 1]))]),
    ("ReverseV2/axis1", "ReverseV2", "tf.reverse(x, axis=[1])", lambda p: tf.reverse(p["x"], axis=[1]),
     [("x", floats(3, 5, 2))]),
    ("ReverseV2/axes_0_neg1", "ReverseV2", "tf.reverse(x, axis=[0, -1])", lambda p: tf.reverse(p["x"], axis=[0, -1]),
     [("x", floats(2, 3, 4))]),
    ("ReverseV2/int32_none", "ReverseV2", "tf.reverse(x, axis=[])", lambda p: tf.reverse(p["x"], axis=[]),
     [("x", lambda rng: rng.randint(-9, 9, (2, 3)).astype(np.int32))]),
    ("Cumsum/axis1", "Cumsum", "tf.cumsum(x, axis=1)", lambda p: tf.cumsum(p["x"], axis=1), [("x", floats(3, 4))]),
    ("Cumsum/exclusive_reverse", "Cumsum", "tf.cumsum(x, axis=-1, exclusive=True, reverse=True)",
     lambda p: tf.cumsum(p["x"], axis=-1, exclusive=True, reverse=True), [("x", floats(2, 3, 4))]),
    ("Cumsum/int32", "Cumsum", "tf.cumsum(x)", lambda p: tf.cumsum(p["x"]),
     [("x", lambda rng: rng.randint(-9, 9, (3, 2)).astype(np.int32))]),
    ("Cumprod/axis0", "Cumprod", "tf.math.cumprod(x, axis=0)", lambda p: tf.math.cumprod(p["x"], axis=0),
     [("x", floats(3, 4, lo=0.5, hi=2.0))]),
    ("Cumprod/exclusive", "Cumprod", "tf.math.cumprod(x, axis=1, exclusive=True)",
     lambda p: tf.math.cumprod(p["x"], axis=1, exclusive=True), [("x", floats(2, 5, lo=-2.0, hi=2.0))]),
    ("Cumprod/reverse", "Cumprod", "tf.math.cumprod(x, axis=-1, reverse=True)",
     lambda p: tf.math.cumprod(p["x"], axis=-1, reverse=True), [("x", floats(2, 2, 3, lo=0.5, hi=2.0))]),
    ("Cumprod/exclusive_reverse", "Cumprod", "tf.math.cumprod(x, exclusive=True, reverse=True)",
     lambda p: tf.math.cumprod(p["x"], exclusive=True, reverse=True), [("x", floats(4, lo=0.5, hi=2.0))]),
    ("BroadcastTo/rank_up", "BroadcastTo", "tf.broadcast_to(x, [2, 3, 4])", lambda p: tf.broadcast_to(p["x"], [2, 3, 4]),
     [("x", floats(3, 1))]),
    ("BroadcastTo/same_rank", "BroadcastTo", "tf.broadcast_to(x, [4, 3])", lambda p: tf.broadcast_to(p["x"], [4, 3]),
     [("x", floats(1, 3))]),
    ("BroadcastTo/unchanged", "BroadcastTo", "tf.broadcast_to(x, [2, 3])", lambda p: tf.broadcast_to(p["x"], [2, 3]),
     [("x", floats(2, 3))]),
    ("BroadcastTo/int32", "BroadcastTo", "tf.broadcast_to(x, [2, 3])", lambda p: tf.broadcast_to(p["x"], [2, 3]),
     [("x", lambda rng: rng.randint(-9, 9, (3,)).astype(np.int32))]),
    ("MatrixBandPart/lower1_upper_all", "MatrixBandPart", "tf.linalg.band_part(x, 1, -1)",
     lambda p: tf.linalg.band_part(p["x"], 1, -1), [("x", floats(2, 3, 4))]),
    ("MatrixBandPart/diagonal", "MatrixBandPart", "tf.linalg.band_part(x, 0, 0)",
     lambda p: tf.linalg.band_part(p["x"], 0, 0), [("x", floats(4, 3))]),
    ("MatrixBandPart/lower_triangle", "MatrixBandPart", "tf.linalg.band_part(x, -1, 0)",
     lambda p: tf.linalg.band_part(p["x"], -1, 0), [("x", floats(3, 3))]),
    ("MatrixBandPart/int32", "MatrixBandPart", "tf.linalg.band_part(x, 0, 2)",
     lambda p: tf.linalg.band_part(p["x"], 0, 2), [("x", lambda rng: rng.randint(-9, 9, (2, 4, 4)).astype(np.int32))]),
    ("InTopKV2/ties_k2", "InTopKV2", "tf.nn.in_top_k(predictions, targets, 2)",
     lambda p: tf.nn.in_top_k(p["predictions"], p["targets"], 2),
     [("predictions", halves(6, 4)), ("targets", lambda rng: rng.randint(0, 4, 6).astype(np.int32))]),
    ("InTopKV2/int64_nonfinite_out_of_range", "InTopKV2", "tf.nn.in_top_k(predictions, targets, 1)",
     lambda p: tf.nn.in_top_k(p["predictions"], p["targets"], 1),
     [("predictions", lambda rng: np.float32([[0.5, 0.1, 0.2], [0.3, np.inf, 0.1], [0.2, 0.9, 0.9], [0.4, 0.1, 0.3]])),
      ("targets", lambda rng: np.int64([0, 0, 2, 3]))]),
    ("CheckNumerics/finite", "CheckNumerics", "tf.debugging.check_numerics(x, 'bad x')",
     lambda p: tf.debugging.check_numerics(p["x"], "bad x"), [("x", floats(2, 3))]),
    # l2_normalize is a composite: the recorded node is its Rsqrt.
    ("l2_normalize/axis1", "Rsqrt", "tf.nn.l2_normalize(x, axis=1)", lambda p: tf.nn.l2_normalize(p["x"], axis=1),
     [("x", floats(3, 4))]),
    ("l2_normalize/axes_epsilon", "Rsqrt", "tf.nn.l2_normalize(x, axis=[0, 2], epsilon=0.5)",
     lambda p: tf.nn.l2_normalize(p["x"], axis=[0, 2], epsilon=0.5), [("x", floats(2, 3, 2, lo=-0.3, hi=0.3))]),
    ("TopKV2/k2", "TopKV2", "tf.nn.top_k(x, 2)", lambda p: tf.nn.top_k(p["x"], 2), [("x", floats(3, 5))]),
    ("TopKV2/ties_rank3", "TopKV2", "tf.nn.top_k(x, 3)", lambda p: tf.nn.top_k(p["x"], 3), [("x", halves(2, 2, 4))]),
    ("TopKV2/k_fed", "TopKV2", "tf.nn.top_k(x, k)", lambda p: tf.nn.top_k(p["x"], p["k"]),
     [("x", floats(2, 4)), ("k", lambda rng: np.int32(3))]),
    ("TopKV2/int32_all", "TopKV2", "tf.nn.top_k(x, 4)", lambda p: tf.nn.top_k(p["x"], 4),
     [("x", lambda rng: rng.randint(-3, 3, (3, 4)).astype(np.int32))]),
    ("IsFinite/special", "IsFinite", "tf.math.is_finite(x)", lambda p: tf.math.is_finite(p["x"]),
     [("x", lambda rng: np.float32([1.5, np.nan, np.inf, -np.inf, 0.0, -2.0]))]),
    ("IsNan/special", "IsNan", "tf.math.is_nan(x)", lambda p: tf.math.is_nan(p["x"]),
     [("x", lambda rng: np.float32([[1.5, np.nan, np.inf], [-np.inf, 0.0, np.nan]]))]),
    ("IsInf/special", "IsInf", "tf.math.is_inf(x)", lambda p: tf.math.is_inf(p["x"]),
     [("x", lambda rng: np.float32([1.5, np.nan, np.inf, -np.inf, 0.0, -2.0]))]),
    # reduce_logsumexp is a composite: the recorded node is its final AddV2.
    ("reduce_logsumexp/axis1", "AddV2", "tf.reduce_logsumexp(x, axis=1)",
     lambda p: tf.reduce_logsumexp(p["x"], axis=1), [("x", floats(3, 4, lo=-20, hi=60))]),
    ("reduce_logsumexp/all_keepdims", "AddV2", "tf.reduce_logsumexp(x, keepdims=True)",
     lambda p: tf.reduce_logsumexp(p["x"], keepdims=True), [("x", floats(2, 3))]),
    ("reduce_logsumexp/infinite_rows", "AddV2", "tf.reduce_logsumexp(x, axis=1)",
     lambda p: tf.reduce_logsumexp(p["x"], axis=1),
     [("x", lambda rng: np.float32([[-np.inf, -np.inf, -np.inf], [1.0, np.inf, 0.0], [0.5, -1.0, 2.0]]))]),
    ("GatherNd/pairs", "GatherNd", "tf.gather_nd(x, indices)", lambda p: tf.gather_nd(p["x"], p["indices"]),
     [("x", floats(3, 4, 2)), ("indices", lambda rng: np.int32([[0, 1], [2, 3], [0, 1]]))]),
    ("GatherNd/rows_int64", "GatherNd", "tf.gather_nd(x, indices)", lambda p: tf.gather_nd(p["x"], p["indices"]),
     [("x", floats(4, 3)), ("indices", lambda rng: np.int64([[2], [0], [2]]))]),
    ("GatherNd/elements_batched", "GatherNd", "tf.gather_nd(x, indices)", lambda p: tf.gather_nd(p["x"], p["indices"]),
     [("x", floats(2, 3, 4)), ("indices", lambda rng: np.int32([[[0, 1, 2], [1, 2, 3]], [[1, 0, 0], [0, 2, 1]]]))]),
    ("GatherNd/constant_indices", "GatherNd", "tf.gather_nd(x, [[1, 0], [0, 2]])",
     lambda p: tf.gather_nd(p["x"], [[1, 0], [0, 2]]), [("x", floats(2, 3, 2))]),
    ("ScatterNd/rows_repeated", "ScatterNd", "tf.scatter_nd(indices, updates, [5, 3])",
     lambda p: tf.scatter_nd(p["indices"], p["updates"], [5, 3]),
     [("indices", lambda rng: np.int64([[1], [3], [1]])), ("updates", floats(3, 3))]),
    ("ScatterNd/elements", "ScatterNd", "tf.scatter_nd(indices, updates, [3, 4])",
     lambda p: tf.scatter_nd(p["indices"], p["updates"], [3, 4]),
     [("indices", lambda rng: np.int32([[0, 1], [2, 3]])), ("updates", floats(2))]),
    ("TensorScatterUpdate/rows", "TensorScatterUpdate", "tf.tensor_scatter_nd_update(x, indices, updates)",
     lambda p: tf.tensor_scatter_nd_update(p["x"], p["indices"], p["updates"]),
     [("x", floats(4, 3)), ("indices", lambda rng: np.int32([[1], [3]])), ("updates", floats(2, 3))]),
    ("Einsum/matmul", "Einsum", "tf.einsum('ij,jk->ik', a, b)", lambda p: tf.einsum('ij,jk->ik', p["a"], p["b"]), [("a", floats(2, 3)), ("b", floats(3, 4))]),
    ("Einsum/batch_matmul", "Einsum", "tf.einsum('bij,bjk->bik', a, b)", lambda p: tf.einsum('bij,bjk->bik', p["a"], p["b"]), [("a", floats(2, 2, 3)), ("b", floats(2, 3, 4))]),
    ("Einsum/transpose", "Einsum", "tf.einsum('ij->ji', a)", lambda p: tf.einsum('ij->ji', p["a"]), [("a", floats(2, 3))]),
    ("Einsum/row_sums", "Einsum", "tf.einsum('ij->i', a)", lambda p: tf.einsum('ij->i', p["a"]), [("a", floats(2, 3))]),
    ("Einsum/outer", "Einsum", "tf.einsum('i,j->ij', a, b)", lambda p: tf.einsum('i,j->ij', p["a"], p["b"]), [("a", floats(2,)), ("b", floats(3,))]),
    ("Einsum/total", "Einsum", "tf.einsum('ij->', a)", lambda p: tf.einsum('ij->', p["a"]), [("a", floats(2, 3))]),
    ("Einsum/diagonal", "Einsum", "tf.einsum('ii->i', a)", lambda p: tf.einsum('ii->i', p["a"]), [("a", floats(3, 3))]),
    ("Einsum/ellipsis_batch", "Einsum", "tf.einsum('...ij,...jk->...ik', a, b)", lambda p: tf.einsum('...ij,...jk->...ik', p["a"], p["b"]), [("a", floats(2, 2, 3)), ("b", floats(2, 3, 4))]),
    ("Einsum/contract_and_reduce", "Einsum", "tf.einsum('abc,cd->ad', a, b)", lambda p: tf.einsum('abc,cd->ad', p["a"], p["b"]), [("a", floats(2, 3, 4)), ("b", floats(4, 2))]),
    ("Einsum/implicit_output", "Einsum", "tf.einsum('ij,jk', a, b)", lambda p: tf.einsum('ij,jk', p["a"], p["b"]), [("a", floats(2, 3)), ("b", floats(3, 2))]),
    ("Einsum/transpose_and_reduce", "Einsum", "tf.einsum('abc->ca', a)", lambda p: tf.einsum('abc->ca', p["a"]), [("a", floats(2, 3, 4))]),
    # tensordot is a composite: the recorded node is its MatMul.
    ("Einsum/ellipsis_broadcast", "Einsum", "tf.einsum('...ij,...jk->...ik', a, b)",
     lambda p: tf.einsum('...ij,...jk->...ik', p["a"], p["b"]), [("a", floats(1, 2, 3)), ("b", floats(2, 3, 4))]),
    ("Einsum/ellipsis_rank_broadcast", "Einsum", "tf.einsum('...ij,jk->...ik', a, b)",
     lambda p: tf.einsum('...ij,jk->...ik', p["a"], p["b"]), [("a", floats(2, 2, 3)), ("b", floats(3, 4))]),
    ("tensordot/two_axes", "MatMul", "tf.tensordot(a, b, axes=[[1, 2], [0, 1]])",
     lambda p: tf.tensordot(p["a"], p["b"], axes=[[1, 2], [0, 1]]), [("a", floats(2, 3, 4)), ("b", floats(3, 4, 5))]),
    ("tensordot/transposed_axes", "MatMul", "tf.tensordot(a, b, axes=[[0], [2]])",
     lambda p: tf.tensordot(p["a"], p["b"], axes=[[0], [2]]), [("a", floats(3, 2, 2)), ("b", floats(4, 2, 3))]),
    ("tensordot/int_axes", "MatMul", "tf.tensordot(a, b, axes=1)", lambda p: tf.tensordot(p["a"], p["b"], axes=1),
     [("a", floats(2, 3, 4)), ("b", floats(4, 3))]),
    # clip_by_average_norm is a composite: the recorded node is its Rsqrt.
    ("clip_by_average_norm/clipped", "Rsqrt", "tf.clip_by_average_norm(x, 0.5)",
     lambda p: tf.clip_by_average_norm(p["x"], 0.5), [("x", floats(2, 3))]),
    ("clip_by_average_norm/unclipped", "Rsqrt", "tf.clip_by_average_norm(x, 4.0)",
     lambda p: tf.clip_by_average_norm(p["x"], 4.0), [("x", floats(3, 2, lo=-0.5, hi=0.5))]),
    ("Where/bool", "Where", "tf.where(m)", lambda p: tf.where(p["m"]), [("m", bools(3, 2, 2))]),
    ("Where/none_true", "Where", "tf.where(m)", lambda p: tf.where(p["m"]), [("m", bools(4, p=0.0))]),
    # boolean_mask is a composite: the recorded node is its GatherV2.
    ("boolean_mask/rows", "GatherV2", "tf.boolean_mask(x, m)", lambda p: tf.boolean_mask(p["x"], p["m"]),
     [("x", floats(4, 3)), ("m", lambda rng: np.array([True, False, True, True]))]),
    ("boolean_mask/matrix_mask", "GatherV2", "tf.boolean_mask(x, m)", lambda p: tf.boolean_mask(p["x"], p["m"]),
     [("x", floats(2, 3, 2)), ("m", bools(2, 3))]),
    ("boolean_mask/axis1", "GatherV2", "tf.boolean_mask(x, m, axis=1)",
     lambda p: tf.boolean_mask(p["x"], p["m"], axis=1), [("x", floats(2, 3, 4)), ("m", bools(3, 4))]),
    ("DynamicStitch/repeated", "DynamicStitch", "tf.dynamic_stitch([i0, i1], [a, b])",
     lambda p: tf.dynamic_stitch([p["i0"], p["i1"]], [p["a"], p["b"]]),
     [("i0", lambda rng: np.int32([0, 4, 2])), ("i1", lambda rng: np.int32([[1, 2], [5, 3]])),
      ("a", floats(3, 2)), ("b", floats(2, 2, 2))]),
    ("ParallelDynamicStitch/basic", "ParallelDynamicStitch",
     "tf.raw_ops.ParallelDynamicStitch(indices=[i0, i1], data=[a, b])",
     lambda p: tf.raw_ops.ParallelDynamicStitch(indices=[p["i0"], p["i1"]], data=[p["a"], p["b"]]),
     [("i0", lambda rng: np.int32([3, 0])), ("i1", lambda rng: np.int32([1, 2, 4])), ("a", floats(2)), ("b", floats(3))]),
    ("DynamicPartition/rows", "DynamicPartition", "tf.dynamic_partition(x, partitions, 3)",
     lambda p: tf.dynamic_partition(p["x"], p["partitions"], 3),
     [("x", floats(5, 2)), ("partitions", lambda rng: np.int32([2, 0, 2, 2, 0]))]),
    ("DynamicPartition/matrix_partitions", "DynamicPartition", "tf.dynamic_partition(x, partitions, 2)",
     lambda p: tf.dynamic_partition(p["x"], p["partitions"], 2),
     [("x", floats(2, 3)), ("partitions", lambda rng: np.int32([[1, 0, 1], [1, 1, 0]]))]),
] + [
    ("FusedBatchNormV3/" + case, "FusedBatchNormV3", "tf.compat.v1.nn.fused_batch_norm(%s)" % args,
     lambda p, args=args: eval("tf.compat.v1.nn.fused_batch_norm(%s)" % args, {"tf": tf}, p),
     [("x", floats(*shape)), ("scale", floats(shape[-1], lo=0.5, hi=1.5)), ("offset", floats(shape[-1], lo=-1, hi=1))]
     + ([("mean", floats(shape[-1], lo=-1, hi=1)), ("variance", floats(shape[-1], lo=0.5, hi=2))]
        if "mean" in args else []))
    for case, shape, args in [
        ("training", (2, 3, 2, 4), "x, scale, offset"),
        ("training_batch1", (1, 3, 3, 2), "x, scale, offset"),
        ("training_avg_factor", (2, 2, 3, 3),
         "x, scale, offset, mean, variance, epsilon=0.01, exponential_avg_factor=0.3"),
        ("training_avg_factor_batch1", (1, 2, 2, 5),
         "x, scale, offset, mean, variance, exponential_avg_factor=0.9"),
        ("inference", (2, 3, 2, 4), "x, scale, offset, mean, variance, is_training=False"),
        ("inference_batch1", (1, 4, 2, 3), "x, scale, offset, mean, variance, epsilon=1e-06, is_training=False"),
    ]
] + [
    ("DepthwiseConv2dNative/" + case, "DepthwiseConv2dNative", api,
     lambda p, api=api: eval(api, {"tf": tf}, p), [("x", floats(*x)), ("filter", floats(*f))]
     + ([("pointwise", floats(1, 1, f[2] * f[3], 4))] if "pointwise" in api else []), "elementwise",
     "pointwise" in api)
    for case, x, f, api in [
        ("same_stride2_multiplier2", (2, 5, 5, 3), (3, 3, 3, 2),
         "tf.nn.depthwise_conv2d(x, filter, strides=[1, 2, 2, 1], padding='SAME')"),
        ("valid_multiplier1", (1, 6, 5, 4), (2, 3, 4, 1),
         "tf.nn.depthwise_conv2d(x, filter, strides=[1, 1, 1, 1], padding='VALID')"),
        ("valid_stride_2_1", (2, 7, 6, 2), (3, 2, 2, 3),
         "tf.nn.depthwise_conv2d(x, filter, strides=[1, 2, 1, 1], padding='VALID')"),
        # Dilations are checked against finite differences (GradientFiniteDifferenceTests): TF 2.21's
        # CPU (oneDNN) kernels drop them from the gradients, or fail with VALID padding.
        ("native_valid_multiplier3", (2, 6, 5, 2), (2, 2, 2, 3),
         "tf.nn.depthwise_conv2d_native(x, filter, strides=[1, 1, 1, 1], padding='VALID')"),
        # separable_conv2d is a composite: the recorded node is its depthwise step.
        ("separable_same", (2, 5, 4, 3), (3, 3, 3, 2),
         "tf.nn.separable_conv2d(x, filter, pointwise, strides=[1, 1, 1, 1], padding='SAME')"),
    ]
]


def main():
    cases = [record_case(*c) for c in CASES]
    meta = {"tensorflow_version": tf.__version__, "numpy_version": np.__version__,
            "generator": "Scripts/tf-verify/record_ops_oracle.py", "format": "../shared/oracle/ops/README.md, plus grad_graph_ops"}
    with open(OUT, "w") as f:
        f.write('{"meta": ' + json.dumps(meta) + ', "cases": [\n')
        f.write(",\n".join(json.dumps(c) for c in cases))
        f.write("\n]}\n")
    print("wrote %d cases to %s" % (len(cases), os.path.relpath(OUT)), file=sys.stderr)


if __name__ == "__main__":
    main()
