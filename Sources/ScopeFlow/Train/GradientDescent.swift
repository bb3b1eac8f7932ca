/// Plain gradient descent, `w -= learningRate · g` (TF's `tf.compat.v1.train.GradientDescentOptimizer`).
///
/// No slots; updates `GradientDescent/update_w/ApplyGradientDescent`, grouped as `GradientDescent`;
/// given an ``IndexedSlices`` (an embedding's gradient), `GradientDescent/update_w/ScatterSub` of the rows.
public final class GradientDescentOptimizer: Optimizer {
    public let name: String
    public let slots = SlotStore()
    let learningRate: Hyperparameter
    let useLocking: Bool

    /// A gradient descent optimizer.
    public init(learningRate: Hyperparameter, useLocking: Bool = false, name: String = "GradientDescent") {
        self.learningRate = learningRate
        self.useLocking = useLocking
        self.name = name
    }

    public func createSlots(for variables: [Variable]) throws {}

    public func prepare() throws -> Tensor { try learningRate.tensor(named: "learning_rate") }

    public func applyDense(_ gradient: Tensor, to variable: Variable, _ learningRate: Tensor) throws -> Operation {
        try applyGradientDescent(
            variable, alpha: learningRate.cast(like: variable), delta: gradient, useLocking: useLocking
        ).op
    }

    /// Subtracts `learningRate · values` from the rows the gradient names, repeated rows once per
    /// repeat (TF's `_apply_sparse_duplicate_indices`: a `mul` and a `ScatterSub`, no deduplication).
    public func applySparse(_ gradient: IndexedSlices, to variable: Variable, _ learningRate: Tensor) throws
        -> Operation
    {
        let delta = try gradient.values * learningRate.cast(like: variable)
        return try scatterSub(variable, indices: gradient.indices, updates: delta, useLocking: useLocking).op
    }
}
