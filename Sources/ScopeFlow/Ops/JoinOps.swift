/// `values` joined along `axis` (TF's `tf.concat`, op `ConcatV2` named `concat`, axis `Const` `concat/axis`).
/// A single value is returned through an `Identity`: inside the scope `concat`, the axis
/// `Const` `concat/concat_dim` and the `Identity` `concat/concat`, as TF builds it.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when the other dimensions differ.
public func concat(
    _ values: [any TensorConvertible], axis: Int, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let tensors = values.map(\.tensor)
    let location = SourceLocation(fileID: file, line: line)
    guard tensors.count > 1 else {
        guard let only = tensors.first else {
            throw ScopeFlowError(.invalidArgument, "concat needs at least one tensor.")
        }
        let opName = name ?? "concat"
        return try nameScope(opName) { _ in
            _ = try indexScalar(axis, name: "concat_dim")
            return try unaryOp("Identity", only, name: opName, location: location)
        }
    }
    return try nameScope(name, defaultName: "concat", values: tensors) { scope in
        try concatOp(tensors, axis: indexScalar(axis, name: "axis"), name: scope, location: location)
    }
}

/// The `ConcatV2` op for an axis given as a tensor, with its shape function.
func concatOp(_ tensors: [Tensor], axis: Tensor, name: String, location: SourceLocation) throws -> Tensor {
    try makeOp(
        "ConcatV2", name: name, defaultName: "concat", inputs: tensors + [axis],
        attrs: ["N": .int(tensors.count), "T": .type(tensors[0].dtype), "Tidx": .type(axis.dtype)], location: location,
        shape: .concat
    ).output(0)
}

extension ShapeFunction {
    /// `ConcatV2(values…, axis)`: the values' common shape with the sizes along the axis (its
    /// build-time value) added; the other dimensions must agree.
    static let concat = ShapeFunction(inputTypes: ["T": 0, "Tidx": -1]) { op in
        _ = try op.input(1)
        let tensors = Array(op.inputs.dropLast())
        let axis = op.inputs[op.inputs.count - 1]
        let opName = op.opName
        let dtype = try requireSameDType(
            tensors, argumentNames: tensors.indices.map { "values[\($0)]" }, opType: op.opType)
        guard let rank = tensors.lazy.compactMap(\.shape.rank).first, let axisValue = staticInts(axis)?.first,
            let a = try normalizedAxis(axisValue, rank: rank, opName: opName)
        else { return [OutputSpec(dtype: dtype, shape: .unknown)] }
        var out = [Int?](repeating: nil, count: rank)
        var total: Int? = 0
        for (k, t) in tensors.enumerated() {
            let dims = t.shape.dims ?? [Int?](repeating: nil, count: rank)
            guard dims.count == rank else {
                throw ScopeFlowError(
                    .shapeMismatch,
                    "Shape must be rank \(rank) but is rank \(dims.count) for '{{node \(opName)}} = ConcatV2' "
                        + "(input \(k) has shape \(t.shape.bracketed)); give every value the same rank.",
                    names: [opName])
            }
            for i in 0..<rank where i != a {
                if let d = dims[i], let o = out[i], d != o {
                    throw ScopeFlowError(
                        .shapeMismatch,
                        "Dimension \(i) in both shapes must be equal, but are \(o) and \(d). Shapes are "
                            + "\(tensors[0].shape.bracketed) and \(t.shape.bracketed). for '{{node \(opName)}} = ConcatV2'; "
                            + "only the concat axis may differ.",
                        names: [opName])
                }
                out[i] = out[i] ?? dims[i]
            }
            total = total.flatMap { s in dims[a].map { s + $0 } }
        }
        out[a] = total
        return [OutputSpec(dtype: dtype, shape: Shape(out))]
    }

