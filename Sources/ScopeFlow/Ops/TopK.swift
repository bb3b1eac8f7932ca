/// The `k` largest entries of each row (the last dimension) of `input` and their positions in the
/// row, largest first (TF's `tf.nn.top_k`, op `TopKV2` with `k` a `Const` named `TopKV2/k`).
///
/// ```swift
/// let scores = try constant([Float(0.1), 0.7, 0.2, 0.7], shape: [1, 4])
/// let (values, indices) = try topK(scores, k: 2)   // [[0.7, 0.7]], [[1, 3]]
/// ```
/// - Parameter sorted: TF's attribute; the entries come largest first either way.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a scalar input, a negative `k`, or a `k`
///   larger than the last dimension; running it, the same for a `k` fed then.
public func topK(
    _ input: any TensorConvertible, k: Int = 1, sorted: Bool = true, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> (values: Tensor, indices: Tensor) {
    let x = input.tensor
    return try nameScope(name, defaultName: "TopKV2", values: [x]) { scope in
        try topKOp(x, k: indexScalar(k, name: "k"), sorted: sorted, name: scope, file: file, line: line)
    }
}

/// ``topK(_:k:sorted:name:file:line:)`` with `k` an int32 or int64 scalar tensor, known when the
/// graph runs.
public func topK(
    _ input: any TensorConvertible, k: Tensor, sorted: Bool = true, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> (values: Tensor, indices: Tensor) {
    try topKOp(input.tensor, k: k, sorted: sorted, name: name, file: file, line: line)
}

private func topKOp(
    _ x: Tensor, k: Tensor, sorted: Bool, name: String?, file: String, line: Int
) throws -> (values: Tensor, indices: Tensor) {
    let op = try makeOp(
        "TopKV2", name: name, defaultName: "TopKV2", inputs: [x, k],
        attrs: ["T": .type(x.dtype), "Tk": .type(k.dtype), "index_type": .type(.int32), "sorted": .bool(sorted)],
        location: SourceLocation(fileID: file, line: line), shape: .topK)
    return (op.output(0), op.output(1))
}

extension ShapeFunction {
    /// `TopKV2(input, k)`: two outputs of shape `input.shape[..<-1] + [k]`, the values of the
    /// input's dtype and the positions of `index_type`; a `k` known at build time is checked
    /// against the last dimension.
    static let topK = ShapeFunction(inputTypes: ["T": 0, "Tk": 1]) { op in
        try op.requireInputs(2)
        let (x, k) = (op.inputs[0], op.inputs[1])
        try requireDType(x, in: [.float16, .float32, .float64, .int32, .int64], argument: "input", opType: op.opType)
        try requireDType(k, in: [.int32, .int64], argument: "k", opType: op.opType)
        try requireRank(k, 0, opName: op.opName)
        let indexType = op.attrs["index_type"]?.typeValue ?? .int32
        guard indexType == .int32 || indexType == .int64 else {
            throw ScopeFlowError(
                .dtypeMismatch, "index_type of '\(op.opName)' must be int32 or int64, not \(indexType).",
                names: [op.opName])
        }
        if x.shape.rank == 0 {
            throw ScopeFlowError(
                .invalidArgument, "Shape must be at least rank 1 but is rank 0 for '\(op.opName)'; pass a vector.",
                names: [op.opName])
        }
        let count = staticInts(k)?.first
        if let count, count < 0 {
            throw ScopeFlowError(.invalidArgument, "Need k >= 0, got \(count) for '\(op.opName)'.", names: [op.opName])
        }
        if let count, let columns = x.shape.dims?.last ?? nil, columns < count {
            throw ScopeFlowError(
                .invalidArgument,
                "input must have last dimension >= k = \(count) but is \(columns) for '\(op.opName)'; lower k.",
                names: [op.opName])
        }
        let shape = x.shape.dims.map { Shape(Array($0.dropLast()) + [count]) } ?? .unknown
        return [OutputSpec(dtype: x.dtype, shape: shape), OutputSpec(dtype: indexType, shape: shape)]
    }
}
