/// The distinct values of the vector `x` in order of first occurrence, and for each element of
/// `x` the position of its value among them (TF's `tf.unique`, op `Unique`).
///
/// ```swift
/// let (y, idx) = try unique(x)   // x = [1, 1, 2, 4, 4, 4, 7, 8, 8]
/// // y = [1, 2, 4, 7, 8], idx = [0, 0, 1, 2, 2, 2, 3, 4, 4]
/// ```
///
/// - Parameter outIdx: the dtype of `idx`, int32 or int64.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when `x` is not a vector.
public func unique(
    _ x: any TensorConvertible, outIdx: DType = .int32, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> (y: Tensor, idx: Tensor) {
    let input = x.tensor
    let op = try makeOp(
        "Unique", name: name, defaultName: "Unique", inputs: [input],
        attrs: ["T": .type(input.dtype), "out_idx": .type(outIdx)], location: SourceLocation(fileID: file, line: line),
        shape: .unique)
    return (op.output(0), op.output(1))
}

extension ShapeFunction {
    /// `Unique`: a vector in; the distinct values (a vector of unknown length) and, of the
    /// input's shape, their positions.
    static let unique = ShapeFunction { op in
        let x = try op.input(0)
        let indexType = try op.type("out_idx")
        guard indexType == .int32 || indexType == .int64 else {
            throw ScopeFlowError(
                .dtypeMismatch, "out_idx of '\(op.opName)' must be int32 or int64, not \(indexType).",
                names: [op.opName])
        }
        try requireRank(x, 1, opName: op.opName)
        return [OutputSpec(dtype: x.dtype, shape: Shape([nil])), OutputSpec(dtype: indexType, shape: x.shape)]
    }
}
