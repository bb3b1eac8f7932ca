/// The mean squared error of `predictions` against `labels` (TF's `tf.losses.mean_squared_error`):
/// a `SquaredDifference` under the name scope `mean_squared_error`, weighted and reduced by
/// ``computeWeightedLoss(_:weights:scope:reduction:file:line:)`` in that scope.
///
/// ```swift
/// let loss = try meanSquaredError(labels: y, predictions: prediction)   // mean of (p - y)²
/// ```
///
/// - Parameter weights: nil (every element weighs 1), a scalar, or a tensor broadcastable to the labels.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when the shapes of `labels` and `predictions`
///   differ, and what ``computeWeightedLoss(_:weights:scope:reduction:file:line:)`` throws.
public func meanSquaredError(
    labels: any TensorConvertible, predictions: any TensorConvertible, weights: (any TensorConvertible)? = nil,
    scope: String? = nil, reduction: Reduction = .sumByNonzeroWeights, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (l, p) = (labels.tensor, predictions.tensor)
    return try nameScope(scope, defaultName: "mean_squared_error", values: [p, l]) { scopeName in
        let floatPredictions = try cast(p, to: .float32, file: file, line: line)
        let floatLabels = try cast(l, to: .float32, file: file, line: line)
        try requireCompatible(floatPredictions, floatLabels, "predictions", "labels")
        let losses = try squaredDifference(floatPredictions, floatLabels, file: file, line: line)
        return try computeWeightedLoss(
            losses, weights: weights, scope: scopeName, reduction: reduction, file: file, line: line)
    }
}

/// The softmax cross-entropy of `logits` against one-hot (or soft) `onehotLabels`, weighted and
/// reduced (TF's `tf.losses.softmax_cross_entropy`): under the name scope
/// `softmax_cross_entropy_loss`, the labels are smoothed when `labelSmoothing` > 0 (to
/// `labels·(1 − s) + s / classes`, the class count read from the labels' last dimension), pass a
/// `StopGradient` named `labels_stop_gradient` and go into
/// ``softmaxCrossEntropyWithLogits(labels:logits:name:file:line:)`` named `xentropy`.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a `labelSmoothing` that is not finite,
///   ``ScopeFlowError/Code/shapeMismatch`` when the shapes differ, and what
///   ``computeWeightedLoss(_:weights:scope:reduction:file:line:)`` throws.
public func softmaxCrossEntropy(
    onehotLabels: any TensorConvertible, logits: any TensorConvertible, weights: (any TensorConvertible)? = nil,
    labelSmoothing: Double = 0, scope: String? = nil, reduction: Reduction = .sumByNonzeroWeights,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try requireFinite(labelSmoothing, "softmaxCrossEntropy")
    let (y, x) = (onehotLabels.tensor, logits.tensor)
    return try nameScope(scope, defaultName: "softmax_cross_entropy_loss", values: lossInputs(x, y, weights)) {
        scopeName in
        var labels = try cast(y, to: x.dtype, file: file, line: line)
        try requireCompatible(x, labels, "logits", "onehotLabels")
        if labelSmoothing > 0 {
            let classes = try cast(shape(labels, file: file, line: line)[-1], to: x.dtype, file: file, line: line)
            let negatives = try scalarBinary(
                "RealDiv", classes, labelSmoothing, defaultName: "truediv", scalarFirst: true)
            labels = try labels * (1 - labelSmoothing) + negatives
        }
        let stopped = try stopGradient(labels, name: "labels_stop_gradient", file: file, line: line)
        let losses = try softmaxCrossEntropyWithLogits(
            labels: stopped, logits: x, name: "xentropy", file: file, line: line)
        return try computeWeightedLoss(
            losses, weights: weights, scope: scopeName, reduction: reduction, file: file, line: line)
    }
}

