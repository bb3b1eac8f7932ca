/// `x` with the order of its elements reversed along each of `axis` (TF's `tf.reverse`, op
/// `ReverseV2` named `ReverseV2`, the axes a `Const` `ReverseV2/axis`); a negative axis counts from
/// the last.
///
/// ```swift
/// let x = try constant([Float(1), 2, 3, 4, 5, 6], shape: [2, 3])
/// let y = try reverse(x, axis: [1])   // [[3, 2, 1], [6, 5, 4]]
/// ```
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for an axis outside the input's rank or
///   given twice.
public func reverse(
    _ x: any TensorConvertible, axis: [Int], name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try nameScope(name, defaultName: "ReverseV2", values: [input]) { scope in
        try reverse(input, axisTensor: indexVector(axis, name: "axis"), name: scope, file: file, line: line)
    }
}

/// `x` reversed along the axes the int32 or int64 vector `axisTensor` holds when the graph runs
/// (the op `ReverseV2`).
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for an axis outside the input's rank or
///   given twice, when the axes are known.
public func reverse(
    _ x: any TensorConvertible, axisTensor: Tensor, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try makeOp(
        "ReverseV2", name: name, defaultName: "ReverseV2", inputs: [input, axisTensor],
        attrs: ["T": .type(input.dtype), "Tidx": .type(axisTensor.dtype)],
        location: SourceLocation(fileID: file, line: line), shape: .reverseV2
    ).output(0)
}

extension ShapeFunction {
    /// `ReverseV2`: the input's shape, after TF's checks of constant axes.
    static let reverseV2 = ShapeFunction(inputTypes: ["T": 0, "Tidx": 1]) { op in
        try op.requireInputs(2)
        let (x, axes) = (op.inputs[0], op.inputs[1])
        try requireDType(axes, in: [.int32, .int64], argument: "axis", opType: op.opType)
        try requireRank(axes, 1, opName: op.opName)
        if let rank = x.shape.rank, let values = staticInts(axes) {
            _ = try ShapeCheck.reverseAxes(values, rank: rank) { message in
                ScopeFlowError(
                    .invalidArgument, "\(message) (op '\(op.opName)'); pick each axis of the input once.",
                    names: [op.opName])
            }
        }
        return [OutputSpec(dtype: x.dtype, shape: x.shape)]
    }
}
