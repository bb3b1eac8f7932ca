"""Records what TensorFlow 2.21 does with the ops that write ref variables in place or look at
them (ScatterSub, ApplyAdagrad, SparseApplyAdagrad, IsVariableInitialized), in tf.compat.v1
graph mode with ref variables (VariableV2), as the corpus models use them:

    TF_USE_LEGACY_KERAS=1 /path/to/tf-venv/bin/python Scripts/tf-verify/record_state_ops.py

writes Tests/ScopeFlowTests/Resources/state_ops.json. Each case builds its variables from
constants, runs the initializer, then runs the op `runs` times; after every run it records the
op's output and every variable read back, or, for a run that fails, TF's error class and
message (without the node suffix TF's runtime appends) and the variables as the failed run
left them. `run_errors` hold the messages of pure ops (ReverseSequence, Unique) TF rejects
when they run, `build_errors` those of graphs TF rejects while building them, and
`initialized_value` the nodes of `Variable.initialized_value()` (IsVariableInitialized in a v1
cond, the pattern ExponentialMovingAverage builds) and its values before and after the
variable is initialized."""
import json
import os
import sys

import numpy as np
import tensorflow.compat.v1 as tf
from tensorflow.python.ops import gen_state_ops, gen_training_ops

tf.disable_v2_behavior()
tf.disable_resource_variables()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ScopeFlowTests", "Resources", "state_ops.json")


def number(v, dtype):
    if dtype == "bool":
        return bool(v)
    if dtype in ("int32", "int64"):
        return int(v)
    return float("%.9g" % v) if dtype == "float32" else float("%.17g" % v)


def record(array):
    array = np.asarray(array)
    return {"dtype": array.dtype.name, "shape": list(array.shape),
            "values": [number(v, array.dtype.name) for v in array.reshape(-1)]}


def message(error):
    text = error.message
    return text[text.index("Node: '"):].split("\n", 1)[1].split("\n\t [[")[0]


def run_case(case_id, op_type, variables, inputs, build, attrs, runs=2, initialize=True):
    """variables: [(name, array)]; inputs: [(name, array)] fed as constants; build(vars, consts)
    returns the op's output tensor."""
    graph = tf.Graph()
    with graph.as_default():
        made = {name: tf.Variable(value, name=name) for name, value in variables}
        consts = {name: tf.constant(value, name=name) for name, value in inputs}
        output = build(made, consts)
        node = output.op
        steps = []
        with tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=1, inter_op_parallelism_threads=1)) as s:
            if initialize:
                s.run(tf.global_variables_initializer())
            for _ in range(runs):
                step = {}
                try:
                    step["output"] = record(s.run(output))
                except tf.errors.OpError as e:
                    step["error"] = {"class": type(e).__name__, "message": message(e)}
                values = {}
                for name, _ in variables:
                    try:
                        values[name] = record(s.run(made[name].read_value()))
                    except tf.errors.FailedPreconditionError:
                        values[name] = None
                step["variables"] = values
                steps.append(step)
    return {
        "id": case_id, "op": op_type, "attrs": attrs, "initialize": initialize,
        "node": {"name": node.name, "type": node.type, "inputs": [t.op.name for t in node.inputs],
                 "output_shape": output.shape.as_list() if output.shape.rank is not None else None},
        "variables": [dict(record(v), name=n) for n, v in variables],
        "inputs": [dict(record(v), name=n) for n, v in inputs],
        "runs": steps,
    }


def run_error(case_id, op_type, attrs, inputs):
    """A pure op TF rejects only when it runs: its inputs are placeholders of unknown shape."""
    with tf.Graph().as_default():
        placeholders = [tf.placeholder(tf.as_dtype(v.dtype), None, name=n) for n, v in inputs]
        if op_type == "Unique":
            output = tf.unique(placeholders[0])[0]
        else:
            output = tf.reverse_sequence(placeholders[0], placeholders[1], **attrs)
        with tf.Session() as s:
            try:
                s.run(output, dict(zip(placeholders, [v for _, v in inputs])))
            except tf.errors.InvalidArgumentError as e:
                return {"id": case_id, "op": op_type, "attrs": attrs,
                        "inputs": [dict(record(v), name=n) for n, v in inputs], "message": message(e)}
    raise AssertionError("%s ran" % case_id)


