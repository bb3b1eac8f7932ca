/// How a weighted loss is reduced to its result (TF's `tf.compat.v1.losses.Reduction`).
public enum Reduction: String, Sendable, CaseIterable {
    /// No reduction: the weighted losses, elementwise.
    case none = "none"
    /// The sum of the weighted losses.
    case sum = "weighted_sum"
    /// The sum of the weighted losses divided by the number of elements.
    case sumOverBatchSize = "weighted_sum_over_batch_size"
    /// The sum of the weighted losses divided by the sum of the (broadcast) weights.
    case mean = "weighted_mean"
    /// The sum of the weighted losses divided by the number of non-zero (broadcast) weights;
    /// the default of every `tf.losses` function.
    case sumByNonzeroWeights = "weighted_sum_by_nonzero_weights"
}

/// `losses` weighted by `weights` and reduced (TF's `tf.losses.compute_weighted_loss`), built
/// node for node as TF does: a static `assert_broadcastable` check (a `NoOp`), the weighted
/// losses (`Mul`), then per `reduction` a `Sum` and a `DivNoNan` named `value`. The result,
/// cast back to the losses' dtype, is added to the ``GraphKeys/losses`` collection.
///
/// ```swift
/// let loss = try computeWeightedLoss(perExample, weights: mask)   // Σ w·l / count(w ≠ 0)
/// ```
///
/// - Parameters:
///   - weights: A scalar, or a tensor of the losses' rank whose every dimension is 1 or the
///     losses' one. nil weighs every loss 1, as TF's default `weights=1.0`.
///   - scope: The name scope; TF's default is `weighted_loss`.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when `weights` cannot broadcast to `losses`,
///   ``ScopeFlowError/Code/unimplemented`` when their shapes are not static.
public func computeWeightedLoss(
    _ losses: any TensorConvertible, weights: (any TensorConvertible)? = nil, scope: String? = nil,
    reduction: Reduction = .sumByNonzeroWeights, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let values = losses.tensor
    let given = weights?.tensor
    return try nameScope(scope, defaultName: "weighted_loss", values: [values] + (given.map { [$0] } ?? [])) { _ in
        let check = try assertBroadcastable(weights: given, values: values)
        return try controlDependencies([check]) {
            let floatLosses = try cast(values, to: .float32, file: file, line: line)
            let w =
                try given.map { try cast($0, to: .float32, file: file, line: line) }
                ?? nameScope(nil, defaultName: "Cast") { _ in try constant(1.0, name: "x", file: file, line: line) }
            let weighted = try multiply(floatLosses, w, file: file, line: line)
            var loss = weighted
            if reduction != .none {
                loss = try reduceSum(weighted, file: file, line: line)
                switch reduction {
                case .mean: loss = try safeMean(loss, reduceSum(onesLike(floatLosses) * w))
                case .sumByNonzeroWeights: loss = try safeMean(loss, numPresent(floatLosses, weights: w))
                case .sumOverBatchSize: loss = try safeMean(loss, numElements(floatLosses))
                case .none, .sum: break
                }
            }
            let result = try cast(loss, to: values.dtype, file: file, line: line)
            try result.graph.addToCollection(GraphKeys.losses, .tensor(result))
            return result
        }
    }
}

/// TF's `assert_broadcastable`, for static shapes only: the `weights` and `values` shapes and
/// ranks as `Const`s, then a `NoOp` named `static_scalar_check_success` (scalar weights) or
/// `static_dims_check_success`. nil `weights` is TF's Python `1.0`, a `Const` named `weights`.
private func assertBroadcastable(weights: Tensor?, values: Tensor) throws -> Operation {
    try nameScope(nil, defaultName: "assert_broadcastable") { _ in
        let w = try nameScope(nil, defaultName: "weights") { weightsScope in
            let w = try weights ?? constant(1.0, name: weightsScope)
            _ = try shape(w, name: "shape")
            _ = try rankConstant(w, name: "rank")
            return w
        }
        try nameScope(nil, defaultName: "values") { _ in
            _ = try shape(values, name: "shape")
            _ = try rankConstant(values, name: "rank")
        }
        if w.shape.rank == 0 { return try noOp(name: "static_scalar_check_success") }
        guard let weightDims = w.shape.knownDims, let valueDims = values.shape.knownDims else {
            throw ScopeFlowError(
                .unimplemented,
                "Weighted losses need static shapes for weights \(w.shape.bracketed) and losses "
                    + "\(values.shape.bracketed); give both placeholders fully known shapes.",
                names: [w.name, values.name])
        }
        guard weightDims.count == valueDims.count,
            zip(weightDims, valueDims).allSatisfy({ $0 == 1 || $0 == $1 })
        else {
            throw ScopeFlowError(
                .shapeMismatch,
                "weights can not be broadcast to values: values.shape=\(values.shape.bracketed), "
                    + "weights.shape=\(w.shape.bracketed); give weights rank 0 or the losses' rank with each "
                    + "dimension 1 or the losses' dimension.",
                names: [w.name, values.name])
        }
        return try noOp(name: "static_dims_check_success")
    }
}

/// TF's `broadcast_weights`: `weights` itself when its static shape already is `values`', else
/// `weights · ones_like(values)` (a `Mul` named `broadcast_weights`) after the static check.
private func broadcastWeights(_ weights: Tensor, values: Tensor) throws -> Tensor {
    try nameScope(nil, defaultName: "broadcast_weights", values: [weights, values]) { scope in
        if let w = weights.shape.knownDims, w == values.shape.knownDims { return weights }
        let check = try assertBroadcastable(weights: weights, values: values)
        return try controlDependencies([check]) { try multiply(weights, onesLike(values), name: scope) }
    }
}

/// TF's `_num_present`: the number of non-zero weights once broadcast to `losses`
/// (a `Sum` named `num_present`).
private func numPresent(_ losses: Tensor, weights: Tensor) throws -> Tensor {
    try nameScope(nil, defaultName: "num_present", values: [losses, weights]) { scope in
        let isZero = try scalarComparison("Equal", weights, 0)
        let present = try `where`(isZero, zerosLike(weights), onesLike(weights))
        return try reduceSum(broadcastWeights(present, values: losses), name: scope)
    }
}

/// TF's `_num_elements`: the element count of `losses` as its dtype (a `Const` named
/// `num_elements`, cast).
private func numElements(_ losses: Tensor) throws -> Tensor {
    try nameScope(nil, defaultName: "num_elements", values: [losses]) { scope in
        guard let count = losses.shape.elementCount else {
            throw ScopeFlowError(
                .unimplemented,
                "Reduction.sumOverBatchSize needs the static shape of \(losses.name); give its inputs known shapes.",
                names: [losses.name])
        }
        return try cast(constant(HostTensor(scalar: Int32(count)), name: scope), to: losses.dtype)
    }
}

/// TF's `_safe_mean`: the sum of `loss` divided by `count`, 0 when `count` is 0 (a `DivNoNan` named `value`).
private func safeMean(_ loss: Tensor, _ count: Tensor) throws -> Tensor {
    try divNoNan(reduceSum(loss), count, name: "value")
}
