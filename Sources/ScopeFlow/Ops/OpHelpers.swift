/// Builds one op in the graph of its inputs (the default graph when it has none).
func makeOp(
    _ type: String, name: String?, defaultName: String, inputs: [Tensor], attrs: AttrMap,
    location: SourceLocation, infer: (String) throws -> [OutputSpec]
) throws -> Operation {
    try Graph.forInputs(inputs).addOperation(
        type: type, name: name, defaultName: defaultName, inputs: inputs, attrs: attrs, location: location,
        infer: infer)
}

/// An int32 scalar `Const` for an index input (axis, dimension, split_dim …), named as TF names the op input.
func indexScalar(_ value: Int, name: String) throws -> Tensor {
    try constant(HostTensor(scalar: Int32(value)), name: name)
}

/// An int32 vector `Const` for an index input (perm, shape, begin …). As in TF, an
/// empty list is first converted as float32 (a dead `Const` that takes `name`),
/// then as int32 (`name_1`).
func indexVector(_ values: [Int], name: String) throws -> Tensor {
    if values.isEmpty { _ = try constant(HostTensor([Float]()), name: name) }
    return try constant(HostTensor(values.map { Int32($0) }), name: name)
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
