/// The softmax cross-entropy of `logits` against the distributions `labels`, one value per
/// row of the last axis (TF's `tf.nn.softmax_cross_entropy_with_logits_v2`: inputs flattened
/// to matrices, a `SoftmaxCrossEntropyWithLogits` op, the loss reshaped back, all under the
/// name scope `softmax_cross_entropy_with_logits`, node for node as TF builds it).
public func softmaxCrossEntropyWithLogits(
    labels: any TensorConvertible, logits: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (y, x) = (labels.tensor, logits.tensor)
    let location = SourceLocation(fileID: file, line: line)
    return try nameScope(name, defaultName: "softmax_cross_entropy_with_logits", values: [x, y]) { scope in
        let rank = try rankConstant(x)
        let inputShape = try shape(x)
        let flatLogits = try flattenOuterDims(x, location: location)
        let flatLabels = try flattenOuterDims(y, location: location)
        let op = try makeOp(
            "SoftmaxCrossEntropyWithLogits", name: scope, defaultName: "SoftmaxCrossEntropyWithLogits",
            inputs: [flatLogits, flatLabels], attrs: ["T": .type(x.dtype)], location: location,
            shape: .softmaxCrossEntropy)
        let outerRank = try scalarBinary("Sub", rank, 1, defaultName: "Sub", scalarFirst: false, location: location)
        let outerShape = try nameScope("Slice") { sliceScope in
            try sliceOp(
                inputShape, begin: indexVector([0], name: "begin"), size: stack([outerRank], name: "size"),
                name: sliceScope, location: location)
        }
        return try reshapeOp(op.output(0), outerShape, name: "Reshape", location: location)
    }
}

/// TF1's deprecated `tf.nn.softmax_cross_entropy_with_logits`: as
/// ``softmaxCrossEntropyWithLogits(labels:logits:name:file:line:)``, but no gradient flows into
/// `labels` (a `StopGradient` named `labels_stop_gradient`), all under the name scope
/// `softmax_cross_entropy_with_logits_sg`.
public func softmaxCrossEntropyWithLogitsV1(
    labels: any TensorConvertible, logits: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (y, x) = (labels.tensor, logits.tensor)
    let (scope, stopped) = try nameScope(name, defaultName: "softmax_cross_entropy_with_logits_sg", values: [x, y]) {
        scope in try (scope, stopGradient(y, name: "labels_stop_gradient", file: file, line: line))
    }
    return try softmaxCrossEntropyWithLogits(labels: stopped, logits: x, name: scope, file: file, line: line)
}

/// The logistic loss of `logits` against probabilities `labels`, elementwise:
/// `max(x, 0) - x·z + log(1 + exp(-|x|))` (TF's `tf.nn.sigmoid_cross_entropy_with_logits`, built
/// node for node as TF does under the name scope `logistic_loss`: `Select`s on `x >= 0`, `Exp`,
/// `Log1p`, and an `AddV2` named after the scope). Both inputs get gradients.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when `labels` and `logits` differ in shape.
public func sigmoidCrossEntropyWithLogits(
    labels: any TensorConvertible, logits: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (z, x) = (labels.tensor, logits.tensor)
    return try nameScope(name, defaultName: "logistic_loss", values: [x, z]) { scope in
        guard x.shape.merged(with: z.shape) != nil else {
            throw ScopeFlowError(
                .shapeMismatch,
                "logits and labels must have the same shape (\(x.shape.bracketed) vs \(z.shape.bracketed)); "
                    + "give labels the shape of logits.",
                names: [x.name, z.name])
        }
        let zeros = try zerosLike(x, file: file, line: line)
        let positive = try greaterEqual(x, zeros, file: file, line: line)
        let reluLogits = try `where`(positive, x, zeros, file: file, line: line)
        let negativeAbsLogits = try `where`(positive, negative(x, file: file, line: line), x, file: file, line: line)
        return try add(reluLogits - x * z, log1p(exp(negativeAbsLogits)), name: scope, file: file, line: line)
    }
}

/// `x` reshaped to `[-1, lastDim]` as TF's `_flatten_outer_dims` builds it (Rank, Shape, Sub, Slice, concat, Reshape).
private func flattenOuterDims(_ x: Tensor, location: SourceLocation) throws -> Tensor {
    let rank = try rankConstant(x)
    let dims = try shape(x)
    let last = try scalarBinary("Sub", rank, 1, defaultName: "Sub", scalarFirst: false, location: location)
    let lastDim = try nameScope("Slice") { scope in
        try sliceOp(
            dims, begin: stack([last], name: "begin"), size: indexVector([1], name: "size"), name: scope,
            location: location)
    }
    let newShape = try nameScope("concat") { scope in
        try concatOp(
            [indexVector([-1], name: "values_0"), lastDim], axis: indexScalar(0, name: "axis"), name: scope,
            location: location)
    }
    return try reshapeOp(x, newShape, name: "Reshape", location: location)
}