def build_error(case_id, build):
    with tf.Graph().as_default():
        try:
            build()
        except ValueError as e:
            return {"id": case_id, "message": str(e)}
    raise AssertionError("%s built" % case_id)


rng = np.random.RandomState(2021)


def floats(*shape, dtype=np.float32, lo=-2.0, hi=2.0):
    return rng.uniform(lo, hi, shape).astype(dtype)


def scatter_sub(locking=False):
    return lambda v, c: tf.scatter_sub(v["var"], c["indices"], c["updates"], use_locking=locking)


def apply_adagrad(update_slots=True, locking=False):
    return lambda v, c: gen_training_ops.apply_adagrad(
        v["var"], v["accum"], c["lr"], c["grad"], use_locking=locking, update_slots=update_slots)


def sparse_apply_adagrad(update_slots=True, locking=False):
    return lambda v, c: gen_training_ops.sparse_apply_adagrad(
        v["var"], v["accum"], c["lr"], c["grad"], c["indices"], use_locking=locking, update_slots=update_slots)


def accum(shape, value=0.1, dtype=np.float32):
    return np.full(shape, value, dtype)


CASES = [
    run_case("ScatterSub/duplicates", "ScatterSub", [("var", floats(5, 3))],
             [("indices", np.int32([0, 2, 0, 4])), ("updates", floats(4, 3))], scatter_sub(),
             {"use_locking": False}),
    run_case("ScatterSub/int64_matrix_indices", "ScatterSub", [("var", floats(4, 2, 2))],
             [("indices", np.int64([[1, 3], [3, 0]])), ("updates", floats(2, 2, 2, 2))], scatter_sub(True),
             {"use_locking": True}),
    run_case("ScatterSub/scalar_updates", "ScatterSub", [("var", floats(4, 3))],
             [("indices", np.int32([3, 1, 3])), ("updates", np.float32(0.25))], scatter_sub(),
             {"use_locking": False}),
    run_case("ScatterSub/int32_variable", "ScatterSub", [("var", np.arange(12, dtype=np.int32).reshape(4, 3))],
             [("indices", np.int32([2, 2])), ("updates", np.int32([[1, 2, 3], [10, 20, 30]]))], scatter_sub(),
             {"use_locking": False}),
    run_case("ScatterSub/float64_vector", "ScatterSub", [("var", floats(6, dtype=np.float64))],
             [("indices", np.int64([5, 0, 5])), ("updates", floats(3, dtype=np.float64))], scatter_sub(),
             {"use_locking": False}),
    run_case("ScatterSub/out_of_range", "ScatterSub", [("var", floats(5, 3))],
             [("indices", np.int32([1, 7, 2])), ("updates", floats(3, 3))], scatter_sub(),
             {"use_locking": False}, runs=1),
    run_case("ScatterSub/negative_index", "ScatterSub", [("var", floats(5, 2))],
             [("indices", np.int64([[0, 1], [-1, 2]])), ("updates", floats(2, 2, 2))], scatter_sub(),
             {"use_locking": False}, runs=1),
    run_case("ScatterSub/uninitialized", "ScatterSub", [("var", floats(3, 2))],
             [("indices", np.int32([1])), ("updates", floats(1, 2))], scatter_sub(),
             {"use_locking": False}, runs=1, initialize=False),
    run_case("ApplyAdagrad/basic", "ApplyAdagrad", [("var", floats(3, 4)), ("accum", accum((3, 4)))],
             [("lr", np.float32(0.05)), ("grad", floats(3, 4))], apply_adagrad(),
             {"use_locking": False, "update_slots": True}, runs=3),
    run_case("ApplyAdagrad/long_vector", "ApplyAdagrad", [("var", floats(37)), ("accum", accum((37,), 0.5))],
             [("lr", np.float32(0.3)), ("grad", floats(37))], apply_adagrad(locking=True),
             {"use_locking": True, "update_slots": True}),
    run_case("ApplyAdagrad/no_update_slots", "ApplyAdagrad", [("var", floats(2, 3)), ("accum", accum((2, 3), 0.7))],
             [("lr", np.float32(0.1)), ("grad", floats(2, 3))], apply_adagrad(update_slots=False),
             {"use_locking": False, "update_slots": False}),
    run_case("ApplyAdagrad/float64", "ApplyAdagrad",
             [("var", floats(2, 2, dtype=np.float64)), ("accum", accum((2, 2), 0.1, np.float64))],
             [("lr", np.float64(0.2)), ("grad", floats(2, 2, dtype=np.float64))], apply_adagrad(),
             {"use_locking": False, "update_slots": True}),
    run_case("ApplyAdagrad/uninitialized", "ApplyAdagrad", [("var", floats(2)), ("accum", accum((2,)))],
             [("lr", np.float32(0.1)), ("grad", floats(2))], apply_adagrad(),
             {"use_locking": False, "update_slots": True}, runs=1, initialize=False),
    run_case("SparseApplyAdagrad/duplicates", "SparseApplyAdagrad",
             [("var", floats(6, 3)), ("accum", accum((6, 3)))],
             [("lr", np.float32(0.05)), ("grad", floats(3, 3)), ("indices", np.int32([4, 1, 4]))],
             sparse_apply_adagrad(), {"use_locking": False, "update_slots": True}),
    run_case("SparseApplyAdagrad/vector", "SparseApplyAdagrad", [("var", floats(5)), ("accum", accum((5,), 0.2))],
             [("lr", np.float32(0.1)), ("grad", floats(3)), ("indices", np.int64([0, 3, 0]))],
             sparse_apply_adagrad(), {"use_locking": False, "update_slots": True}),
    run_case("SparseApplyAdagrad/no_update_slots", "SparseApplyAdagrad",
             [("var", floats(4, 2, 2)), ("accum", accum((4, 2, 2), 0.3))],
             [("lr", np.float32(0.2)), ("grad", floats(2, 2, 2)), ("indices", np.int64([3, 0]))],
             sparse_apply_adagrad(update_slots=False, locking=True), {"use_locking": True, "update_slots": False}),
    run_case("SparseApplyAdagrad/float64", "SparseApplyAdagrad",
             [("var", floats(3, 2, dtype=np.float64)), ("accum", accum((3, 2), 0.1, np.float64))],
             [("lr", np.float64(0.5)), ("grad", floats(2, 2, dtype=np.float64)), ("indices", np.int32([2, 2]))],
             sparse_apply_adagrad(), {"use_locking": False, "update_slots": True}),
    run_case("SparseApplyAdagrad/out_of_range", "SparseApplyAdagrad",
             [("var", floats(4, 2)), ("accum", accum((4, 2)))],
             [("lr", np.float32(0.1)), ("grad", floats(3, 2)), ("indices", np.int32([1, 9, 2]))],
             sparse_apply_adagrad(), {"use_locking": False, "update_slots": True}, runs=1),
    run_case("IsVariableInitialized/initialized", "IsVariableInitialized", [("var", floats(2, 3))], [],
             lambda v, c: tf.is_variable_initialized(v["var"]), {}, runs=1),
    run_case("IsVariableInitialized/uninitialized", "IsVariableInitialized", [("var", floats(2, 3))], [],
             lambda v, c: tf.is_variable_initialized(v["var"]), {}, runs=1, initialize=False),
]

