/// FTRL-proximal (TF's `tf.compat.v1.train.FtrlOptimizer`), the online learner of large sparse
/// linear models, with L1, L2 and L2-shrinkage penalties and a learning rate that falls as
/// `accum^learningRatePower`.
///
/// Slots `accum` (`w/Ftrl`, every element `initialAccumulatorValue`, built as `ones · value`) and
/// `linear` (`w/Ftrl_1`); hyperparameter constants `learning_rate`, `l1_regularization_strength`,
/// the adjusted L2 strength `l2 + beta / (2 · max(learning_rate, 1e-36))` (ops `Maximum`, `mul`,
/// `truediv`, `add`), `beta`, `l2_shrinkage_regularization_strength`, `learning_rate_power`;
/// updates `Ftrl/update_w/ApplyFtrl` (`ApplyFtrlV2` when the shrinkage is positive), or for an
/// ``IndexedSlices`` its repeated rows summed, then `SparseApplyFtrl` (`SparseApplyFtrlV2`), as TF.
public final class FtrlOptimizer: Optimizer {
    /// The hyperparameter tensors of one ``applyGradients(_:globalStep:name:)``.
    public struct Prepared {
        let learningRate, l1, adjustedL2, l2Shrinkage, learningRatePower: Tensor
    }

    public let name: String
    public let slots = SlotStore()
    let learningRate: Hyperparameter
    let learningRatePower, initialAccumulatorValue, l1, l2, l2Shrinkage, beta: Double
    let useLocking: Bool
    let accumulatorName, linearName: String?

    /// An FTRL optimizer with TF's defaults; `accumulatorName` and `linearName` name the slots'
    /// variables in place of the optimizer's name.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument``, as TF, when `initialAccumulatorValue`,
    ///   a strength or `beta` is negative, or `learningRatePower` is positive.
    public init(
        learningRate: Hyperparameter, learningRatePower: Double = -0.5, initialAccumulatorValue: Double = 0.1,
        l1RegularizationStrength: Double = 0, l2RegularizationStrength: Double = 0, useLocking: Bool = false,
        name: String = "Ftrl", accumulatorName: String? = nil, linearName: String? = nil,
        l2ShrinkageRegularizationStrength: Double = 0, beta: Double = 0
    ) throws {
        let nonNegative = [
            ("initial_accumulator_value", initialAccumulatorValue),
            ("l1_regularization_strength", l1RegularizationStrength),
            ("l2_regularization_strength", l2RegularizationStrength),
            ("l2_shrinkage_regularization_strength", l2ShrinkageRegularizationStrength), ("beta", beta),
        ]
        for (what, value) in nonNegative where !(value >= 0) {
            throw ScopeFlowError(.invalidArgument, "\(what) \(value) needs to be positive or zero.")
        }
        guard learningRatePower <= 0 else {
            throw ScopeFlowError(
                .invalidArgument, "learning_rate_power \(learningRatePower) needs to be negative or zero.")
        }
        self.learningRate = learningRate
        (self.learningRatePower, self.initialAccumulatorValue) = (learningRatePower, initialAccumulatorValue)
        (l1, l2, l2Shrinkage) = (l1RegularizationStrength, l2RegularizationStrength, l2ShrinkageRegularizationStrength)
        self.beta = beta
        self.useLocking = useLocking
        self.name = name
        (self.accumulatorName, self.linearName) = (accumulatorName, linearName)
    }

    public func createSlots(for variables: [Variable]) throws {
        for variable in variables { _ = try slotPair(of: variable) }
    }

    public func prepare() throws -> Prepared {
        let rate = try learningRate.tensor(named: "learning_rate")
        let l1 = try constant(l1, name: "l1_regularization_strength")
        // TF's `l2 + beta / (2 * maximum(learning_rate, 1e-36))`, on the Python number itself when
        // the learning rate is one.
        let floor: Tensor
        switch learningRate {
        case .value(let value):
            floor = try nameScope(nil, defaultName: "Maximum") { scope in
                try maximum(constant(value, name: "x"), constant(1e-36, name: "y"), name: scope)
            }
        case .tensor(let tensor):
            floor = try scalarBinary("Maximum", tensor, 1e-36, defaultName: "Maximum", scalarFirst: false)
        }
        let doubled = try scalarBinary("Mul", floor, 2, defaultName: "mul", scalarFirst: true)
        let adjustedL2 = try l2 + scalarBinary("RealDiv", doubled, beta, defaultName: "truediv", scalarFirst: true)
        _ = try constant(beta, name: "beta")
        return Prepared(
            learningRate: rate, l1: l1, adjustedL2: adjustedL2,
            l2Shrinkage: try constant(l2Shrinkage, name: "l2_shrinkage_regularization_strength"),
            learningRatePower: try constant(learningRatePower, name: "learning_rate_power"))
    }

    public func applyDense(_ gradient: Tensor, to variable: Variable, _ prepared: Prepared) throws -> Operation {
        let (accum, linear) = try slotPair(of: variable)
        let p = try hyperparameters(prepared, like: variable)
        return try applyFtrl(
            variable, accumulator: accum, linear: linear, gradient: gradient, learningRate: p.0, l1: p.1, l2: p.2,
            l2Shrinkage: p.3, learningRatePower: p.4, useLocking: useLocking
        ).op
    }

    /// The FTRL update of the rows the gradient names (TF's `_apply_sparse`: `SparseApplyFtrl`).
    public func applyDeduplicatedSparse(_ gradient: IndexedSlices, to variable: Variable, _ prepared: Prepared)
        throws -> Operation
    {
        let (accum, linear) = try slotPair(of: variable)
        let p = try hyperparameters(prepared, like: variable)
        return try sparseApplyFtrl(
            variable, accumulator: accum, linear: linear, gradient: gradient.values, indices: gradient.indices,
            learningRate: p.0, l1: p.1, l2: p.2, l2Shrinkage: p.3, learningRatePower: p.4, useLocking: useLocking
        ).op
    }

    /// The learning rate, L1, adjusted L2, L2 shrinkage (nil unless positive: the op is then
    /// `ApplyFtrl`) and learning rate power, cast to `variable`'s dtype in TF's order.
    private func hyperparameters(_ prepared: Prepared, like variable: Variable) throws -> (
        Tensor, Tensor, Tensor, Tensor?, Tensor
    ) {
        (
            try prepared.learningRate.cast(like: variable), try prepared.l1.cast(like: variable),
            try prepared.adjustedL2.cast(like: variable),
            l2Shrinkage > 0 ? try prepared.l2Shrinkage.cast(like: variable) : nil,
            try prepared.learningRatePower.cast(like: variable)
        )
    }

    /// The `accum` and `linear` slots of `variable`, made in TF's order.
    private func slotPair(of variable: Variable) throws -> (Variable, Variable) {
        (
            try slots.slot(
                "accum", for: variable, initializer: .scaledOnes(initialAccumulatorValue),
                optimizerName: accumulatorName ?? name),
            try slots.slot("linear", for: variable, initializer: .zeros, optimizerName: linearName ?? name)
        )
    }
}
