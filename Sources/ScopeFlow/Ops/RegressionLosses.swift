/// The absolute error `|predictions − labels|`, weighted and reduced (TF's
/// `tf.losses.absolute_difference`): a `Sub` and an `Abs` under the name scope
/// `absolute_difference`, then ``computeWeightedLoss(_:weights:scope:reduction:file:line:)`` in
/// that scope.
///
/// ```swift
/// let loss = try absoluteDifference(labels: y, predictions: prediction)   // mean of |p − y|
/// ```
///
/// - Parameter weights: nil (every element weighs 1), a scalar, or a tensor broadcastable to the labels.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when the shapes of `labels` and `predictions`
///   differ, and what ``computeWeightedLoss(_:weights:scope:reduction:file:line:)`` throws.
public func absoluteDifference(
    labels: any TensorConvertible, predictions: any TensorConvertible, weights: (any TensorConvertible)? = nil,
    scope: String? = nil, reduction: Reduction = .sumByNonzeroWeights, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try regressionLoss(labels, predictions, weights, scope, "absolute_difference", reduction, file, line) { y, p in
        try abs(subtract(p, y, file: file, line: line), file: file, line: line)
    }
}

/// The hinge loss `max(0, 1 − (2·labels − 1)·logits)` of logits against labels in {0, 1},
/// weighted and reduced (TF's `tf.losses.hinge_loss`, name scope `hinge_loss`: the labels become
/// ±1 through a `ones_like`, then `Mul`, `Sub` and `Relu`).
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when the shapes differ, and what
///   ``computeWeightedLoss(_:weights:scope:reduction:file:line:)`` throws.
public func hingeLoss(
    labels: any TensorConvertible, logits: any TensorConvertible, weights: (any TensorConvertible)? = nil,
    scope: String? = nil, reduction: Reduction = .sumByNonzeroWeights, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try regressionLoss(labels, logits, weights, scope, "hinge_loss", reduction, file, line, predictionsName: "logits") {
        y, x in
        let allOnes = try onesLike(y, file: file, line: line)
        let signs = try subtract(2 * y, allOnes, file: file, line: line)
        return try relu(subtract(allOnes, multiply(signs, x, file: file, line: line), file: file, line: line))
    }
}

/// The Huber loss of `predictions − labels`: `½x²` where `|x| ≤ delta`, `½delta² + delta·(|x| −
/// delta)` beyond, weighted and reduced (TF's `tf.losses.huber_loss`, name scope `huber_loss`:
/// the quadratic part `Minimum(|x|, delta)` and the linear part `|x| − quadratic`, whose gradient
/// is 0 at `|x| = delta` as in TF).
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a `delta` that is not finite,
///   ``ScopeFlowError/Code/shapeMismatch`` when the shapes differ, and what
///   ``computeWeightedLoss(_:weights:scope:reduction:file:line:)`` throws.
public func huberLoss(
    labels: any TensorConvertible, predictions: any TensorConvertible, weights: (any TensorConvertible)? = nil,
    delta: Double = 1.0, scope: String? = nil, reduction: Reduction = .sumByNonzeroWeights,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    guard delta.isFinite else {
        throw ScopeFlowError(.invalidArgument, "huberLoss's delta is \(delta); give a finite number.")
    }
    return try regressionLoss(labels, predictions, weights, scope, "huber_loss", reduction, file, line) { y, p in
        let absError = try abs(subtract(p, y, file: file, line: line), file: file, line: line)
        let quadratic = try minimum(absError, delta)
        let linear = try subtract(absError, quadratic, file: file, line: line)
        let half = try constant(0.5, dtype: quadratic.dtype, file: file, line: line)
        let quadraticPart = try multiply(half, multiply(quadratic, quadratic, file: file, line: line))
        let linearPart = try scalarBinary("Mul", linear, delta, defaultName: "Mul", scalarFirst: true)
        return try add(quadraticPart, linearPart, file: file, line: line)
    }
}

