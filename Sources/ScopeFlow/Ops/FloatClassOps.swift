/// Whether each element of `x` is finite, neither infinite nor NaN (TF's `tf.math.is_finite`,
/// op `IsFinite`).
/// - Throws: ``ScopeFlowError/Code/dtypeMismatch`` when `x` is not float16, float32 or float64.
public func isFinite(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try floatClassOp("IsFinite", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// Whether each element of `x` is NaN (TF's `tf.math.is_nan`, op `IsNan`).
/// - Throws: ``ScopeFlowError/Code/dtypeMismatch`` when `x` is not float16, float32 or float64.
public func isNan(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try floatClassOp("IsNan", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// Whether each element of `x` is +∞ or -∞ (TF's `tf.math.is_inf`, op `IsInf`).
/// - Throws: ``ScopeFlowError/Code/dtypeMismatch`` when `x` is not float16, float32 or float64.
public func isInf(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try floatClassOp("IsInf", x, name: name, location: SourceLocation(fileID: file, line: line))
}

private func floatClassOp(_ type: String, _ x: any TensorConvertible, name: String?, location: SourceLocation) throws
    -> Tensor
{
    let input = x.tensor
    return try makeOp(
        type, name: name, defaultName: type, inputs: [input], attrs: ["T": .type(input.dtype)], location: location,
        shape: .floatClass
    ).output(0)
}

extension ShapeFunction {
    /// `IsFinite`, `IsNan`, `IsInf`: a bool tensor of the float input's shape.
    static let floatClass = ShapeFunction { op in
        let x = try op.input(0)
        try requireDType(x, in: [.float16, .float32, .float64], argument: "x", opType: op.opType)
        return [OutputSpec(dtype: .bool, shape: x.shape)]
    }
}