RUN_ERRORS = [
    run_error("ReverseSequence/length_too_long", "ReverseSequence", {"seq_axis": 1, "batch_axis": 0},
              [("x", floats(2, 3)), ("lengths", np.int64([4, 1]))]),
    run_error("ReverseSequence/negative_length", "ReverseSequence", {"seq_axis": 1, "batch_axis": 0},
              [("x", floats(2, 3)), ("lengths", np.int32([2, -1]))]),
    run_error("ReverseSequence/lengths_count", "ReverseSequence", {"seq_axis": 0, "batch_axis": 1},
              [("x", floats(2, 3)), ("lengths", np.int64([1, 1]))]),
    run_error("ReverseSequence/seq_axis_rank", "ReverseSequence", {"seq_axis": 1, "batch_axis": 0},
              [("x", floats(3)), ("lengths", np.int64([1, 1, 1]))]),
    run_error("ReverseSequence/same_axes", "ReverseSequence", {"seq_axis": 1, "batch_axis": 1},
              [("x", floats(2, 3)), ("lengths", np.int64([1, 1, 1]))]),
    run_error("ReverseSequence/rank6", "ReverseSequence", {"seq_axis": 1, "batch_axis": 0},
              [("x", floats(1, 1, 1, 1, 1, 1)), ("lengths", np.int64([1]))]),
    run_error("Unique/matrix", "Unique", {}, [("x", floats(2, 2))]),
]

