/// TF's shape functions of the `TensorArray` V3 ops (`data_flow_ops.cc`): a handle is a resource
/// vector of 2, a flow a float scalar; what a read or gather yields comes from the handle's data
/// (``tensorArrayHandleElementShape(_:)``).

extension ShapeFunction {
    /// `TensorArrayV3(size)`: the handle and the flow.
    static let tensorArray = ShapeFunction(inputTypes: [:]) { op in
        let size = try op.input(0)
        try requireDType(size, in: [.int32], argument: "size", opType: op.opType)
        try requireRank(size, 0, opName: op.opName)
        return handleAndFlow
    }

    /// `TensorArrayGradV3(handle, flow_in)`: the gradient array's handle and flow.
    static let tensorArrayGrad = ShapeFunction(inputTypes: [:]) { op in
        try op.requireInputs(2)
        try requireHandle(op)
        return handleAndFlow
    }

    /// `TensorArrayWriteV3(handle, index, value, flow_in)`: the new flow; the value must fit the
    /// element shape of the handle's data.
    static let tensorArrayWrite = ShapeFunction(inputTypes: ["T": 2]) { op in
        try op.requireInputs(4)
        try requireHandle(op)
        try requireScalar(op, 1, "index", dtypes: [.int32])
        try requireScalar(op, 3, "flow_in", dtypes: [.float32])
        if let elementShape = tensorArrayHandleElementShape(op.inputs[0]) {
            try requireMergeable(elementShape, op.inputs[2].shape, op)
        }
        return [flowSpec]
    }

    /// `TensorArrayReadV3(handle, index, flow_in)`: the element shape of the handle's data, else unknown.
    static let tensorArrayRead = ShapeFunction(inputTypes: [:]) { op in
        try op.requireInputs(3)
        try requireHandle(op)
        try requireScalar(op, 1, "index", dtypes: [.int32])
        try requireScalar(op, 2, "flow_in", dtypes: [.float32])
        let shape = tensorArrayHandleElementShape(op.inputs[0]) ?? .unknown
        return [OutputSpec(dtype: try op.type("dtype"), shape: shape)]
    }

    /// `TensorArrayGatherV3(handle, indices, flow_in)`: the indices' shape then the element shape
    /// (the handle's data, else the `element_shape` attribute).
    static let tensorArrayGather = ShapeFunction(inputTypes: [:]) { op in
        try op.requireInputs(3)
        try requireHandle(op)
        try requireDType(op.inputs[1], in: [.int32], argument: "indices", opType: op.opType)
        try requireRank(op.inputs[1], 1, opName: op.opName)
        try requireScalar(op, 2, "flow_in", dtypes: [.float32])
        let element =
            tensorArrayHandleElementShape(op.inputs[0]) ?? op.attrs["element_shape"]?.shapeValue ?? .unknown
        return [OutputSpec(dtype: try op.type("dtype"), shape: op.inputs[1].shape.concatenating(element))]
    }

    /// `TensorArrayScatterV3(handle, indices, value, flow_in)`: the new flow.
    static let tensorArrayScatter = ShapeFunction(inputTypes: ["T": 2]) { op in
        try op.requireInputs(4)
        try requireHandle(op)
        try requireDType(op.inputs[1], in: [.int32], argument: "indices", opType: op.opType)
        try requireRank(op.inputs[1], 1, opName: op.opName)
        try requireRankAtLeast(op.inputs[2], 1, op)
        try requireScalar(op, 3, "flow_in", dtypes: [.float32])
        return [flowSpec]
    }

    /// `TensorArrayConcatV3(handle, flow_in)`: an unknown first dimension then
    /// `element_shape_except0`, and the int64 lengths.
    static let tensorArrayConcat = ShapeFunction(inputTypes: [:]) { op in
        try op.requireInputs(2)
        try requireHandle(op)
        try requireScalar(op, 1, "flow_in", dtypes: [.float32])
        let rest = op.attrs["element_shape_except0"]?.shapeValue ?? .unknown
        return [
            OutputSpec(dtype: try op.type("dtype"), shape: Shape([nil]).concatenating(rest)),
            OutputSpec(dtype: .int64, shape: Shape([nil])),
        ]
    }

    /// `TensorArraySplitV3(handle, value, lengths, flow_in)`: the new flow.
    static let tensorArraySplit = ShapeFunction(inputTypes: ["T": 1]) { op in
        try op.requireInputs(4)
        try requireHandle(op)
        try requireRankAtLeast(op.inputs[1], 1, op)
        try requireDType(op.inputs[2], in: [.int64], argument: "lengths", opType: op.opType)
        try requireRank(op.inputs[2], 1, opName: op.opName)
        try requireScalar(op, 3, "flow_in", dtypes: [.float32])
        return [flowSpec]
    }

