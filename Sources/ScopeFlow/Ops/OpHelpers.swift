/// Builds one op in the graph of its inputs (the default graph when it has none).
func makeOp(
    _ type: String, name: String?, defaultName: String, inputs: [Tensor], attrs: AttrMap,
    location: SourceLocation, infer: (String) throws -> [OutputSpec]
) throws -> Operation {
    try locatingErrors(at: location) { try Graph.forInputs(inputs) }.addOperation(
        type: type, name: name, defaultName: defaultName, inputs: inputs, attrs: attrs, location: location,
        infer: infer)
}

/// An int32 scalar `Const` for an index input (axis, dimension, split_dim …), named as TF names the op input.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `value` does not fit in int32.
func indexScalar(_ value: Int, name: String) throws -> Tensor {
    try constant(HostTensor(scalar: ShapeCheck.int32(value, "Index", of: name)), name: name)
}

/// An integer `Const` for an index input (perm, shape, begin, paddings …) of `shape` (a
/// vector by default), typed by ``indexTensor(_:)``. As in TF, an empty list is first
/// converted as float32 (a dead `Const` that takes `name`), then as int32 (`name_1`).
func indexVector(_ values: [Int], shape: [Int]? = nil, name: String) throws -> Tensor {
    if values.isEmpty { _ = try constant(HostTensor([Float]()), name: name) }
    return try constant(indexTensor(values), shape: shape, name: name)
}

/// `values` as an int32 tensor, or int64 when one does not fit in int32, as TF converts
/// a Python list of ints (`tf.zeros([2**40])` gets an int64 `shape_as_tensor`).
func indexTensor(_ values: [Int]) -> HostTensor {
    let narrow = values.compactMap { Int32(exactly: $0) }
    return narrow.count == values.count ? HostTensor(narrow) : HostTensor(values.map { Int64($0) })
}

/// `axis` made non-negative for a tensor of rank `rank`, nil when the rank is unknown.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` with TF's wording when out of range.
func normalizedAxis(_ axis: Int, rank: Int?, opName: String, rankDelta: Int = 0) throws -> Int? {
    guard let rank else { return nil }
    let r = rank + rankDelta
    guard axis >= -r, axis < r else {
        throw ScopeFlowError(
            .invalidArgument,
            "Expected axis in the range [\(-r), \(r)), but got \(axis) for '\(opName)'; pass an axis the input has.",
            names: [opName])
    }
    return axis < 0 ? axis + r : axis
}

/// The integers held by a folded constant tensor, or nil when not known at build time.
func staticInts(_ tensor: Tensor) -> [Int]? {
    guard let value = tensor.constantValue else { return nil }
    if let v = value.int32s { return v.map(Int.init) }
    return value.int64s?.map(Int.init)
}

/// Checks that `tensor` has a dtype from `allowed`, with TF's wording.
func requireDType(_ tensor: Tensor, in allowed: [DType], argument: String, opType: String) throws {
    guard allowed.contains(tensor.dtype) else {
        throw ScopeFlowError(
            .dtypeMismatch,
            "Value passed to parameter '\(argument)' has DataType \(tensor.dtype) not in list of allowed values: "
                + allowed.map(\.name).joined(separator: ", ") + " (op \(opType)). Cast it (cast(_:to:)) first.",
            names: [tensor.name])
    }
}
