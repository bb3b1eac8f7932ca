"""What the graph-recording scripts write for each op of a TF graph: its name, type, inputs as
NodeDef spells them (`name`, `name:k`, `^control`), static output shapes, and an Enter's frame
attributes. Shared by record_while_graphs.py and record_tensor_array_graphs.py."""


def shape(tensor):
    """The static shape as a list (None for unknown dimensions), or None for an unknown rank."""
    return None if tensor.shape.dims is None else tensor.shape.as_list()


def node(op):
    record = {
        "name": op.name,
        "op": op.type,
        "inputs": [t.name if t.value_index else t.op.name for t in op.inputs] + ["^" + c.name for c in op.control_inputs],
        "shapes": [shape(t) for t in op.outputs],
    }
    if op.type in ("Enter", "RefEnter"):
        record["frame_name"] = op.get_attr("frame_name").decode()
        record["is_constant"] = op.get_attr("is_constant")
        record["parallel_iterations"] = op.get_attr("parallel_iterations")
    return record
