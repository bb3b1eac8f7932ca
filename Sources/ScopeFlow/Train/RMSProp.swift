/// RMSProp (TF's `tf.compat.v1.train.RMSPropOptimizer`):
/// `ms = decay · ms + (1 − decay) · g²`, `mom = momentum · mom + learningRate · g / √(ms + ε)`, `w -= mom`;
/// `centered` also keeps the gradients' moving mean `mg` and divides by `√(ms − mg² + ε)`.
///
/// Slots `rms` (starting at ones, `w/RMSProp`), with `centered` `mg` (`w/RMSProp_1`), and `momentum`
/// (`w/RMSProp_1`, or `w/RMSProp_2` when centered), made in TF's order; updates
/// `RMSProp/update_w/ApplyRMSProp` (`ApplyCenteredRMSProp`); given an ``IndexedSlices``, its repeated
/// rows summed, then `SparseApplyRMSProp` (`SparseApplyCenteredRMSProp`) of those rows, as TF.
public final class RMSPropOptimizer: Optimizer {
    /// The hyperparameter tensors of one ``applyGradients(_:globalStep:name:)``.
    public struct Prepared {
        let learningRate, decay, momentum, epsilon: Tensor
    }

    public let name: String
    public let slots = SlotStore()
    let learningRate, decay, momentum, epsilon: Hyperparameter
    let useLocking, centered: Bool

    /// An RMSProp optimizer with TF's defaults.
    public init(
        learningRate: Hyperparameter, decay: Hyperparameter = 0.9, momentum: Hyperparameter = 0.0,
        epsilon: Hyperparameter = 1e-10, useLocking: Bool = false, centered: Bool = false, name: String = "RMSProp"
    ) {
        (self.learningRate, self.decay, self.momentum, self.epsilon) = (learningRate, decay, momentum, epsilon)
        (self.useLocking, self.centered) = (useLocking, centered)
        self.name = name
    }

    public func createSlots(for variables: [Variable]) throws {
        for variable in variables { _ = try slotsOf(variable) }
    }

    public func prepare() throws -> Prepared {
        Prepared(
            learningRate: try learningRate.tensor(named: "learning_rate"), decay: try decay.tensor(named: "decay"),
            momentum: try momentum.tensor(named: "momentum"), epsilon: try epsilon.tensor(named: "epsilon"))
    }

    public func applyDense(_ gradient: Tensor, to variable: Variable, _ prepared: Prepared) throws -> Operation {
        let (rms, mg, mom) = try slotsOf(variable)
        let (lr, rho, momentum, epsilon) = try hyperparameters(prepared, like: variable)
        if let mg {
            return try applyCenteredRMSProp(
                variable, mg: mg, ms: rms, mom: mom, learningRate: lr, rho: rho, momentum: momentum,
                epsilon: epsilon, gradient: gradient, useLocking: useLocking
            ).op
        }
        return try applyRMSProp(
            variable, ms: rms, mom: mom, learningRate: lr, rho: rho, momentum: momentum, epsilon: epsilon,
            gradient: gradient, useLocking: useLocking
        ).op
    }

    /// The RMSProp update of the rows the gradient names (TF's `_apply_sparse`).
    public func applyDeduplicatedSparse(_ gradient: IndexedSlices, to variable: Variable, _ prepared: Prepared)
        throws -> Operation
    {
        let (rms, mg, mom) = try slotsOf(variable)
        let (lr, rho, momentum, epsilon) = try hyperparameters(prepared, like: variable)
        if let mg {
            return try sparseApplyCenteredRMSProp(
                variable, mg: mg, ms: rms, mom: mom, learningRate: lr, rho: rho, momentum: momentum,
                epsilon: epsilon, gradient: gradient.values, indices: gradient.indices, useLocking: useLocking
            ).op
        }
        return try sparseApplyRMSProp(
            variable, ms: rms, mom: mom, learningRate: lr, rho: rho, momentum: momentum, epsilon: epsilon,
            gradient: gradient.values, indices: gradient.indices, useLocking: useLocking
        ).op
    }

    /// The hyperparameters cast to `variable`'s dtype, in TF's order.
    private func hyperparameters(_ prepared: Prepared, like variable: Variable) throws -> (
        Tensor, Tensor, Tensor, Tensor
    ) {
        (
            try prepared.learningRate.cast(like: variable), try prepared.decay.cast(like: variable),
            try prepared.momentum.cast(like: variable), try prepared.epsilon.cast(like: variable)
        )
    }

    /// The `rms`, `mg` (centered only) and `momentum` slots of `variable`, made in TF's order.
    private func slotsOf(_ variable: Variable) throws -> (Variable, Variable?, Variable) {
        let rms = try slots.slot("rms", for: variable, initializer: .ones, optimizerName: name)
        let mg = centered ? try slots.slot("mg", for: variable, initializer: .zeros, optimizerName: name) : nil
        return (rms, mg, try slots.slot("momentum", for: variable, initializer: .zeros, optimizerName: name))
    }
}