BUILD_ERRORS = [
    build_error("ScatterSub/updates_shape", lambda: tf.scatter_sub(
        tf.Variable(np.zeros((5, 3), np.float32)), tf.constant([0, 1]), tf.constant(np.zeros((2, 4), np.float32)))),
    build_error("ApplyAdagrad/grad_shape", lambda: gen_training_ops.apply_adagrad(
        tf.Variable(np.zeros((2, 3), np.float32)), tf.Variable(np.zeros((2, 3), np.float32)), 0.1,
        tf.constant(np.zeros((3, 2), np.float32)))),
    build_error("ApplyAdagrad/lr_rank", lambda: gen_training_ops.apply_adagrad(
        tf.Variable(np.zeros((2,), np.float32)), tf.Variable(np.zeros((2,), np.float32)),
        tf.constant([0.1, 0.2]), tf.constant(np.zeros((2,), np.float32)))),
    build_error("SparseApplyAdagrad/indices_count", lambda: gen_training_ops.sparse_apply_adagrad(
        tf.Variable(np.zeros((4, 2), np.float32)), tf.Variable(np.zeros((4, 2), np.float32)), 0.1,
        tf.constant(np.zeros((3, 2), np.float32)), tf.constant([0, 1]))),
    build_error("SparseApplyAdagrad/inner_shape", lambda: gen_training_ops.sparse_apply_adagrad(
        tf.Variable(np.zeros((4, 2), np.float32)), tf.Variable(np.zeros((4, 2), np.float32)), 0.1,
        tf.constant(np.zeros((2, 3), np.float32)), tf.constant([0, 1]))),
    build_error("ReverseSequence/seq_dim_rank", lambda: tf.reverse_sequence(
        tf.constant(np.zeros((2, 3), np.float32)), tf.constant([1, 1], tf.int64), seq_axis=2, batch_axis=0)),
    build_error("ReverseSequence/batch_dim_rank", lambda: tf.reverse_sequence(
        tf.constant(np.zeros((2, 3), np.float32)), tf.constant([1, 1], tf.int64), seq_axis=1, batch_axis=4)),
    build_error("ReverseSequence/lengths_count", lambda: tf.reverse_sequence(
        tf.constant(np.zeros((2, 3), np.float32)), tf.constant([1, 1, 1, 1], tf.int64), seq_axis=1, batch_axis=0)),
    build_error("ReverseSequence/lengths_rank", lambda: tf.reverse_sequence(
        tf.constant(np.zeros((2, 3), np.float32)), tf.constant([[1, 1]], tf.int64), seq_axis=1, batch_axis=0)),
    build_error("Unique/matrix", lambda: tf.unique(tf.constant(np.zeros((2, 2), np.float32)))),
]


