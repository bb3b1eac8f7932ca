/// The Adam optimizer (TF's `tf.compat.v1.train.AdamOptimizer`).
///
/// Slots `m` and `v` per variable (`w/Adam`, `w/Adam_1`); non-slot variables
/// `beta1_power` and `beta2_power` in the name scope where gradients are
/// applied; updates `Adam/update_w/ApplyAdam`, then `Adam/Assign` and
/// `Adam/Assign_1` advance the beta powers and `Adam` groups them all.
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
            _ = try slots.slot("m", for: variable, initializer: .zeros, optimizerName: name)
            _ = try slots.slot("v", for: variable, initializer: .zeros, optimizerName: name)
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
            variable, m: try slots.slot("m", for: variable, initializer: .zeros, optimizerName: name),
            v: try slots.slot("v", for: variable, initializer: .zeros, optimizerName: name),
            beta1Power: beta1Power.tensor.cast(like: variable), beta2Power: beta2Power.tensor.cast(like: variable),
            learningRate: prepared.learningRate.cast(like: variable), beta1: prepared.beta1.cast(like: variable),
            beta2: prepared.beta2.cast(like: variable), epsilon: prepared.epsilon.cast(like: variable),
            gradient: gradient, useLocking: useLocking
        ).op
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

    /// `beta1_power` and `beta2_power` of the current graph.
    private func betaPowers() throws -> (Variable, Variable) {
        (try slots.nonSlot("beta1_power", initialValue: beta1), try slots.nonSlot("beta2_power", initialValue: beta2))
    }
}