    /// `Split(split_dim, value)`: `num_split` equal pieces along the axis (its build-time value),
    /// whose size must divide evenly.
    static let split = ShapeFunction(inputTypes: ["T": 1]) { op in
        try op.requireInputs(2)
        let (axis, input) = (op.inputs[0], op.inputs[1])
        let opName = op.opName
        let numSplits = op.attrs["num_split"]?.intValue ?? 0
        guard var dims = input.shape.dims, let axisValue = staticInts(axis)?.first,
            let a = try normalizedAxis(axisValue, rank: dims.count, opName: opName)
        else {
            return Array(repeating: OutputSpec(dtype: input.dtype, shape: .unknown), count: numSplits)
        }
        if let d = dims[a], numSplits > 0 {
            guard d % numSplits == 0 else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "Dimension size must be evenly divisible by \(numSplits) but is \(d) for '{{node \(opName)}} = "
                        + "Split[num_split=\(numSplits)]'; use split(_:sizes:axis:) for uneven pieces.",
                    names: [opName])
            }
            dims[a] = d / numSplits
        }
        return Array(repeating: OutputSpec(dtype: input.dtype, shape: Shape(dims)), count: numSplits)
    }

    /// `SplitV(value, size_splits, split_dim)`: one piece per size along the axis (both their
    /// build-time values); one size may be -1, the others must add up to the dimension.
    static let splitV = ShapeFunction(inputTypes: ["T": 0, "Tlen": 1]) { op in
        try op.requireInputs(3)
        let input = op.inputs[0]
        let opName = op.opName
        let count = op.attrs["num_split"]?.intValue ?? 0
        guard let dims = input.shape.dims, let axis = staticInts(op.inputs[2])?.first,
            let a = try normalizedAxis(axis, rank: dims.count, opName: opName)
        else {
            return Array(repeating: OutputSpec(dtype: input.dtype, shape: .unknown), count: count)
        }
        guard let sizes = staticInts(op.inputs[1]) else {
            var out = dims
            out[a] = nil
            return Array(repeating: OutputSpec(dtype: input.dtype, shape: Shape(out)), count: count)
        }
        var pieces: [Int?] = sizes.map { $0 < 0 ? nil : $0 }
        let known = sizes.filter { $0 >= 0 }.reduce(0, +)
        if let d = dims[a] {
            if let inferred = sizes.firstIndex(of: -1), known <= d {
                pieces[inferred] = d - known
            } else if !sizes.contains(-1), known != d {
                throw ScopeFlowError(
                    .invalidArgument,
                    "Determined shape must either match input shape along split_dim exactly if fully "
                        + "specified, or be less than the size of the input along split_dim if not fully "
                        + "specified. Got: \(known) for '\(opName)' (SplitV) with dimension \(d).",
                    names: [opName])
            }
        }
        return pieces.map { p in
            var out = dims
            out[a] = p
            return OutputSpec(dtype: input.dtype, shape: Shape(out))
        }
    }

    /// `Pack(values…)`: the values' common shape with a dimension of their count inserted at `axis`.
    static let pack = ShapeFunction { op in
        let tensors = op.inputs
        let opName = op.opName
        _ = try op.input(0)
        let axis = op.attrs["axis"]?.intValue ?? 0
        let dtype = try requireSameDType(
            tensors, argumentNames: tensors.indices.map { "values[\($0)]" }, opType: op.opType)
        var shape = Shape.unknown
        for t in tensors {
            guard let merged = shape.merged(with: t.shape) else {
                throw ScopeFlowError(
                    .shapeMismatch,
                    "Shapes of all inputs must match: values[0].shape = \(tensors[0].shape.bracketed) != "
                        + "\(t.shape.bracketed) for '\(opName)' (Pack).",
                    names: [opName])
            }
            shape = merged
        }
        guard var dims = shape.dims, let a = try normalizedAxis(axis, rank: dims.count, opName: opName, rankDelta: 1)
        else {
            return [OutputSpec(dtype: dtype, shape: .unknown)]
        }
        dims.insert(tensors.count, at: a)
        return [OutputSpec(dtype: dtype, shape: Shape(dims))]
    }

    /// `Unpack(value)`: `num` pieces of the value's shape without the dimension `axis`.
    static let unpack = ShapeFunction { op in
        let input = try op.input(0)
        let count = op.attrs["num"]?.intValue ?? 0
        let axis = op.attrs["axis"]?.intValue ?? 0
        guard var out = input.shape.dims, let a = try normalizedAxis(axis, rank: out.count, opName: op.opName) else {
            return Array(repeating: OutputSpec(dtype: input.dtype, shape: .unknown), count: count)
        }
        out.remove(at: a)
        return Array(repeating: OutputSpec(dtype: input.dtype, shape: Shape(out)), count: count)
    }
}

