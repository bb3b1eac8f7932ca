/// Adagrad (TF's `tf.compat.v1.train.AdagradOptimizer`): `accum += g²`,
/// `w -= learningRate · g / √accum`, each weight's step shrinking as its gradients add up.
///
/// Slot `accumulator` per variable (`w/Adagrad`, every element `initialAccumulatorValue`);
/// updates `Adagrad/update_w/ApplyAdagrad`; given an ``IndexedSlices`` (an embedding's gradient),
/// its repeated rows summed (`Unique`, `UnsortedSegmentSum`), then `Adagrad/update_w/SparseApplyAdagrad`
/// of the rows looked up, as TF.
///
/// ```swift
/// let optimizer = try AdagradOptimizer(learningRate: 0.1)
/// let train = try optimizer.applyGradients([(gradient, w)])   // Adagrad
/// print(optimizer.slot(for: w, named: "accumulator")!.name)  // w/Adagrad:0
/// ```
public final class AdagradOptimizer: Optimizer {
    public let name: String
    public let slots = SlotStore()
    let learningRate: Hyperparameter
    let initialAccumulatorValue: Double
    let useLocking: Bool

    /// An Adagrad optimizer.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `initialAccumulatorValue` is not positive.
    public init(
        learningRate: Hyperparameter, initialAccumulatorValue: Double = 0.1, useLocking: Bool = false,
        name: String = "Adagrad"
    ) throws {
        guard initialAccumulatorValue > 0 else {
            throw ScopeFlowError(
                .invalidArgument,
                "initial_accumulator_value must be positive: \(initialAccumulatorValue); the first step divides "
                    + "by its square root.")
        }
        self.learningRate = learningRate
        self.initialAccumulatorValue = initialAccumulatorValue
        self.useLocking = useLocking
        self.name = name
    }

    public func createSlots(for variables: [Variable]) throws {
        for variable in variables { _ = try accumulator(of: variable) }
    }

    public func prepare() throws -> Tensor { try learningRate.tensor(named: "learning_rate") }

    public func applyDense(_ gradient: Tensor, to variable: Variable, _ learningRate: Tensor) throws -> Operation {
        try applyAdagrad(
            variable, accumulator: accumulator(of: variable), learningRate: learningRate.cast(like: variable),
            gradient: gradient, useLocking: useLocking
        ).op
    }

    /// The Adagrad update of the rows the gradient names (TF's `_apply_sparse`: `SparseApplyAdagrad`).
    public func applyDeduplicatedSparse(_ gradient: IndexedSlices, to variable: Variable, _ learningRate: Tensor)
        throws -> Operation
    {
        try sparseApplyAdagrad(
            variable, accumulator: accumulator(of: variable), learningRate: learningRate.cast(like: variable),
            gradient: gradient.values, indices: gradient.indices, useLocking: useLocking
        ).op
    }

    private func accumulator(of variable: Variable) throws -> Variable {
        try slots.slot(
            "accumulator", for: variable, initializer: .constant(initialAccumulatorValue), optimizerName: name)
    }
}
