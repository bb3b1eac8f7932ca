#!/usr/bin/env python3
"""Writes Fuzz/Seeds/<target>/ from the TF-written fixtures under Tests/ScopeFlowTests/Resources.

The seeds are committed; rerun this only to change them. Each seed is small (a few KB at most) so
that libFuzzer's default input length stays short and executions stay fast.
"""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, "..", "Tests", "ScopeFlowTests", "Resources")
FIXTURES = os.path.join(RESOURCES, "fixtures")
SEEDS = os.path.join(HERE, "Seeds")


def read(*parts):
    with open(os.path.join(FIXTURES, *parts), "rb") as f:
        return f.read()


def write(target, name, data):
    folder = os.path.join(SEEDS, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


# --- protobuf wire format -------------------------------------------------------------------

def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def read_varint(data, i):
    value, shift = 0, 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def fields(data):
    """(field number, wire type, raw field bytes including the key, payload) for each field."""
    i = 0
    while i < len(data):
        start = i
        key, i = read_varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, i = read_varint(data, i)
            payload = None
        elif wire == 1:
            i += 8
            payload = None
        elif wire == 5:
            i += 4
            payload = None
        elif wire == 2:
            length, i = read_varint(data, i)
            payload = data[i:i + length]
            i += length
        else:
            raise ValueError("wire type %d" % wire)
        yield number, wire, data[start:i], payload


def length_field(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


# --- TFRecord framing -----------------------------------------------------------------------

def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def masked_crc(data):
    crc = crc32c(data)
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def records(data):
    i = 0
    while i < len(data):
        (length,) = struct.unpack_from("<Q", data, i)
        yield data[i + 12:i + 12 + length]
        i += 12 + length + 4


def record(payload):
    header = struct.pack("<Q", len(payload))
    return header + struct.pack("<I", masked_crc(header)) + payload + struct.pack("<I", masked_crc(payload))


# --- GraphDef subsets -----------------------------------------------------------------------

def node_name_and_inputs(node):
    name, inputs = None, []
    for number, _, _, payload in fields(node):
        if number == 1:
            name = payload.decode()
        elif number == 3:
            inputs.append(payload.decode().lstrip("^").split(":")[0])
    return name, inputs


def graph_subset(graph, limit, skip=0):
    """A GraphDef of up to `limit` nodes (after the first `skip`) whose inputs are all kept."""
    kept, names, others = [], set(), []
    for number, _, raw, payload in fields(graph):
        if number != 1:
            others.append(raw)
            continue
        name, inputs = node_name_and_inputs(payload)
        if skip:
            skip -= 1
            continue
        if len(kept) < limit and all(i in names for i in inputs):
            kept.append(raw)
            names.add(name)
    return b"".join(kept + others)


def event_graph(payload):
    for number, _, _, value in fields(payload):
        if number == 4:
            return value
    return None


def with_graph(payload, graph):
    return b"".join(length_field(4, graph) if number == 4 else raw for number, _, raw, _ in fields(payload))


# --- seeds ----------------------------------------------------------------------------------

def checkpoint_seeds():
    for name, prefix in [("basic", "ckpt_basic/model.ckpt"), ("adam", "ckpt_adam/model.ckpt-3")]:
        index, data = read(prefix + ".index"), read(prefix + ".data-00000-of-00001")
        write("fuzz-checkpoint", name, struct.pack("<H", len(index)) + index + data)


def checkpoint_state_seeds():
    write("fuzz-checkpoint-state", "basic", read("ckpt_basic", "checkpoint"))
    write("fuzz-checkpoint-state", "adam", read("ckpt_adam", "checkpoint"))
    write("fuzz-checkpoint-state", "escapes",
          "# written by hand\nmodel_checkpoint_path: 'model\\x2eckpt'\n"
          "all_model_checkpoint_paths: \"\\155odel.ckpt\"\nall_model_checkpoint_paths: \"a\\\"b\\\\c\\n\"\n")


def event_and_graph_seeds():
    events = list(records(read("events_graph", "events.out.tfevents.1795319549.vm")))
    graph = next(g for g in map(event_graph, events) if g is not None)
    small = [graph_subset(graph, 12), graph_subset(graph, 24, skip=40)]
    for number, subset in enumerate(small):
        write("fuzz-graphdef", "graph%d.pb" % number, subset)
    # The graph event carries the small graph; the 22 KB meta_graph_def event (field 9) is left out.
    kept = [e for e in events if 9 not in [number for number, _, _, _ in fields(e)]]
    rebuilt = [with_graph(e, small[0]) if event_graph(e) is not None else e for e in kept]
    write("fuzz-events", "graph", b"".join(record(e) for e in rebuilt))
    write("fuzz-events", "tensor", read("events_tensor", "events.out.tfevents.1795319552.vm.6793.0.v2"))


def conformance_seeds():
    with open(os.path.join(RESOURCES, "cases.json")) as f:
        cases = json.load(f)
    kinds = ["name_scope", "variable_scope", "get_variable", "variable", "op", "binary", "reuse_variables",
             "current_variable_scope", "current_name_scope", "collection", "run", "in_graph"]
    chosen = {}
    for kind in kinds:
        having = [c for c in cases if any(kind in step for step in c["program"])]
        for case in sorted(having, key=lambda c: len(json.dumps(c)))[:2]:
            chosen[case["id"]] = case
    for case_id, case in chosen.items():
        text = json.dumps([case], separators=(",", ":"))
        write("fuzz-conformance", case_id, text)
        write("fuzz-json", case_id, text)
    write("fuzz-json", "scalars", '[1, -0.5e-3, 1E+2, true, false, null, "\\u00e9\\n\\"\\\\\\ud83d\\ude00", {}]')


def numpy_seeds():
    folder = os.path.join(RESOURCES, "numpy")
    for name in sorted(os.listdir(folder)):
        if name.endswith((".npy", ".npz")) and os.path.getsize(os.path.join(folder, name)) <= 4096:
            with open(os.path.join(folder, name), "rb") as f:
                write("fuzz-numpy", name, f.read())


def metagraph_and_trace_seeds():
    with open(os.path.join(RESOURCES, "saved_model", "tf_dense", "saved_model.pb"), "rb") as f:
        saved_model = f.read()
    # SavedModel field 2 holds the MetaGraphDef: the TF-written MetaGraph of a dense layer (7 KB).
    for number, _, _, payload in fields(saved_model):
        if number == 2:
            write("fuzz-metagraph", "tf_dense.meta", payload)
    write("fuzz-trace", "minimal", json.dumps({
        "model": "m", "feeds_per_step": [{"x:0": {"dtype": "int32", "shape": [2, 1], "values": [3, 4]}}],
        "run_targets": ["train"], "fetches": ["loss:0"],
        "steps": [{"loss:0": {"dtype": "float32", "shape": [2], "values": [1.5, -2.0]}}],
        "eval": [{"feeds": {}, "fetches": ["b:0"], "values": {"b:0": {"dtype": "bool", "shape": [], "values": [True]}}}],
        "init_ckpt": "init.ckpt", "final_ckpt": "final.ckpt", "variables": ["w"],
        "tolerance": {"rtol": 0.0001, "atol": 1e-05},
        "schedule_dependent_variables": {"w": {"rtol": 0.05, "atol": 0.001}}}, separators=(",", ":")))


checkpoint_seeds()
checkpoint_state_seeds()
numpy_seeds()
metagraph_and_trace_seeds()
event_and_graph_seeds()
conformance_seeds()
