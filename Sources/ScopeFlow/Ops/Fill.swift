extension Tensor {
    /// The static shape described by this tensor when it is a constant 1-D int tensor;
    /// with `allowUnknown`, a `-1` entry is a dimension not known yet (TF's
    /// `shape_tensor` inference). The output of a `Shape` op describes its input's static shape,
    /// and a vector of known length as many unknown dimensions, as TF's shape inference reads them.
    ///
    /// - Parameter opName: the op whose shape input this is, for errors.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` for another negative entry or an
    ///   element count above `2^63 - 1`.
    func constantShape(for opName: String, allowUnknown: Bool = true) throws -> Shape {
        guard let dims = staticInts(self) else {
            if op.type == "Shape", let input = op.inputs.first { return input.shape }
            guard shape.rank == 1, let count = shape.dims?[0] else { return .unknown }
            return Shape([Int?](repeating: nil, count: count))
        }
        _ = try ShapeCheck.elementCount(dims, of: opName, allowUnknown: allowUnknown)
        return Shape(dims.map { $0 == -1 ? nil : $0 })
    }
}

/// A tensor of shape `dims` with every element `value` (TF's `tf.fill`, op `Fill`).
public func fill(
    dims: any TensorConvertible, value: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let inputs = [dims.tensor, value.tensor]
    let graph = try Graph.forInputs(inputs)
    let op = try graph.addOperation(
        type: "Fill", name: name, defaultName: "Fill", inputs: inputs,
        attrs: ["T": .type(inputs[1].dtype), "index_type": .type(inputs[0].dtype)],
        location: SourceLocation(fileID: file, line: line), shape: .fill)
    return op.output(0)
}

extension ShapeFunction {
    /// `Fill(dims, value)`: the scalar value's dtype, the shape the dims hold at build time.
    static let fill = ShapeFunction(inputTypes: ["T": 1, "index_type": 0]) { op in
        try op.requireInputs(2)
        let (dims, value) = (op.inputs[0], op.inputs[1])
        try requireRank(value, 0, opName: op.opName)
        return [OutputSpec(dtype: value.dtype, shape: try dims.constantShape(for: op.opName, allowUnknown: false))]
    }
}

/// A tensor of shape `dims` filled with `value` (TF's `tf.fill([2, 3], value)`: the dims are a `Const` named `Fill/dims`).
public func fill(
    _ dims: [Int], value: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let v = value.tensor
    return try nameScope(name, defaultName: "Fill", values: [v]) { scope in
        try fill(dims: indexVector(dims, name: "dims"), value: v, name: scope, file: file, line: line)
    }
}

/// A tensor of `shape` filled with 0 (TF's `tf.zeros`): a `Const` named `zeros` below
/// 1000 elements, else a `Fill`, as TF builds it.
public func zeros(
    shape: [Int], dtype: DType = .float32, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try nameScope(name, defaultName: "zeros") { scope in
        try filled(shape, with: 0, dtype: dtype, scope: scope, file: file, line: line)
    }
}

/// A tensor of the shape held by the int tensor `dims` filled with 0 (TF's `tf.zeros(shape)`
/// for a shape tensor): a `Fill` named `zeros` of `dims` (a scalar first reshaped to a vector)
/// and the value `zeros/Const`.
public func zeros(
    dims: Tensor, dtype: DType = .float32, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try nameScope(name, defaultName: "zeros", values: [dims]) { scope in
        let shape = dims.shape.rank == 0 ? try reshape(dims, shape: [-1]) : dims
        let zero = try constant(HostTensor(scalar: 0.0).converted(to: dtype))
        return try fill(dims: shape, value: zero, name: scope, file: file, line: line)
    }
}

/// A tensor of `shape` filled with 1 (TF's `tf.ones`): a `Const` named `ones` below
/// 1000 elements, else a `Fill`, as TF builds it.
public func ones(
    shape: [Int], dtype: DType = .float32, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try nameScope(name, defaultName: "ones") { scope in
        try filled(shape, with: 1, dtype: dtype, scope: scope, file: file, line: line)
    }
}

/// Zeros of the shape and dtype of `x` (TF's `tf.zeros_like`): a `Const` named
/// `zeros_like` when the shape is known, else a `ZerosLike` op.
public func zerosLike(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try nameScope(name, defaultName: "zeros_like", values: [input]) { scope in
        if let dims = input.shape.knownDims {
            return try filled(dims, with: 0, dtype: input.dtype, scope: scope, file: file, line: line)
        }
        return try unaryOp("ZerosLike", input, name: scope, location: SourceLocation(fileID: file, line: line))
    }
}

