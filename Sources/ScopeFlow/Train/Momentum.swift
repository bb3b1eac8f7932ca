/// Gradient descent with momentum (TF's `tf.compat.v1.train.MomentumOptimizer`):
/// `accum = momentum · accum + g`, `w -= learningRate · accum`, or with
/// Nesterov `w -= learningRate · (g + momentum · accum)`.
///
/// Slot `momentum` per variable (`w/Momentum`); updates `Momentum/update_w/ApplyMomentum`; given an
/// ``IndexedSlices``, its repeated rows summed (`Unique`, `UnsortedSegmentSum`), then
/// `Momentum/update_w/SparseApplyMomentum` of those rows, as TF.
public final class MomentumOptimizer: Optimizer {
    /// The hyperparameter tensors of one ``applyGradients(_:globalStep:name:)``.
    public struct Prepared {
        let learningRate, momentum: Tensor
    }

    public let name: String
    public let slots = SlotStore()
    let learningRate, momentum: Hyperparameter
    let useLocking, useNesterov: Bool

    /// A momentum optimizer.
    public init(
        learningRate: Hyperparameter, momentum: Hyperparameter, useLocking: Bool = false, useNesterov: Bool = false,
        name: String = "Momentum"
    ) {
        (self.learningRate, self.momentum) = (learningRate, momentum)
        (self.useLocking, self.useNesterov) = (useLocking, useNesterov)
        self.name = name
    }

    public func createSlots(for variables: [Variable]) throws {
        for variable in variables { _ = try accumulator(of: variable) }
    }

    public func prepare() throws -> Prepared {
        Prepared(
            learningRate: try learningRate.tensor(named: "learning_rate"),
            momentum: try momentum.tensor(named: "momentum"))
    }

    public func applyDense(_ gradient: Tensor, to variable: Variable, _ prepared: Prepared) throws -> Operation {
        try applyMomentum(
            variable, accumulator: try accumulator(of: variable),
            learningRate: prepared.learningRate.cast(like: variable),
            gradient: gradient, momentum: prepared.momentum.cast(like: variable), useLocking: useLocking,
            useNesterov: useNesterov
        ).op
    }

    /// The momentum update of the rows the gradient names (TF's `_apply_sparse`: `SparseApplyMomentum`).
    public func applyDeduplicatedSparse(_ gradient: IndexedSlices, to variable: Variable, _ prepared: Prepared)
        throws -> Operation
    {
        try sparseApplyMomentum(
            variable, accumulator: try accumulator(of: variable),
            learningRate: prepared.learningRate.cast(like: variable), gradient: gradient.values,
            indices: gradient.indices, momentum: prepared.momentum.cast(like: variable), useLocking: useLocking,
            useNesterov: useNesterov
        ).op
    }

    private func accumulator(of variable: Variable) throws -> Variable {
        try slots.slot("momentum", for: variable, initializer: .zeros, optimizerName: name)
    }
}