/// The softmax cross-entropy of `logits` `[d0, …, classes]` against class indices `labels`
/// `[d0, …]` (TF's `tf.nn.sparse_softmax_cross_entropy_with_logits`: op
/// `SparseSoftmaxCrossEntropyWithLogits` inside a name scope of that name; given `name`, the scope
/// and the op are both called `name`). Logits of rank above 2 are flattened to a matrix and the
/// loss reshaped to the labels' shape, node for node as TF builds it (`Shape_1`, `Rank`, `sub`,
/// `strided_slice`, `Reshape`, `Reshape_1`, `Reshape_2`).
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when `labels` are not of rank one less than
///   `logits`; ``ScopeFlowError/Code/unimplemented`` for logits of rank above 2 whose shape is not
///   fully known (TF's runtime shape assertions are not built).
public func sparseSoftmaxCrossEntropyWithLogits(
    labels: any TensorConvertible, logits: any TensorConvertible, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (y, x) = (labels.tensor, logits.tensor)
    let location = SourceLocation(fileID: file, line: line)
    if let rank = x.shape.rank, let labelRank = y.shape.rank, labelRank != rank - 1 {
        throw ScopeFlowError(
            .shapeMismatch,
            "labels must have rank one less than logits: labels \(y.name) \(y.shape.bracketed), logits \(x.name) "
                + "\(x.shape.bracketed).", names: [y.name, x.name])
    }
    return try nameScope(name, defaultName: "SparseSoftmaxCrossEntropyWithLogits", values: [y, x]) { _ in
        let labelsShape = try shape(y)
        let crossEntropy = { (logits: Tensor, labels: Tensor) in
            try makeOp(
                "SparseSoftmaxCrossEntropyWithLogits", name: name, defaultName: "SparseSoftmaxCrossEntropyWithLogits",
                inputs: [logits, labels], attrs: ["T": .type(x.dtype), "Tlabels": .type(y.dtype)],
                location: location, shape: .sparseSoftmaxCrossEntropy
            ).output(0)
        }
        guard let rank = x.shape.rank, rank > 2 else { return try crossEntropy(x, y) }
        guard y.shape.knownDims != nil, x.shape.knownDims != nil else {
            throw ScopeFlowError(
                .unimplemented,
                "sparse softmax cross-entropy of logits of rank \(rank) needs fully known shapes, not \(x.name) "
                    + "\(x.shape.bracketed) and \(y.name) \(y.shape.bracketed): TF's runtime shape checks are not "
                    + "built by ScopeFlow yet.", names: [x.name, y.name])
        }
        let logitsShape = try shape(x)
        let lastAxis = try scalarBinary(
            "Sub", rankConstant(x), 1, defaultName: "sub", scalarFirst: false, location: location)
        let classes = try element(of: logitsShape, at: lastAxis, location: location)
        let matrix = try nameScope("Reshape") { scope in
            let rows = try nameScope("shape") { shapeScope in
                try stack([indexScalar(-1, name: "0"), classes], name: shapeScope)
            }
            return try reshapeOp(x, rows, name: scope, location: location)
        }
        let flatLabels = try reshape(y, shape: [-1], file: file, line: line)
        return try reshapeOp(crossEntropy(matrix, flatLabels), labelsShape, name: "Reshape", location: location)
    }
}

extension ShapeFunction {
    /// The loss per row (a vector) and the backprop (the merged shape) of matrices of logits
    /// and label distributions (`SoftmaxCrossEntropyWithLogits`).
    static let softmaxCrossEntropy = ShapeFunction { op in
        try op.requireInputs(2)
        let (logits, labels) = (op.inputs[0], op.inputs[1])
        let dtype = try requireSameDType([logits, labels], argumentNames: ["features", "labels"], opType: op.opType)
        guard let shape = logits.shape.merged(with: labels.shape) else {
            throw ScopeFlowError(
                .shapeMismatch,
                "logits and labels must be broadcastable: logits_size=\(logits.shape.bracketed) labels_size="
                    + "\(labels.shape.bracketed) for '\(op.opName)'; give labels the shape of logits.",
                names: [op.opName])
        }
        return [OutputSpec(dtype: dtype, shape: Shape([shape.dims?[0]])), OutputSpec(dtype: dtype, shape: shape)]
    }

    /// The loss per row (a vector) and the backprop (the logits' shape) of a logits matrix and
    /// a vector of class indices (`SparseSoftmaxCrossEntropyWithLogits`).
    static let sparseSoftmaxCrossEntropy = ShapeFunction(inputTypes: ["T": 0, "Tlabels": 1]) { op in
        try op.requireInputs(2)
        let (x, y) = (op.inputs[0], op.inputs[1])
        try requireDType(y, in: [.int32, .int64], argument: "labels", opType: op.opType)
        try requireRank(x, 2, opName: op.opName)
        try requireRank(y, 1, opName: op.opName)
        let batch = x.shape.dims?[0] ?? nil
        if let b = batch, let l = y.shape.dims?[0], b != l {
            throw ScopeFlowError(
                .shapeMismatch,
                "logits and labels must have the same first dimension, got logits shape \(x.shape.bracketed) and "
                    + "labels shape \(y.shape.bracketed) for '\(op.opName)'.",
                names: [op.opName])
        }
        return [
            OutputSpec(dtype: x.dtype, shape: Shape([batch ?? y.shape.dims?[0] ?? nil])),
            OutputSpec(dtype: x.dtype, shape: x.shape),
        ]
    }
}