/// Ones of the shape and dtype of `x` (TF's `tf.ones_like`): a `Fill` named `ones_like`
/// of the shape (a `Const` when known) and the value `ones_like/Const`.
public func onesLike(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try nameScope(name, defaultName: "ones_like", values: [input]) { scope in
        let dims =
            try input.shape.knownDims.map { try constant(indexTensor($0), name: "Shape/shape_as_tensor") }
            ?? shape(input, name: "Shape", file: file, line: line)
        let one = try constant(HostTensor(scalar: 1.0), dtype: input.dtype)
        return try fill(dims: dims, value: one, name: scope, file: file, line: line)
    }
}

/// The integers `[start, start + delta, …]` below `limit` (TF's `tf.range(start, limit, delta)`:
/// op `Range` named `range`, the numbers `Const`s `range/start` and `range/delta` of the
/// limit's dtype).
/// - Throws: ``ScopeFlowError/Code/dtypeMismatch`` when `limit` is not int32 or int64,
///   ``ScopeFlowError/Code/invalidArgument`` when `delta` is 0.
public func range(
    start: Int = 0, limit: any TensorConvertible, delta: Int = 1, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let end = limit.tensor
    try requireDType(end, in: [.int32, .int64], argument: "limit", opType: "Range")
    guard delta != 0 else {
        throw ScopeFlowError(.invalidArgument, "range needs a non-zero delta; pass delta: 1 (or -1 to count down).")
    }
    return try nameScope(name, defaultName: "range", values: [end]) { scope in
        let first = try constant(HostTensor(scalar: Int64(start)), dtype: end.dtype, name: "start")
        let step = try constant(HostTensor(scalar: Int64(delta)), dtype: end.dtype, name: "delta")
        return try makeOp(
            "Range", name: scope, defaultName: "range", inputs: [first, end, step], attrs: ["Tidx": .type(end.dtype)],
            location: SourceLocation(fileID: file, line: line), shape: .range
        ).output(0)
    }
}

extension ShapeFunction {
    /// `Range(start, limit, delta)`: a vector of the limit's dtype, its length known when all three
    /// are known at build time.
    static let range = ShapeFunction(inputTypes: ["Tidx": 0]) { op in
        try op.requireInputs(3)
        let values = op.inputs.map { staticInts($0)?.first }
        var count: Int?
        if let start = values[0], let limit = values[1], let delta = values[2] {
            guard delta != 0 else {
                throw ScopeFlowError(
                    .invalidArgument, "Range '\(op.opName)' needs a non-zero delta.", names: [op.opName])
            }
            count = try rangeCount(start: start, limit: limit, delta: delta, opName: op.opName)
        }
        return [OutputSpec(dtype: op.inputs[1].dtype, shape: Shape([count]))]
    }
}

/// How many values `range` yields, `ceil((limit - start) / delta)` but at least 0,
/// computed without overflow.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when the count does not fit in `Int`.
private func rangeCount(start: Int, limit: Int, delta: Int, opName: String) throws -> Int {
    guard limit != start, (limit > start) == (delta > 0) else { return 0 }
    let distance = limit > start ? UInt(bitPattern: limit &- start) : UInt(bitPattern: start &- limit)
    let (steps, rest) = distance.quotientAndRemainder(dividingBy: delta.magnitude)
    guard let count = Int(exactly: steps + (rest == 0 ? 0 : 1)) else {
        throw ScopeFlowError(
            .invalidArgument,
            "Range '\(opName)' from \(start) to \(limit) has more than 2**63 - 1 values; use a shorter range.",
            names: [opName])
    }
    return count
}

/// `value` filling `shape` inside the op scope `scope`, as TF's `zeros`/`ones`
/// build it: a `Const` below 1000 elements, else `shape_as_tensor` + `Const` + `Fill`.
/// A string tensor's zero is `""`, as in TF; it has no one.
private func filled(
    _ shape: [Int], with value: Double, dtype: DType, scope: String, file: String, line: Int
) throws -> Tensor {
    let scalar = try filling(value, as: dtype)
    if try ShapeCheck.elementCount(shape, of: String(scope.dropLast())) < 1000 {
        return try constant(scalar, shape: shape, name: scope, file: file, line: line)
    }
    let dims = try indexVector(shape, name: "shape_as_tensor")
    return try fill(dims: dims, value: constant(scalar), name: scope, file: file, line: line)
}

/// The scalar `value` as `dtype`; for strings only 0 has one (`""`), as TF's `zeros` makes it.
private func filling(_ value: Double, as dtype: DType) throws -> HostTensor {
    guard dtype == .string else { return try HostTensor(scalar: value).converted(to: dtype) }
    guard value == 0 else {
        throw ScopeFlowError(
            .dtypeMismatch,
            "Expected string, but got \(Int(value)) of type 'int'. Only zeros (\"\") fill a string tensor; "
                + "use fill with a string value instead.")
    }
    return HostTensor(scalar: "")
}
