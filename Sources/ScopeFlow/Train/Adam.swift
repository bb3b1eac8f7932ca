/// The Adam optimizer (TF's `tf.compat.v1.train.AdamOptimizer`).
///
/// Slots `m` and `v` per variable (`w/Adam`, `w/Adam_1`); non-slot variables
/// `beta1_power` and `beta2_power` in the name scope where gradients are
/// applied; updates `Adam/update_w/ApplyAdam`, then `Adam/Assign` and
/// `Adam/Assign_1` advance the beta powers and `Adam` groups them all. Given an
/// ``IndexedSlices``, its repeated rows are summed, then, as TF's `_apply_sparse_shared`, `m` and
/// `v` decay whole (`Assign`) and gain the rows' scaled gradients (`ScatterAdd`), and the variable
/// takes the step (`AssignSub`), grouped as `Adam/update_w/group_deps`.
public final class AdamOptimizer: Optimizer {
    /// The hyperparameter tensors of one ``applyGradients(_:globalStep:name:)``.
    public struct Prepared {
        let learningRate, beta1, beta2, epsilon: Tensor
    }

    public let name: String
    public let slots = SlotStore()
    let learningRate, beta1, beta2, epsilon: Hyperparameter
    let useLocking: Bool

    /// An Adam optimizer with TF's defaults.
    public init(
        learningRate: Hyperparameter = 0.001, beta1: Hyperparameter = 0.9, beta2: Hyperparameter = 0.999,
        epsilon: Hyperparameter = 1e-8, useLocking: Bool = false, name: String = "Adam"
    ) {
        (self.learningRate, self.beta1, self.beta2, self.epsilon) = (learningRate, beta1, beta2, epsilon)
        self.useLocking = useLocking
        self.name = name
    }

    public func createSlots(for variables: [Variable]) throws {
        _ = try slots.nonSlot("beta1_power", initialValue: beta1)
        _ = try slots.nonSlot("beta2_power", initialValue: beta2)
        for variable in variables {
            _ = try mSlot(of: variable)
            _ = try vSlot(of: variable)
        }
    }

    public func prepare() throws -> Prepared {
        Prepared(
            learningRate: try learningRate.tensor(named: "learning_rate"), beta1: try beta1.tensor(named: "beta1"),
            beta2: try beta2.tensor(named: "beta2"), epsilon: try epsilon.tensor(named: "epsilon"))
    }

    public func applyDense(_ gradient: Tensor, to variable: Variable, _ prepared: Prepared) throws -> Operation {
        let (beta1Power, beta2Power) = try betaPowers()
        return try applyAdam(
            variable, m: try mSlot(of: variable), v: try vSlot(of: variable),
            beta1Power: beta1Power.tensor.cast(like: variable), beta2Power: beta2Power.tensor.cast(like: variable),
            learningRate: prepared.learningRate.cast(like: variable), beta1: prepared.beta1.cast(like: variable),
            beta2: prepared.beta2.cast(like: variable), epsilon: prepared.epsilon.cast(like: variable),
            gradient: gradient, useLocking: useLocking
        ).op
    }

    /// The Adam update of a sparse gradient's rows, built as TF's `_apply_sparse_shared`:
    /// `lr = learning_rate · √(1 − β₂ᵗ) / (1 − β₁ᵗ)`; `m = β₁m`, then `m[rows] += (1 − β₁)g`;
    /// `v = β₂v`, then `v[rows] += (1 − β₂)g²`; `w −= lr · m / (√v + ε)` over the whole variable.
    public func applyDeduplicatedSparse(_ gradient: IndexedSlices, to variable: Variable, _ prepared: Prepared)
        throws -> Operation
    {
        let (beta1Power, beta2Power) = try betaPowers()
        let location = SourceLocation(fileID: #fileID, line: #line)
        let (grad, indices) = (gradient.values, gradient.indices)
        let (power1, power2) = (try beta1Power.tensor.cast(like: variable), try beta2Power.tensor.cast(like: variable))
        let learningRate = try prepared.learningRate.cast(like: variable)
        let (beta1, beta2) = (try prepared.beta1.cast(like: variable), try prepared.beta2.cast(like: variable))
        let epsilon = try prepared.epsilon.cast(like: variable)
        let rate = try divide(learningRate * sqrt(1 - power2), 1 - power1)
        /// `slot = slot · beta`, then the scaled rows added: TF's `assign` then `scatter_add`
        /// under `control_dependencies([assign])`.
        func decayAndAdd(_ slot: Variable, beta: Tensor, rows: Tensor) throws -> Tensor {
            let decayed = try assignOp(slot.ref, slot.tensor * beta, useLocking: useLocking, location: location)
            return try controlDependencies([decayed.op]) {
                try scatterAdd(slot, indices: indices, updates: rows, useLocking: useLocking)
            }
        }
        let m = try decayAndAdd(mSlot(of: variable), beta: beta1, rows: grad * (1 - beta1))
        let squared = try grad * grad
        let v = try decayAndAdd(vSlot(of: variable), beta: beta2, rows: squared * (1 - beta2))
        let root = try sqrt(v)
        let step = try divide(rate * m, root + epsilon)
        let update = try assignSub(variable, step)
        return try group([update.op, m.op, v.op])
    }

    public func finish(_ updates: [Operation], name: String, _ prepared: Prepared) throws -> Operation {
        let (beta1Power, beta2Power) = try betaPowers()
        let location = SourceLocation(fileID: #fileID, line: #line)
        // TF builds these under `control_dependencies(updates)`, which marks the `Mul`s.
        func advance(_ power: Variable, by beta: Tensor) throws -> Operation {
            let product = try binaryOp(
                "Mul", power, beta, name: nil, defaultName: "mul", controlInputs: updates, location: location)
            return try assignOp(power.ref, product, useLocking: useLocking, location: location).op
        }
        let updateBeta1 = try advance(beta1Power, by: prepared.beta1)
        let updateBeta2 = try advance(beta2Power, by: prepared.beta2)
        return try group(updates + [updateBeta1, updateBeta2], name: name)
    }

    /// The first-moment slot `m` of `variable`.
    private func mSlot(of variable: Variable) throws -> Variable {
        try slots.slot("m", for: variable, initializer: .zeros, optimizerName: name)
    }

    /// The second-moment slot `v` of `variable`.
    private func vSlot(of variable: Variable) throws -> Variable {
        try slots.slot("v", for: variable, initializer: .zeros, optimizerName: name)
    }

    /// `beta1_power` and `beta2_power` of the current graph.
    private func betaPowers() throws -> (Variable, Variable) {
        (try slots.nonSlot("beta1_power", initialValue: beta1), try slots.nonSlot("beta2_power", initialValue: beta2))
    }
}
