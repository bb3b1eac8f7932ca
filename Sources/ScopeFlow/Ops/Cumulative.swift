/// The running sum of `x` along `axis` (TF's `tf.cumsum`, op `Cumsum` with its axis a `Const`
/// named `Cumsum/axis`); `exclusive` leaves each element out of its own sum, `reverse` sums from
/// the end.
///
/// ```swift
/// let x = try constant([Float(1), 2, 3])
/// let y = try cumsum(x)                                   // [1, 3, 6]
/// let z = try cumsum(x, exclusive: true, reverse: true)   // [5, 3, 0]
/// ```
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a scalar `x` or an axis outside its rank.
public func cumsum(
    _ x: any TensorConvertible, axis: Int = 0, exclusive: Bool = false, reverse: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try cumulative(
        "Cumsum", x, axis: axis, exclusive: exclusive, reverse: reverse, name: name,
        location: SourceLocation(fileID: file, line: line))
}

/// The running product of `x` along `axis` (TF's `tf.math.cumprod`, op `Cumprod` with its axis a
/// `Const` named `Cumprod/axis`); `exclusive` leaves each element out of its own product,
/// `reverse` multiplies from the end.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a scalar `x` or an axis outside its rank.
public func cumprod(
    _ x: any TensorConvertible, axis: Int = 0, exclusive: Bool = false, reverse: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try cumulative(
        "Cumprod", x, axis: axis, exclusive: exclusive, reverse: reverse, name: name,
        location: SourceLocation(fileID: file, line: line))
}

/// `type` of `x` along a constant `axis` named `<type>/axis`, under a name scope as TF's Python
/// wrappers open one.
private func cumulative(
    _ type: String, _ x: any TensorConvertible, axis: Int, exclusive: Bool, reverse: Bool, name: String?,
    location: SourceLocation
) throws -> Tensor {
    let input = x.tensor
    return try nameScope(name, defaultName: type, values: [input]) { scope in
        try cumulativeOp(
            type, input, axis: indexScalar(axis, name: "axis"), exclusive: exclusive, reverse: reverse, name: scope,
            location: location)
    }
}

/// `Cumsum` or `Cumprod` (`type`) of `input` along the int32 or int64 scalar `axis` known when
/// the graph runs (the form TF's gradients build, reusing the forward op's axis).
func cumulativeOp(
    _ type: String, _ input: Tensor, axis: Tensor, exclusive: Bool, reverse: Bool, name: String? = nil,
    location: SourceLocation = SourceLocation(fileID: #fileID, line: #line)
) throws -> Tensor {
    try makeOp(
        type, name: name, defaultName: type, inputs: [input, axis],
        attrs: [
            "T": .type(input.dtype), "Tidx": .type(axis.dtype), "exclusive": .bool(exclusive),
            "reverse": .bool(reverse),
        ],
        location: location, shape: .cumulative
    ).output(0)
}

extension ShapeFunction {
    /// `Cumsum`/`Cumprod`: the input's shape, after TF's checks of the axis (a scalar within the
    /// input's rank) and of the input (not a scalar).
    static let cumulative = ShapeFunction(inputTypes: ["T": 0, "Tidx": 1]) { op in
        try op.requireInputs(2)
        let (x, axis) = (op.inputs[0], op.inputs[1])
        try requireDType(
            x, in: [.float16, .float32, .float64, .int32, .int64], argument: "x", opType: op.opType)
        try requireDType(axis, in: [.int32, .int64], argument: "axis", opType: op.opType)
        try requireRank(axis, 0, opName: op.opName)
        if x.shape.rank == 0 {
            throw ScopeFlowError(
                .invalidArgument,
                "\(op.opType) '\(op.opName)' needs an input of rank 1 or more, but got a scalar; pass a vector.",
                names: [op.opName])
        }
        if let value = staticInts(axis)?.first {
            _ = try normalizedAxis(value, rank: x.shape.rank, opName: op.opName)
        }
        return [OutputSpec(dtype: x.dtype, shape: x.shape)]
    }
}