/// The log loss `−labels·log(predictions + ε) − (1 − labels)·log(1 − predictions + ε)` of
/// probabilities, weighted and reduced (TF's `tf.losses.log_loss`, name scope `log_loss`).
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for an `epsilon` that is not finite,
///   ``ScopeFlowError/Code/shapeMismatch`` when the shapes differ, and what
///   ``computeWeightedLoss(_:weights:scope:reduction:file:line:)`` throws.
public func logLoss(
    labels: any TensorConvertible, predictions: any TensorConvertible, weights: (any TensorConvertible)? = nil,
    epsilon: Double = 1e-7, scope: String? = nil, reduction: Reduction = .sumByNonzeroWeights,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    guard epsilon.isFinite else {
        throw ScopeFlowError(.invalidArgument, "logLoss's epsilon is \(epsilon); give a finite number.")
    }
    return try regressionLoss(labels, predictions, weights, scope, "log_loss", reduction, file, line) { y, p in
        let positive = try negative(multiply(y, log(p + epsilon, file: file, line: line), file: file, line: line))
        let negativeTerm = try multiply(1 - y, log((1 - p) + epsilon, file: file, line: line), file: file, line: line)
        return try positive - negativeTerm
    }
}

/// The cosine distance `1 − Σ predictions·labels` along `axis` (kept as a size-1 dimension) of
/// unit-normalized inputs, weighted and reduced (TF's `tf.losses.cosine_distance`, name scope
/// `cosine_distance_loss`).
/// - Parameter weights: nil, a scalar, or a tensor broadcastable to the losses, whose `axis`
///   dimension is 1.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `axis` is outside the inputs' rank,
///   ``ScopeFlowError/Code/shapeMismatch`` when the shapes differ, and what
///   ``computeWeightedLoss(_:weights:scope:reduction:file:line:)`` throws.
public func cosineDistance(
    labels: any TensorConvertible, predictions: any TensorConvertible, axis: Int,
    weights: (any TensorConvertible)? = nil, scope: String? = nil, reduction: Reduction = .sumByNonzeroWeights,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try regressionLoss(labels, predictions, weights, scope, "cosine_distance_loss", reduction, file, line) { y, p in
        if let rank = p.shape.rank, !(-rank..<rank).contains(axis) {
            throw ScopeFlowError(
                .invalidArgument,
                "cosineDistance's axis \(axis) is outside the rank \(rank) of \(p.name); give an axis in \(-rank)..<\(rank).",
                names: [p.name])
        }
        let radial = try multiply(p, y, file: file, line: line)
        return try 1 - reduceSum(radial, axis: [axis], keepDims: true, file: file, line: line)
    }
}

/// What the `tf.losses` functions on two same-shaped inputs share: the name scope, both inputs
/// cast to float32 (`predictions` first) with compatible static shapes, the elementwise
/// `losses`, then ``computeWeightedLoss(_:weights:scope:reduction:file:line:)`` in the scope.
private func regressionLoss(
    _ labels: any TensorConvertible, _ predictions: any TensorConvertible, _ weights: (any TensorConvertible)?,
    _ scope: String?, _ defaultName: String, _ reduction: Reduction, _ file: String, _ line: Int,
    predictionsName: String = "predictions", losses: (Tensor, Tensor) throws -> Tensor
) throws -> Tensor {
    let (l, p) = (labels.tensor, predictions.tensor)
    return try nameScope(scope, defaultName: defaultName, values: lossInputs(p, l, weights)) { scopeName in
        let floatPredictions = try cast(p, to: .float32, file: file, line: line)
        let floatLabels = try cast(l, to: .float32, file: file, line: line)
        try requireCompatible(floatPredictions, floatLabels, predictionsName, "labels")
        return try computeWeightedLoss(
            losses(floatLabels, floatPredictions), weights: weights, scope: scopeName, reduction: reduction,
            file: file, line: line)
    }
}
