/// Proximal Adagrad (TF's `tf.compat.v1.train.ProximalAdagradOptimizer`): Adagrad's step
/// (`accum += g²`, rate `learningRate / √accum`) followed by the proximal step of the L1
/// (soft thresholding) and L2 (shrinking) penalties.
///
/// Slot `accumulator` (`w/ProximalAdagrad`), started from a `Const` of `initialAccumulatorValue`
/// built where the slots are made, as TF; hyperparameter constants `learning_rate`,
/// `l1_regularization_strength`, `l2_regularization_strength`, used uncast as TF does; updates
/// `ProximalAdagrad/update_w/ApplyProximalAdagrad`, or for an ``IndexedSlices`` its repeated rows
/// summed, then `SparseApplyProximalAdagrad`. Running an update checks, as TF's kernel, that the
/// learning rate is positive and the strengths are not negative.
public final class ProximalAdagradOptimizer: Optimizer {
    public let name: String
    public let slots = SlotStore()
    let penalties: ProximalPenalties
    let initialAccumulatorValue: Double
    let useLocking: Bool

    /// A proximal Adagrad optimizer.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `initialAccumulatorValue` is not positive.
    public init(
        learningRate: Hyperparameter, initialAccumulatorValue: Double = 0.1, l1RegularizationStrength: Double = 0,
        l2RegularizationStrength: Double = 0, useLocking: Bool = false, name: String = "ProximalAdagrad"
    ) throws {
        guard initialAccumulatorValue > 0 else {
            throw ScopeFlowError(
                .invalidArgument,
                "initial_accumulator_value must be positive: \(initialAccumulatorValue); the first step divides "
                    + "by its square root.")
        }
        penalties = ProximalPenalties(
            learningRate: learningRate, l1: l1RegularizationStrength, l2: l2RegularizationStrength)
        self.initialAccumulatorValue = initialAccumulatorValue
        self.useLocking = useLocking
        self.name = name
    }

    public func createSlots(for variables: [Variable]) throws {
        for variable in variables where slots.slot("accumulator", for: variable) == nil {
            guard let dims = variable.shape.knownDims else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "ProximalAdagrad needs \(variable.name)'s full shape to build its accumulator, got "
                        + "\(variable.shape.bracketed); give the variable a fully defined shape.",
                    names: [variable.name])
            }
            let start = try constant(HostTensor(scalar: initialAccumulatorValue), dtype: variable.dtype, shape: dims)
            _ = try slots.slot("accumulator", for: variable, initializer: .tensor(start), optimizerName: name)
        }
    }

    public func prepare() throws -> ProximalPenalties.Prepared { try penalties.prepare() }

    public func applyDense(_ gradient: Tensor, to variable: Variable, _ prepared: ProximalPenalties.Prepared) throws
        -> Operation
    {
        try applyProximalAdagrad(
            variable, accumulator: accumulator(of: variable), learningRate: prepared.learningRate, l1: prepared.l1,
            l2: prepared.l2, gradient: gradient, useLocking: useLocking
        ).op
    }

    /// The update of the rows the gradient names (TF's `_apply_sparse`: `SparseApplyProximalAdagrad`).
    public func applyDeduplicatedSparse(
        _ gradient: IndexedSlices, to variable: Variable, _ prepared: ProximalPenalties.Prepared
    ) throws -> Operation {
        try sparseApplyProximalAdagrad(
            variable, accumulator: accumulator(of: variable), learningRate: prepared.learningRate, l1: prepared.l1,
            l2: prepared.l2, gradient: gradient.values, indices: gradient.indices, useLocking: useLocking
        ).op
    }

    private func accumulator(of variable: Variable) throws -> Variable {
        guard let made = slots.slot("accumulator", for: variable) else {
            throw ScopeFlowError(
                .invalidArgument,
                "\(variable.name) has no ProximalAdagrad accumulator: apply gradients with applyGradients, "
                    + "which makes the slots first.",
                names: [variable.name])
        }
        return made
    }
}

/// Proximal gradient descent (TF's `tf.compat.v1.train.ProximalGradientDescentOptimizer`):
/// `v = w − learningRate · g`, then the proximal step of the L1 (soft thresholding by
/// `learningRate · l1`) and L2 (dividing by `1 + learningRate · l2`) penalties.
///
/// No slots; hyperparameter constants `learning_rate`, `l1_regularization_strength`,
/// `l2_regularization_strength`; updates `ProximalGradientDescent/update_w/ApplyProximalGradientDescent`,
/// or for an ``IndexedSlices`` its repeated rows summed, then `SparseApplyProximalGradientDescent`.
public final class ProximalGradientDescentOptimizer: Optimizer {
    public let name: String
    public let slots = SlotStore()
    let penalties: ProximalPenalties
    let useLocking: Bool

    /// A proximal gradient descent optimizer.
    public init(
        learningRate: Hyperparameter, l1RegularizationStrength: Double = 0, l2RegularizationStrength: Double = 0,
        useLocking: Bool = false, name: String = "ProximalGradientDescent"
    ) {
        penalties = ProximalPenalties(
            learningRate: learningRate, l1: l1RegularizationStrength, l2: l2RegularizationStrength)
        self.useLocking = useLocking
        self.name = name
    }

    public func createSlots(for variables: [Variable]) throws {}

    public func prepare() throws -> ProximalPenalties.Prepared { try penalties.prepare() }

    public func applyDense(_ gradient: Tensor, to variable: Variable, _ prepared: ProximalPenalties.Prepared) throws
        -> Operation
    {
        try applyProximalGradientDescent(
            variable, alpha: prepared.learningRate, l1: prepared.l1, l2: prepared.l2, delta: gradient,
            useLocking: useLocking
        ).op
    }

    /// The update of the rows the gradient names (TF's `_apply_sparse`:
    /// `SparseApplyProximalGradientDescent`).
    public func applyDeduplicatedSparse(
        _ gradient: IndexedSlices, to variable: Variable, _ prepared: ProximalPenalties.Prepared
    ) throws -> Operation {
        try sparseApplyProximalGradientDescent(
            variable, alpha: prepared.learningRate, l1: prepared.l1, l2: prepared.l2, gradient: gradient.values,
            indices: gradient.indices, useLocking: useLocking
        ).op
    }
}

/// The hyperparameters the proximal optimizers share: a learning rate and the L1 and L2 strengths.
public struct ProximalPenalties: Sendable {
    /// Their tensors in one ``Optimizer/applyGradients(_:globalStep:name:)``.
    public struct Prepared {
        let learningRate, l1, l2: Tensor
    }

    let learningRate: Hyperparameter
    let l1, l2: Double

    /// The constants `learning_rate`, `l1_regularization_strength`, `l2_regularization_strength` (TF's `_prepare`).
    func prepare() throws -> Prepared {
        Prepared(
            learningRate: try learningRate.tensor(named: "learning_rate"),
            l1: try constant(l1, name: "l1_regularization_strength"),
            l2: try constant(l2, name: "l2_regularization_strength"))
    }
}