/// The sigmoid cross-entropy of `logits` against `multiClassLabels` in [0, 1], elementwise,
/// weighted and reduced (TF's `tf.losses.sigmoid_cross_entropy`): under the name scope
/// `sigmoid_cross_entropy_loss`, the labels are smoothed toward ½ when `labelSmoothing` > 0 (to
/// `labels·(1 − s) + s/2`) and go into
/// ``sigmoidCrossEntropyWithLogits(labels:logits:name:file:line:)`` named `xentropy`.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a `labelSmoothing` that is not finite,
///   ``ScopeFlowError/Code/shapeMismatch`` when the shapes differ, and what
///   ``computeWeightedLoss(_:weights:scope:reduction:file:line:)`` throws.
public func sigmoidCrossEntropy(
    multiClassLabels: any TensorConvertible, logits: any TensorConvertible, weights: (any TensorConvertible)? = nil,
    labelSmoothing: Double = 0, scope: String? = nil, reduction: Reduction = .sumByNonzeroWeights,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try requireFinite(labelSmoothing, "sigmoidCrossEntropy")
    let (y, x) = (multiClassLabels.tensor, logits.tensor)
    return try nameScope(scope, defaultName: "sigmoid_cross_entropy_loss", values: lossInputs(x, y, weights)) {
        scopeName in
        var labels = try cast(y, to: x.dtype, file: file, line: line)
        try requireCompatible(x, labels, "logits", "multiClassLabels")
        if labelSmoothing > 0 {
            labels = try labels * (1 - labelSmoothing) + 0.5 * labelSmoothing
        }
        let losses = try sigmoidCrossEntropyWithLogits(
            labels: labels, logits: x, name: "xentropy", file: file, line: line)
        return try computeWeightedLoss(
            losses, weights: weights, scope: scopeName, reduction: reduction, file: file, line: line)
    }
}

/// The softmax cross-entropy of `logits` `[batch, classes]` against class indices `labels`
/// `[batch]`, weighted and reduced (TF's `tf.losses.sparse_softmax_cross_entropy`): under the
/// name scope `sparse_softmax_cross_entropy_loss`, the weights become a `Const` (TF converts
/// the default `1.0` first) and the loss is
/// ``sparseSoftmaxCrossEntropyWithLogits(labels:logits:name:file:line:)`` named `xentropy`.
/// Labels `[batch, 1]` are squeezed to `[batch]`, as TF does.
/// - Throws: What ``sparseSoftmaxCrossEntropyWithLogits(labels:logits:name:file:line:)`` and
///   ``computeWeightedLoss(_:weights:scope:reduction:file:line:)`` throw.
public func sparseSoftmaxCrossEntropy(
    labels: any TensorConvertible, logits: any TensorConvertible, weights: (any TensorConvertible)? = nil,
    scope: String? = nil, reduction: Reduction = .sumByNonzeroWeights, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (y, x) = (labels.tensor, logits.tensor)
    return try nameScope(scope, defaultName: "sparse_softmax_cross_entropy_loss", values: [x, y]) { scopeName in
        let squeezedLabels = try nameScope(nil, defaultName: "remove_squeezable_dimensions", values: [y, x]) { _ in
            guard let labelsRank = y.shape.rank, let logitsRank = x.shape.rank, logitsRank - labelsRank == 0,
                y.shape.dims?.last.map({ $0 == nil || $0 == 1 }) ?? false
            else { return y }
            return try squeeze(y, axis: [-1], file: file, line: line)
        }
        var w = try weights?.tensor ?? constant(1.0, file: file, line: line)
        if let weightsRank = w.shape.rank, let labelsRank = squeezedLabels.shape.rank, weightsRank - labelsRank == 1 {
            w = try squeeze(w, axis: [-1], file: file, line: line)
        }
        let losses = try sparseSoftmaxCrossEntropyWithLogits(
            labels: squeezedLabels, logits: x, name: "xentropy", file: file, line: line)
        return try computeWeightedLoss(
            losses, weights: w, scope: scopeName, reduction: reduction, file: file, line: line)
    }
}

/// The tensors a loss's name scope is opened with, as TF's `(predictions, labels, weights)`.
func lossInputs(_ first: Tensor, _ second: Tensor, _ weights: (any TensorConvertible)?) -> [Tensor] {
    [first, second] + (weights.map { [$0.tensor] } ?? [])
}

/// Checks a loss's scalar option (`labelSmoothing`) is a finite number.
private func requireFinite(_ value: Double, _ function: String) throws {
    guard value.isFinite else {
        throw ScopeFlowError(.invalidArgument, "\(function)'s labelSmoothing is \(value); give a finite number.")
    }
}

/// Checks that two loss inputs have compatible static shapes (TF's `assert_is_compatible_with`).
func requireCompatible(_ a: Tensor, _ b: Tensor, _ aName: String, _ bName: String) throws {
    guard a.shape.merged(with: b.shape) != nil else {
        throw ScopeFlowError(
            .shapeMismatch,
            "Shapes \(a.shape.bracketed) and \(b.shape.bracketed) are incompatible: \(aName) and \(bName) must "
                + "have the same shape; reshape one to match.",
            names: [a.name, b.name])
    }
}
