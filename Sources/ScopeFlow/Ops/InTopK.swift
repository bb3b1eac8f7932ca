/// Whether each row's target class is among the `k` largest of its `predictions`, ties counting
/// for the target (TF's `tf.nn.in_top_k`: an `InTopKV2` op in the name scope `in_top_k`, `k` a
/// `Const` named `in_top_k/InTopKV2/k`). A target out of range, or a row with a non-finite
/// prediction, gives false.
///
/// ```swift
/// let hit = try inTopK(predictions: logits, targets: labels, k: 5)   // bool [batch]
/// ```
/// - Parameters:
///   - predictions: float32 scores of shape `[batch, classes]`.
///   - targets: int32 or int64 class ids of shape `[batch]`.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` for wrong ranks or batch sizes that differ;
///   ``ScopeFlowError/Code/dtypeMismatch`` for other dtypes.
public func inTopK(
    predictions: any TensorConvertible, targets: any TensorConvertible, k: Int, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (scores, classIDs) = (predictions.tensor, targets.tensor)
    return try nameScope(name, defaultName: "in_top_k", values: [scores, classIDs]) { _ in
        try nameScope(nil, defaultName: "InTopKV2", values: [scores, classIDs]) { scope in
            let count = try constant(
                HostTensor(scalar: ShapeCheck.int32(k, "k", of: scope)), dtype: classIDs.dtype, name: "k")
            return try makeOp(
                "InTopKV2", name: scope, defaultName: "InTopKV2", inputs: [scores, classIDs, count],
                attrs: ["T": .type(classIDs.dtype)], location: SourceLocation(fileID: file, line: line), shape: .inTopK
            ).output(0)
        }
    }
}

extension ShapeFunction {
    /// `InTopKV2`: a bool vector of the batch size, after TF's checks (float32 `[batch, classes]`
    /// predictions, `[batch]` targets, a scalar `k` of the targets' type).
    static let inTopK = ShapeFunction(inputTypes: ["T": 1]) { op in
        try op.requireInputs(3)
        let (predictions, targets, k) = (op.inputs[0], op.inputs[1], op.inputs[2])
        try requireDType(predictions, in: [.float32], argument: "predictions", opType: op.opType)
        try requireDType(targets, in: [.int32, .int64], argument: "targets", opType: op.opType)
        try requireRank(predictions, 2, opName: op.opName)
        try requireRank(targets, 1, opName: op.opName)
        try requireRank(k, 0, opName: op.opName)
        let batch = try mergedDimension(predictions.shape.dims?.first ?? nil, targets.shape.dims?.first ?? nil, op: op)
        return [OutputSpec(dtype: .bool, shape: Shape([batch]))]
    }
}

/// The batch size two known dimensions agree on, nil when neither is known.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when they differ.
private func mergedDimension(_ first: Int?, _ second: Int?, op: ShapeInference) throws -> Int? {
    if let first, let second, first != second {
        throw ScopeFlowError(
            .shapeMismatch,
            "First dimension of predictions \(first) must match length of targets \(second) for '\(op.opName)'.",
            names: [op.opName])
    }
    return first ?? second
}
