/// Batch normalization of NHWC inputs (TF's `tf.compat.v1.layers.batch_normalization` on rank-4
/// inputs, its fused path): `gamma · (x − μ) / √(σ² + epsilon) + beta` per channel, with μ and σ²
/// the batch's statistics while `training`, else the moving ones.
///
/// The layer's scope is `name`, or `batch_normalization` made unique. Its variables are
/// `gamma` (ones, when `scale`), `beta` (zeros, when `center`) and the untrainable `moving_mean`
/// (zeros) and `moving_variance` (ones); its op a `FusedBatchNormV3`. A missing `beta` or `gamma`
/// is a `Const` of zeros or ones, as in TF. While training, the layer also builds the
/// moving-average updates `AssignMovingAvg` (mean) and `AssignMovingAvg_1` (variance), each
/// `variable −= (variable − batch statistic) · (1 − momentum)` with the momentum a `Const`, and
/// adds them to ``GraphKeys/updateOps``; run them with the train op, as in TF:
///
/// ```swift
/// let h = try batchNormalization(conv, training: true, name: "bn0")
/// let updates = try collection(GraphKeys.updateOps).compactMap(\.operation)
/// let train = try controlDependencies(updates) { try AdamOptimizer(learningRate: 0.001).minimize(loss) }
/// ```
///
/// - Parameters:
///   - axis: The channel axis: the last (`-1` or `3`); the CPU kernels run no other layout.
///   - momentum: The moving averages' momentum.
///   - epsilon: Added to the variance before its square root.
///   - center: Whether to add the trainable offset `beta`.
///   - scale: Whether to multiply by the trainable factor `gamma`.
///   - betaRegularizer: The penalty a new `beta` adds to ``GraphKeys/regularizationLosses``
///     (`<scope>/beta/Regularizer/…`); `gammaRegularizer` likewise for `gamma`.
///   - training: Whether to normalize by the batch's statistics and update the moving ones.
///   - trainable: Whether `gamma` and `beta` join ``GraphKeys/trainableVariables``.
///   - reuse: `.reuse` to apply the layer `name` again to other inputs (its ops in `name_1`).
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when the inputs are not rank 4 with a known
///   channel count, ``ScopeFlowError/Code/unimplemented`` for another axis, and what
///   ``getVariable(_:shape:dtype:initializer:trainable:collections:file:line:)`` throws.
public func batchNormalization(
    _ inputs: any TensorConvertible, axis: Int = -1, momentum: Double = 0.99, epsilon: Double = 0.001,
    center: Bool = true, scale: Bool = true, betaInitializer: Initializer = .zeros,
    gammaInitializer: Initializer = .ones, movingMeanInitializer: Initializer = .zeros,
    movingVarianceInitializer: Initializer = .ones, betaRegularizer: Regularizer? = nil,
    gammaRegularizer: Regularizer? = nil, training: Bool = false, trainable: Bool = true,
    name: String? = nil, reuse: Reuse = .inherit, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let layer = BatchNormLayer(
        momentum: momentum, epsilon: epsilon, center: center, scale: scale,
        initializers: [gammaInitializer, betaInitializer, movingMeanInitializer, movingVarianceInitializer],
        regularizers: [gammaRegularizer, betaRegularizer, nil, nil], trainable: trainable,
        location: SourceLocation(fileID: file, line: line))
    return try layer.apply(inputs.tensor, axis: axis, name: name, reuse: reuse) { x, variables in
        try layer.normalize(x, variables, training: training)
    }
}

/// Batch normalization as the form with a `Bool` `training` above, with `training` decided when the
/// graph runs (a bool scalar, e.g. an `is_training` placeholder).
///
/// As TF's `smart_cond`, a constant `training` builds what the `Bool` form builds. Otherwise a
/// cond named `cond` holds both `FusedBatchNormV3` ops (training in its true branch, inference
/// with the moving statistics in its false one) and merges their outputs; a second cond,
/// `cond_1`, merges the momentum and `1.0`, so that the updates, built outside both conds and
/// added to ``GraphKeys/updateOps``, leave the moving statistics unchanged when not training.
///
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `training` is not a bool scalar, and
///   what the `Bool` form throws.
public func batchNormalization(
    _ inputs: any TensorConvertible, axis: Int = -1, momentum: Double = 0.99, epsilon: Double = 0.001,
    center: Bool = true, scale: Bool = true, betaInitializer: Initializer = .zeros,
    gammaInitializer: Initializer = .ones, movingMeanInitializer: Initializer = .zeros,
    movingVarianceInitializer: Initializer = .ones, betaRegularizer: Regularizer? = nil,
    gammaRegularizer: Regularizer? = nil, training: Tensor, trainable: Bool = true,
    name: String? = nil, reuse: Reuse = .inherit, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    guard training.dtype == .bool, training.shape.rank == 0 || training.shape.rank == nil else {
        throw ScopeFlowError(
            .invalidArgument,
            "batchNormalization's training must be a bool scalar, got \(training.name) of type \(training.dtype) and "
                + "shape \(training.shape); pass a bool placeholder or a Bool.",
            names: [training.name], location: SourceLocation(fileID: file, line: line))
    }
    let layer = BatchNormLayer(
        momentum: momentum, epsilon: epsilon, center: center, scale: scale,
        initializers: [gammaInitializer, betaInitializer, movingMeanInitializer, movingVarianceInitializer],
        regularizers: [gammaRegularizer, betaRegularizer, nil, nil], trainable: trainable,
        location: SourceLocation(fileID: file, line: line))
    return try layer.apply(inputs.tensor, axis: axis, name: name, reuse: reuse) { x, variables in
        if let known = training.constantValue?.bools, known.count == 1 {
            return try layer.normalize(x, variables, training: known[0])
        }
        return try layer.normalize(x, variables, training: training)
    }
}

extension GraphKeys {
    /// The ops to run with a training step (`"update_ops"`): batch normalization's moving-average
    /// updates, TF's `UPDATE_OPS`.
    public static let updateOps = "update_ops"
}
