/// Adadelta (TF's `tf.compat.v1.train.AdadeltaOptimizer`): `accum = rho · accum + (1 − rho) · g²`,
/// `update = √(accum_update + ε) / √(accum + ε) · g`, `w -= learningRate · update`,
/// `accum_update = rho · accum_update + (1 − rho) · update²`.
///
/// Slots `accum` (`w/Adadelta`) and `accum_update` (`w/Adadelta_1`); hyperparameter constants `lr`,
/// `rho`, `epsilon`; updates `Adadelta/update_w/ApplyAdadelta`, or for an ``IndexedSlices`` its
/// repeated rows summed, then `SparseApplyAdadelta`, as TF.
public final class AdadeltaOptimizer: Optimizer {
    /// The hyperparameter tensors of one ``applyGradients(_:globalStep:name:)``.
    public struct Prepared {
        let learningRate, rho, epsilon: Tensor
    }

    public let name: String
    public let slots = SlotStore()
    let learningRate, rho, epsilon: Hyperparameter
    let useLocking: Bool

    /// An Adadelta optimizer with TF's defaults.
    public init(
        learningRate: Hyperparameter = 0.001, rho: Hyperparameter = 0.95, epsilon: Hyperparameter = 1e-8,
        useLocking: Bool = false, name: String = "Adadelta"
    ) {
        (self.learningRate, self.rho, self.epsilon) = (learningRate, rho, epsilon)
        self.useLocking = useLocking
        self.name = name
    }

    public func createSlots(for variables: [Variable]) throws {
        for variable in variables { _ = try slotPair(of: variable) }
    }

    public func prepare() throws -> Prepared {
        Prepared(
            learningRate: try learningRate.tensor(named: "lr"), rho: try rho.tensor(named: "rho"),
            epsilon: try epsilon.tensor(named: "epsilon"))
    }

    public func applyDense(_ gradient: Tensor, to variable: Variable, _ prepared: Prepared) throws -> Operation {
        let (accum, accumUpdate) = try slotPair(of: variable)
        return try applyAdadelta(
            variable, accumulator: accum, accumulatorUpdate: accumUpdate,
            learningRate: prepared.learningRate.cast(like: variable), rho: prepared.rho.cast(like: variable),
            epsilon: prepared.epsilon.cast(like: variable), gradient: gradient, useLocking: useLocking
        ).op
    }

    /// The Adadelta update of the rows the gradient names (TF's `_apply_sparse`: `SparseApplyAdadelta`).
    public func applyDeduplicatedSparse(_ gradient: IndexedSlices, to variable: Variable, _ prepared: Prepared)
        throws -> Operation
    {
        let (accum, accumUpdate) = try slotPair(of: variable)
        return try sparseApplyAdadelta(
            variable, accumulator: accum, accumulatorUpdate: accumUpdate,
            learningRate: prepared.learningRate.cast(like: variable), rho: prepared.rho.cast(like: variable),
            epsilon: prepared.epsilon.cast(like: variable), gradient: gradient.values, indices: gradient.indices,
            useLocking: useLocking
        ).op
    }

    /// The `accum` and `accum_update` slots of `variable`, made in TF's order.
    private func slotPair(of variable: Variable) throws -> (Variable, Variable) {
        (
            try slots.slot("accum", for: variable, initializer: .zeros, optimizerName: name),
            try slots.slot("accum_update", for: variable, initializer: .zeros, optimizerName: name)
        )
    }
}