/// `x` cut into `numSplits` equal pieces along `axis` (TF's `tf.split(x, n)`, op `Split`
/// named `split`, axis `Const` `split/split_dim`).
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when the dimension is not divisible.
public func split(
    _ x: any TensorConvertible, numSplits: Int, axis: Int = 0, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> [Tensor] {
    let input = x.tensor
    return try nameScope(name, defaultName: "split", values: [input]) { scope in
        try splitOp(
            input, numSplits: numSplits, axis: indexScalar(axis, name: "split_dim"), name: scope,
            location: SourceLocation(fileID: file, line: line))
    }
}

/// `x` cut into `numSplits` equal pieces along the int32 scalar tensor `axis` (TF's
/// `tf.split(x, n, axis=t)`, op `Split` named `split` taking `axis` as it is).
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when the dimension is not divisible.
public func split(
    _ x: any TensorConvertible, numSplits: Int, axis: Tensor, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> [Tensor] {
    let input = x.tensor
    return try nameScope(name, defaultName: "split", values: [input, axis]) { scope in
        try splitOp(
            input, numSplits: numSplits, axis: axis, name: scope, location: SourceLocation(fileID: file, line: line))
    }
}

/// The `Split` op cutting `input` along `axis`, with its shape function.
private func splitOp(
    _ input: Tensor, numSplits: Int, axis: Tensor, name: String, location: SourceLocation
) throws -> [Tensor] {
    try requireDType(axis, in: [.int32], argument: "split_dim", opType: "Split")
    guard numSplits > 0 else {
        throw ScopeFlowError(.invalidArgument, "split needs numSplits ≥ 1, not \(numSplits).", names: [input.name])
    }
    let op = try makeOp(
        "Split", name: name, defaultName: "split", inputs: [axis, input],
        attrs: ["T": .type(input.dtype), "num_split": .int(numSplits)], location: location, shape: .split
    )
    return (0..<numSplits).map { op.output($0) }
}

/// `x` cut into pieces of `sizes` along `axis`; one size may be -1 (TF's `tf.split(x, [..])`,
/// op `SplitV` named `split`; the sizes are a `Const` made before the op's scope).
public func split(
    _ x: any TensorConvertible, sizes: [Int], axis: Int = 0, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> [Tensor] {
    let input = x.tensor
    return try input.graph.asDefault {
        let sizeTensor = try constant(HostTensor(sizes.map { Int32($0) }))
        return try nameScope(name, defaultName: "split", values: [input]) { scope in
            let dim = try indexScalar(axis, name: "split_dim")
            let op = try makeOp(
                "SplitV", name: scope, defaultName: "split", inputs: [input, sizeTensor, dim],
                attrs: ["T": .type(input.dtype), "Tlen": .type(.int32), "num_split": .int(sizes.count)],
                location: SourceLocation(fileID: file, line: line), shape: .splitV
            )
            return sizes.indices.map { op.output($0) }
        }
    }
}

/// `values` of one shape stacked along a new `axis` (TF's `tf.stack`, op `Pack` named `stack`).
public func stack(
    _ values: [any TensorConvertible], axis: Int = 0, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let tensors = values.map(\.tensor)
    guard !tensors.isEmpty else { throw ScopeFlowError(.invalidArgument, "stack needs at least one tensor.") }
    return try makeOp(
        "Pack", name: name, defaultName: "stack", inputs: tensors,
        attrs: ["N": .int(tensors.count), "T": .type(tensors[0].dtype), "axis": .int(axis)],
        location: SourceLocation(fileID: file, line: line), shape: .pack
    ).output(0)
}

/// The slices of `x` along `axis` (TF's `tf.unstack`, op `Unpack` named `unstack`).
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when the dimension is unknown and `num` is not given.
public func unstack(
    _ x: any TensorConvertible, num: Int? = nil, axis: Int = 0, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> [Tensor] {
    let input = x.tensor
    let dims = input.shape.dims
    let a = try dims.flatMap { try normalizedAxis(axis, rank: $0.count, opName: name ?? "unstack") }
    guard let count = num ?? a.flatMap({ dims?[$0] }) else {
        throw ScopeFlowError(.invalidArgument, "Cannot infer argument `num` from shape \(input.shape); pass num.")
    }
    let op = try makeOp(
        "Unpack", name: name, defaultName: "unstack", inputs: [input],
        attrs: ["T": .type(input.dtype), "axis": .int(axis), "num": .int(count)],
        location: SourceLocation(fileID: file, line: line), shape: .unpack
    )
    return (0..<count).map { op.output($0) }
}
