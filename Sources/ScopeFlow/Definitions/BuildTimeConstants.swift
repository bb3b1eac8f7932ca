/// The one place where building a graph evaluates ops: shape functions read
/// ``Tensor/constantValue`` to learn the value of a small integer tensor (a shape,
/// an axis, slice bounds) as TF's shape inference evaluates constant shape tensors.
/// Only ops whose definition says ``OpDefinition/foldsAtBuildTime`` are evaluated,
/// through their own kernel, on at most 64 integers; no other code of the graph,
/// scope or op layers runs a kernel.
extension Tensor {
    /// The value of this tensor when it is known at build time (used by shape
    /// functions): a `Const`, a `Shape` of a fully known shape, a known dimension read off a
    /// `Shape` (`shape(x)[k]`), or a
    /// small integer computation (`Sub`, `Pack`, `Slice`, `ConcatV2` …) of such values,
    /// folded by running its CPU kernel as TF's shape inference evaluates constant shape tensors.
    var constantValue: HostTensor? {
        if op.type == "Const" { return op.attrs["value"]?.tensorValue }
        if let dimension = knownDimensionOfShape { return dimension }
        if op.type == "Shape", let dims = op.inputs.first?.shape.knownDims {
            // TF's shape inference reads a `Shape` of a fully known shape as that constant.
            return try? HostTensor(dims.map(Int64.init)).converted(to: dtype)
        }
        guard let definition = OpRegistry[op.type], definition.foldsAtBuildTime, dtype.isInteger,
            (shape.elementCount ?? .max) <= 64
        else {
            return nil
        }
        var values: [HostTensor] = []
        for input in op.inputs {
            guard let value = input.constantValue else { return nil }
            values.append(value)
        }
        let context = KernelContext(opType: op.type, opName: op.name, attrs: op.attrs)
        return try? definition.kernel?.factory(context)(values)[index]
    }

    /// One known dimension of a tensor of partly known shape, picked from its `Shape` op by a
    /// `StridedSlice` (`shape(x)[k]`), as TF's shape inference reads it off the static shape.
    private var knownDimensionOfShape: HostTensor? {
        guard op.type == "StridedSlice", op.inputs.count == 4, op.inputs[0].op.type == "Shape",
            op.attrs["shrink_axis_mask"]?.intValue == 1, op.attrs["ellipsis_mask"]?.intValue ?? 0 == 0,
            op.attrs["new_axis_mask"]?.intValue ?? 0 == 0, op.attrs["begin_mask"]?.intValue ?? 0 == 0,
            let dims = op.inputs[0].op.inputs.first?.shape.dims, let begin = staticInts(op.inputs[1]),
            begin.count == 1, staticInts(op.inputs[3]) == [1]
        else { return nil }
        let k = begin[0] < 0 ? begin[0] + dims.count : begin[0]
        guard dims.indices.contains(k), let dimension = dims[k] else { return nil }
        return try? HostTensor(scalar: Int64(dimension)).converted(to: dtype)
    }
}
