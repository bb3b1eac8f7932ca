/// How `batchNormalization` builds, as TF's fused `BatchNormalization` layer does: its variables
/// (`build`), then `FusedBatchNormV3` and the moving-average updates (`_fused_batch_norm`).
struct BatchNormLayer {
    /// The layer's variables; `gamma` and `beta` are nil without `scale` or `center`.
    struct Variables {
        let gamma: Variable?
        let beta: Variable?
        let movingMean: Variable
        let movingVariance: Variable
    }

    let momentum: Double
    let epsilon: Double
    let center: Bool
    let scale: Bool
    /// The initializers of `gamma`, `beta`, `moving_mean` and `moving_variance`.
    let initializers: [Initializer]
    /// Their regularizers, in the same order.
    let regularizers: [Regularizer?]
    let trainable: Bool
    let location: SourceLocation

    /// Checks `x`, opens the layer's scope, builds (or reuses) the variables there and runs `body`.
    func apply(
        _ x: Tensor, axis: Int, name: String?, reuse: Reuse, _ body: (Tensor, Variables) throws -> Tensor
    ) throws -> Tensor {
        guard x.shape.rank == 4, let channels = x.shape.dims?[3] else {
            throw ScopeFlowError(
                .shapeMismatch,
                "batchNormalization needs NHWC inputs of rank 4 with a known channel count, not \(x.name) of shape "
                    + "\(x.shape); reshape them to [batch, height, width, channels].",
                names: [x.name], location: location)
        }
        guard axis == -1 || axis == 3 else {
            throw ScopeFlowError(
                .unimplemented,
                "batchNormalization normalizes the last axis (-1 or 3) of NHWC inputs, not axis \(axis); transpose "
                    + "the inputs to channels last.",
                names: [x.name], location: location)
        }
        return try locatingErrors(at: location) {
            try layerScope(name, defaultName: "batch_normalization", values: [x], reuse: reuse) {
                try body(x, build(channels: channels))
            }
        }
    }

    /// The variables in TF's order: `gamma`, `beta`, then the untrainable moving statistics.
    private func build(channels: Int) throws -> Variables {
        func variable(_ name: String, _ index: Int, trainable: Bool) throws -> Variable {
            try layerWeight(
                name, shape: [channels], dtype: .float32, initializer: initializers[index],
                regularizer: regularizers[index], trainable: trainable, file: location.fileID, line: location.line)
        }
        return Variables(
            gamma: scale ? try variable("gamma", 0, trainable: trainable) : nil,
            beta: center ? try variable("beta", 1, trainable: trainable) : nil,
            movingMean: try variable("moving_mean", 2, trainable: false),
            movingVariance: try variable("moving_variance", 3, trainable: false))
    }

    /// Normalizes `x` by the batch's statistics (`training`, with the updates) or the moving ones.
    func normalize(_ x: Tensor, _ variables: Variables, training: Bool) throws -> Tensor {
        let (gamma, beta) = try parameters(variables)
        let outputs = try fused(x, gamma, beta, variables, training: training)
        guard training else { return outputs[0] }
        let rate = try constant(momentum, file: location.fileID, line: location.line)
        try addUpdates(variables, mean: outputs[1], variance: outputs[2], momentum: rate)
        return outputs[0]
    }

    /// Normalizes `x` in a cond on `training`: both fused ops, the momentum or `1.0` from a second
    /// cond, and the updates with that momentum.
    func normalize(_ x: Tensor, _ variables: Variables, training: Tensor) throws -> Tensor {
        let (gamma, beta) = try parameters(variables)
        let outputs = try cond(
            training, trueFn: { try fused(x, gamma, beta, variables, training: true) },
            falseFn: { try fused(x, gamma, beta, variables, training: false) }, file: location.fileID,
            line: location.line)
        let rate = try cond(
            training, trueFn: { try constant(momentum) }, falseFn: { try constant(1.0) },
            file: location.fileID, line: location.line)
        try addUpdates(variables, mean: outputs[1], variance: outputs[2], momentum: rate)
        return outputs[0]
    }

    /// `gamma` and `beta`, or for a missing one a `Const` of ones or zeros (`beta`'s first, as TF).
    private func parameters(_ variables: Variables) throws -> (gamma: Tensor, beta: Tensor) {
        let channels = variables.movingMean.shape.dims?[0] ?? 0
        let beta = try variables.beta?.tensor ?? constant(HostTensor(scalar: Float(0)), shape: [channels])
        let gamma = try variables.gamma?.tensor ?? constant(HostTensor(scalar: Float(1)), shape: [channels])
        return (gamma, beta)
    }

    /// The `FusedBatchNormV3` op on the moving statistics: the batch's in training.
    private func fused(
        _ x: Tensor, _ gamma: Tensor, _ beta: Tensor, _ variables: Variables, training: Bool
    ) throws -> [Tensor] {
        let (y, mean, variance) = try fusedBatchNorm(
            x, scale: gamma, offset: beta, mean: variables.movingMean, variance: variables.movingVariance,
            epsilon: epsilon, isTraining: training, file: location.fileID, line: location.line)
        return [y, mean, variance]
    }

    /// `AssignMovingAvg` and `AssignMovingAvg_1`: each moving statistic minus
    /// `(statistic − value) · (1 − momentum)`, added to ``GraphKeys/updateOps``.
    private func addUpdates(_ variables: Variables, mean: Tensor, variance: Tensor, momentum: Tensor) throws {
        for (variable, value) in [(variables.movingMean, mean), (variables.movingVariance, variance)] {
            let update = try assignMovingAverage(variable, value, decay: momentum, location: location)
            try update.graph.addToCollection(GraphKeys.updateOps, .operation(update.op))
        }
    }
}