    /// `TensorArraySizeV3(handle, flow_in)`: an int32 scalar.
    static let tensorArraySize = ShapeFunction(inputTypes: [:]) { op in
        try op.requireInputs(2)
        try requireHandle(op)
        try requireScalar(op, 1, "flow_in", dtypes: [.float32])
        return [OutputSpec(dtype: .int32, shape: .scalar)]
    }

    /// `TensorArrayCloseV3(handle)`: no outputs.
    static let tensorArrayClose = ShapeFunction(inputTypes: [:]) { op in
        try op.requireInputs(1)
        try requireHandle(op)
        return []
    }

    private static let flowSpec = OutputSpec(dtype: .float32, shape: .scalar)
    private static let handleAndFlow = [OutputSpec(dtype: .resource, shape: Shape([2])), flowSpec]
}

/// What TF's shape inference knows of the elements of the `TensorArray` behind `handle` (its
/// handle data): the `element_shape` of the `TensorArrayV3` that made it when that op has
/// `identical_element_shapes` or a fully defined `element_shape`, passed on by `TensorArrayGradV3`,
/// `Identity`, `Enter`, `Switch` and `Exit`; nil when TF knows nothing.
func tensorArrayHandleElementShape(_ handle: Tensor) -> Shape? {
    var tensor = handle
    while true {
        let op = tensor.op
        switch op.type {
        case "TensorArrayV3":
            let shape = op.attrs["element_shape"]?.shapeValue ?? .unknown
            let identical = op.attrs["identical_element_shapes"]?.boolValue ?? false
            return identical || shape.isFullyDefined ? shape : nil
        case "TensorArrayGradV3", "Identity", "Enter", "RefEnter", "Switch", "RefSwitch", "Exit", "RefExit":
            guard let input = op.inputs.first else { return nil }
            tensor = input
        default:
            return nil
        }
    }
}

extension Shape {
    /// This shape followed by `other`'s dimensions (TF's `Concatenate`); unknown when either is.
    func concatenating(_ other: Shape) -> Shape {
        guard let a = dims, let b = other.dims else { return .unknown }
        return Shape(a + b)
    }
}

/// Checks that input 0 is a `TensorArray` handle: a resource vector of 2.
private func requireHandle(_ op: ShapeInference) throws {
    let handle = op.inputs[0]
    guard handle.dtype == .resource else {
        throw ScopeFlowError(
            .dtypeMismatch,
            "Input 'handle' of '\(op.opType)' Op has type \(handle.dtype) that does not match expected type of "
                + "resource; pass a TensorArray's handle.",
            names: [handle.name])
    }
    try requireRank(handle, 1, opName: op.opName)
    if let size = handle.shape.dims?[0], size != 2 {
        throw ScopeFlowError(
            .shapeMismatch,
            "Dimension must be 2 but is \(size) for '\(op.opName)' (input \(handle.name) has shape "
                + "\(handle.shape.bracketed)).",
            names: [handle.name])
    }
}

/// Checks input `index` (`argument`) is a scalar of one of `dtypes`.
private func requireScalar(_ op: ShapeInference, _ index: Int, _ argument: String, dtypes: [DType]) throws {
    try requireDType(op.inputs[index], in: dtypes, argument: argument, opType: op.opType)
    try requireRank(op.inputs[index], 0, opName: op.opName)
}

/// Checks `tensor` has rank `rank` or more when its rank is known.
private func requireRankAtLeast(_ tensor: Tensor, _ rank: Int, _ op: ShapeInference) throws {
    if let actual = tensor.shape.rank, actual < rank {
        throw ScopeFlowError(
            .shapeMismatch,
            "Shape must be at least rank \(rank) but is rank \(actual) for '\(op.opName)' (input \(tensor.name) has "
                + "shape \(tensor.shape.bracketed)).",
            names: [tensor.name])
    }
}

/// Checks a written value's shape fits the array's element shape, with TF's `Merge` wording.
private func requireMergeable(_ element: Shape, _ value: Shape, _ op: ShapeInference) throws {
    guard element.merged(with: value) == nil else { return }
    let a = element.dims ?? []
    let b = value.dims ?? []
    guard a.count == b.count else {
        throw ScopeFlowError(
            .shapeMismatch,
            "Shapes must be equal rank, but are \(a.count) and \(b.count) for '\(op.opName)' (the TensorArray's "
                + "element shape \(element.bracketed), the value's \(value.bracketed)).",
            names: [op.opName])
    }
    let dimension = zip(a, b).enumerated().first { _, pair in pair.0 != nil && pair.1 != nil && pair.0 != pair.1 }
    let index = dimension?.offset ?? 0
    throw ScopeFlowError(
        .shapeMismatch,
        "Dimension \(index) in both shapes must be equal, but are \(a[index] ?? -1) and \(b[index] ?? -1). "
            + "Shapes are \(element.bracketed) and \(value.bracketed). for '\(op.opName)' (\(op.opType)); write a "
            + "value of the TensorArray's element shape.",
        names: [op.opName])
}