# The other scatter ops, from their own generator so that the cases above keep their values.
scatter_rng = np.random.RandomState(2026)


def scatter_floats(*shape):
    return scatter_rng.uniform(0.5, 2.0, shape).astype(np.float32)


def scatter(function, locking=False):
    return lambda v, c: function(v["var"], c["indices"], c["updates"], use_locking=locking)


CASES += [
    run_case("ScatterUpdate/duplicates", "ScatterUpdate", [("var", scatter_floats(5, 3))],
             [("indices", np.int32([3, 0, 3])), ("updates", scatter_floats(3, 3))], scatter(tf.scatter_update, True),
             {"use_locking": True}),
    run_case("ScatterUpdate/int64_scalar_updates", "ScatterUpdate", [("var", scatter_floats(4, 2))],
             [("indices", np.int64([2, 1])), ("updates", np.float32(-1.5))], scatter(tf.scatter_update, True),
             {"use_locking": True}),
    run_case("ScatterAdd/duplicates", "ScatterAdd", [("var", scatter_floats(4, 2))],
             [("indices", np.int32([1, 3, 1])), ("updates", scatter_floats(3, 2))], scatter(tf.scatter_add),
             {"use_locking": False}),
    run_case("ScatterMul/matrix_indices", "ScatterMul", [("var", scatter_floats(4, 3))],
             [("indices", np.int64([[0, 2], [2, 3]])), ("updates", scatter_floats(2, 2, 3))], scatter(tf.scatter_mul),
             {"use_locking": False}),
    run_case("ScatterDiv/vector", "ScatterDiv", [("var", scatter_floats(5))],
             [("indices", np.int32([4, 0, 4])), ("updates", scatter_floats(3))], scatter(tf.scatter_div),
             {"use_locking": False}),
    run_case("ScatterAdd/out_of_range", "ScatterAdd", [("var", scatter_floats(3, 2))],
             [("indices", np.int32([0, 3])), ("updates", scatter_floats(2, 2))], scatter(tf.scatter_add),
             {"use_locking": False}, runs=1),
]


def initialized_value():
    graph = tf.Graph()
    with graph.as_default():
        v = tf.Variable(np.float32([1.5, -2.0, 3.25]), name="v")
        before = {op.name for op in graph.get_operations()}
        value = v.initialized_value()
        nodes = [[op.name, op.type] + [t.name for t in op.inputs] for op in graph.get_operations()
                 if op.name not in before]
        assign = tf.assign(v, np.float32([4.0, 5.5, -6.0]))
        with tf.Session() as s:
            uninitialized = record(s.run(value))
            s.run(v.initializer)
            initialized = record(s.run(value))
            s.run(assign)
            assigned = record(s.run(value))
    return {"variable": record(np.float32([1.5, -2.0, 3.25])), "assigned": record(np.float32([4.0, 5.5, -6.0])),
            "nodes": nodes, "output": value.name,
            "values": {"uninitialized": uninitialized, "initialized": initialized, "assigned": assigned}}


def main():
    meta = {"tensorflow_version": tf.__version__, "numpy_version": np.__version__,
            "generator": "Scripts/tf-verify/record_state_ops.py"}
    with open(OUT, "w") as f:
        f.write('{"meta": ' + json.dumps(meta) + ', "cases": [\n')
        f.write(",\n".join(json.dumps(c) for c in CASES))
        f.write('\n], "run_errors": [\n')
        f.write(",\n".join(json.dumps(c) for c in RUN_ERRORS))
        f.write('\n], "build_errors": [\n')
        f.write(",\n".join(json.dumps(c) for c in BUILD_ERRORS))
        f.write('\n], "initialized_value": ' + json.dumps(initialized_value()) + "}\n")
    print("wrote %d cases to %s" % (len(CASES), os.path.relpath(OUT)), file=sys.stderr)


if __name__ == "__main__":
    main()
