// The update ops of TF's Momentum (sparse), RMSProp (sparse, centered), Adadelta, FTRL and
// proximal optimizers (`training_ops.cc`). Each writes a variable and its slots in place and
// outputs the variable's new value; a `SparseApply…` op updates only the rows `indices` picks,
// one row of `gradient` each, in order (a repeated index is updated once per row).
//
// All throw ``ScopeFlowError/Code/shapeMismatch`` when the slots or the gradient do not have the
// variable's shape (a sparse gradient: one row per index) or a hyperparameter is not a scalar,
// ``ScopeFlowError/Code/dtypeMismatch`` when the dtypes differ; running a sparse op,
// ``ScopeFlowError/Code/invalidArgument`` for an index outside the variable's rows.

/// The momentum update of the rows `indices` picks (TF's `SparseApplyMomentum`):
/// `accum[r] = accum[r] · momentum + g`, `variable[r] -= lr · accum[r]` (Nesterov:
/// `variable[r] -= g · lr + accum[r] · momentum · lr`).
public func sparseApplyMomentum(
    _ variable: Variable, accumulator: Variable, learningRate: any TensorConvertible, gradient: any TensorConvertible,
    indices: any TensorConvertible, momentum: any TensorConvertible, useLocking: Bool = false,
    useNesterov: Bool = false, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try optimizerOp(
        .sparseApplyMomentum, refs: [variable, accumulator],
        inputs: [learningRate.tensor, gradient.tensor, indices.tensor, momentum.tensor],
        extraAttrs: [
            "use_nesterov": .bool(useNesterov)
        ], useLocking: useLocking, name: name, file: file, line: line)
}

/// The RMSProp update of the rows `indices` picks (TF's `SparseApplyRMSProp`; see ``applyRMSProp(_:ms:mom:learningRate:rho:momentum:epsilon:gradient:useLocking:name:file:line:)``).
public func sparseApplyRMSProp(
    _ variable: Variable, ms: Variable, mom: Variable, learningRate: any TensorConvertible,
    rho: any TensorConvertible, momentum: any TensorConvertible, epsilon: any TensorConvertible,
    gradient: any TensorConvertible, indices: any TensorConvertible, useLocking: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try optimizerOp(
        .sparseApplyRMSProp, refs: [variable, ms, mom],
        inputs: [learningRate, rho, momentum, epsilon, gradient, indices].map(\.tensor), useLocking: useLocking,
        name: name, file: file, line: line)
}

/// The centered RMSProp update (TF's `ApplyCenteredRMSProp`): `ms += (g² − ms)(1 − rho)`,
/// `mg += (g − mg)(1 − rho)`, `mom = mom · momentum + lr · g / √(ms − mg² + ε)`, `variable −= mom`.
public func applyCenteredRMSProp(
    _ variable: Variable, mg: Variable, ms: Variable, mom: Variable, learningRate: any TensorConvertible,
    rho: any TensorConvertible, momentum: any TensorConvertible, epsilon: any TensorConvertible,
    gradient: any TensorConvertible, useLocking: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try optimizerOp(
        .applyCenteredRMSProp, refs: [variable, mg, ms, mom],
        inputs: [learningRate, rho, momentum, epsilon, gradient].map(\.tensor), useLocking: useLocking, name: name,
        file: file, line: line)
}

/// The centered RMSProp update of the rows `indices` picks (TF's `SparseApplyCenteredRMSProp`).
public func sparseApplyCenteredRMSProp(
    _ variable: Variable, mg: Variable, ms: Variable, mom: Variable, learningRate: any TensorConvertible,
    rho: any TensorConvertible, momentum: any TensorConvertible, epsilon: any TensorConvertible,
    gradient: any TensorConvertible, indices: any TensorConvertible, useLocking: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try optimizerOp(
        .sparseApplyCenteredRMSProp, refs: [variable, mg, ms, mom],
        inputs: [learningRate, rho, momentum, epsilon, gradient, indices].map(\.tensor), useLocking: useLocking,
        name: name, file: file, line: line)
}

/// The Adadelta update (TF's `ApplyAdadelta`): `accum = accum · rho + g²(1 − rho)`,
/// `update = √(accumUpdate + ε) / √(accum + ε) · g`, `variable −= lr · update`,
/// `accumUpdate = accumUpdate · rho + update²(1 − rho)`.
public func applyAdadelta(
    _ variable: Variable, accumulator: Variable, accumulatorUpdate: Variable, learningRate: any TensorConvertible,
    rho: any TensorConvertible, epsilon: any TensorConvertible, gradient: any TensorConvertible,
    useLocking: Bool = false, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try optimizerOp(
        .applyAdadelta, refs: [variable, accumulator, accumulatorUpdate],
        inputs: [learningRate, rho, epsilon, gradient].map(\.tensor), useLocking: useLocking, name: name,
        file: file, line: line)
}

/// The Adadelta update of the rows `indices` picks (TF's `SparseApplyAdadelta`).
public func sparseApplyAdadelta(
    _ variable: Variable, accumulator: Variable, accumulatorUpdate: Variable, learningRate: any TensorConvertible,
    rho: any TensorConvertible, epsilon: any TensorConvertible, gradient: any TensorConvertible,
    indices: any TensorConvertible, useLocking: Bool = false, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Tensor {
    try optimizerOp(
        .sparseApplyAdadelta, refs: [variable, accumulator, accumulatorUpdate],
        inputs: [learningRate, rho, epsilon, gradient, indices].map(\.tensor), useLocking: useLocking, name: name,
        file: file, line: line)
}

/// The FTRL-proximal update (TF's `ApplyFtrl`, or `ApplyFtrlV2` given `l2Shrinkage`): with
/// `n = accum + g²` and `p(a) = a^(−lrPower)`, `linear += g̃ − (p(n) − p(accum)) / lr · variable`
/// (`g̃ = g + 2 · l2Shrinkage · variable`), then
/// `variable = |linear| > l1 ? (l1 · sign(linear) − linear) / (p(n) / lr + 2 · l2) : 0`, `accum = n`.
public func applyFtrl(
    _ variable: Variable, accumulator: Variable, linear: Variable, gradient: any TensorConvertible,
    learningRate: any TensorConvertible, l1: any TensorConvertible, l2: any TensorConvertible,
    l2Shrinkage: (any TensorConvertible)? = nil, learningRatePower: any TensorConvertible,
    useLocking: Bool = false, multiplyLinearByLearningRate: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let scalars = [learningRate, l1, l2] + (l2Shrinkage.map { [$0] } ?? []) + [learningRatePower]
    return try optimizerOp(
        l2Shrinkage == nil ? .applyFtrl : .applyFtrlV2, refs: [variable, accumulator, linear],
        inputs: [gradient.tensor] + scalars.map(\.tensor),
        extraAttrs: ["multiply_linear_by_lr": .bool(multiplyLinearByLearningRate)], useLocking: useLocking,
        name: name, file: file, line: line)
}

/// The FTRL-proximal update of the rows `indices` picks (TF's `SparseApplyFtrl`, or
/// `SparseApplyFtrlV2` given `l2Shrinkage`). Running it checks, as TF, that `learningRate` is
/// positive, the strengths are not negative and `learningRatePower` is not positive.
public func sparseApplyFtrl(
    _ variable: Variable, accumulator: Variable, linear: Variable, gradient: any TensorConvertible,
    indices: any TensorConvertible, learningRate: any TensorConvertible, l1: any TensorConvertible,
    l2: any TensorConvertible, l2Shrinkage: (any TensorConvertible)? = nil, learningRatePower: any TensorConvertible,
    useLocking: Bool = false, multiplyLinearByLearningRate: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let scalars = [learningRate, l1, l2] + (l2Shrinkage.map { [$0] } ?? []) + [learningRatePower]
    return try optimizerOp(
        l2Shrinkage == nil ? .sparseApplyFtrl : .sparseApplyFtrlV2, refs: [variable, accumulator, linear],
        inputs: [gradient.tensor, indices.tensor] + scalars.map(\.tensor),
        extraAttrs: ["multiply_linear_by_lr": .bool(multiplyLinearByLearningRate)], useLocking: useLocking,
        name: name, file: file, line: line)
}

/// The proximal Adagrad update (TF's `ApplyProximalAdagrad`): `accum += g²`, `rate = lr / √accum`,
/// `v = variable − rate · g`, `variable = sign(v) · max(|v| − rate · l1, 0) / (1 + rate · l2)`.
/// Running it checks, as TF, that `learningRate` is positive and `l1`, `l2` are not negative.
public func applyProximalAdagrad(
    _ variable: Variable, accumulator: Variable, learningRate: any TensorConvertible, l1: any TensorConvertible,
    l2: any TensorConvertible, gradient: any TensorConvertible, useLocking: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try optimizerOp(
        .applyProximalAdagrad, refs: [variable, accumulator],
        inputs: [learningRate, l1, l2, gradient].map(\.tensor), useLocking: useLocking, name: name, file: file,
        line: line)
}

/// The proximal Adagrad update of the rows `indices` picks (TF's `SparseApplyProximalAdagrad`).
public func sparseApplyProximalAdagrad(
    _ variable: Variable, accumulator: Variable, learningRate: any TensorConvertible, l1: any TensorConvertible,
    l2: any TensorConvertible, gradient: any TensorConvertible, indices: any TensorConvertible,
    useLocking: Bool = false, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try optimizerOp(
        .sparseApplyProximalAdagrad, refs: [variable, accumulator],
        inputs: [learningRate, l1, l2, gradient, indices].map(\.tensor), useLocking: useLocking, name: name,
        file: file, line: line)
}

/// The proximal gradient descent update (TF's `ApplyProximalGradientDescent`):
/// `v = variable − alpha · delta`, `variable = sign(v) · max(|v| − alpha · l1, 0) / (1 + alpha · l2)`.
public func applyProximalGradientDescent(
    _ variable: Variable, alpha: any TensorConvertible, l1: any TensorConvertible, l2: any TensorConvertible,
    delta: any TensorConvertible, useLocking: Bool = false, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Tensor {
    try optimizerOp(
        .applyProximalGradientDescent, refs: [variable], inputs: [alpha, l1, l2, delta].map(\.tensor),
        useLocking: useLocking, name: name, file: file, line: line)
}

/// The proximal gradient descent update of the rows `indices` picks (TF's
/// `SparseApplyProximalGradientDescent`).
public func sparseApplyProximalGradientDescent(
    _ variable: Variable, alpha: any TensorConvertible, l1: any TensorConvertible, l2: any TensorConvertible,
    gradient: any TensorConvertible, indices: any TensorConvertible, useLocking: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try optimizerOp(
        .sparseApplyProximalGradientDescent, refs: [variable],
        inputs: [alpha, l1, l2, gradient, indices].map(\.tensor), useLocking: useLocking, name: name, file: file,
        line: line)
}

/// Builds the optimizer op `layout` describes on the references of `refs` then `inputs`, with
/// its shape function (``ShapeFunction/optimizerUpdate(_:)``) and attributes.
private func optimizerOp(
    _ layout: OptimizerOpLayout, refs: [Variable], inputs: [Tensor], extraAttrs: AttrMap = [:], useLocking: Bool,
    name: String?, file: String, line: Int
) throws -> Tensor {
    var attrs = extraAttrs
    attrs["T"] = .type(refs[0].dtype)
    attrs["use_locking"] = .bool(useLocking)
    if let indices = layout.indices { attrs["Tindices"] = .type(inputs[indices - refs.count].dtype) }
    return try makeOp(
        layout.type, name: name, defaultName: layout.type, inputs: refs.map(\.ref) + inputs, attrs: attrs,
        location: SourceLocation(fileID: file, line: line), shape: .optimizerUpdate(layout)
    ).output(0)
}

/// An optimizer op's type and where its inputs are: how many leading ones are the variable and
/// its slots, the gradient, and (for a sparse op) the indices; every other input is a scalar.
struct OptimizerOpLayout: Sendable {
    let type: String
    let references: Int
    let gradient: Int
    let indices: Int?

    static let sparseApplyMomentum = OptimizerOpLayout(
        type: "SparseApplyMomentum", references: 2, gradient: 3, indices: 4)
    static let sparseApplyRMSProp = OptimizerOpLayout(
        type: "SparseApplyRMSProp", references: 3, gradient: 7, indices: 8)
    static let applyCenteredRMSProp = OptimizerOpLayout(
        type: "ApplyCenteredRMSProp", references: 4, gradient: 8, indices: nil)
    static let sparseApplyCenteredRMSProp = OptimizerOpLayout(
        type: "SparseApplyCenteredRMSProp", references: 4, gradient: 8, indices: 9)
    static let applyAdadelta = OptimizerOpLayout(type: "ApplyAdadelta", references: 3, gradient: 6, indices: nil)
    static let sparseApplyAdadelta = OptimizerOpLayout(
        type: "SparseApplyAdadelta", references: 3, gradient: 6, indices: 7)
    static let applyFtrl = OptimizerOpLayout(type: "ApplyFtrl", references: 3, gradient: 3, indices: nil)
    static let applyFtrlV2 = OptimizerOpLayout(type: "ApplyFtrlV2", references: 3, gradient: 3, indices: nil)
    static let sparseApplyFtrl = OptimizerOpLayout(type: "SparseApplyFtrl", references: 3, gradient: 3, indices: 4)
    static let sparseApplyFtrlV2 = OptimizerOpLayout(
        type: "SparseApplyFtrlV2", references: 3, gradient: 3, indices: 4)
    static let applyProximalAdagrad = OptimizerOpLayout(
        type: "ApplyProximalAdagrad", references: 2, gradient: 5, indices: nil)
    static let sparseApplyProximalAdagrad = OptimizerOpLayout(
        type: "SparseApplyProximalAdagrad", references: 2, gradient: 5, indices: 6)
    static let applyProximalGradientDescent = OptimizerOpLayout(
        type: "ApplyProximalGradientDescent", references: 1, gradient: 4, indices: nil)
    static let sparseApplyProximalGradientDescent = OptimizerOpLayout(
        type: "SparseApplyProximalGradientDescent", references: 1, gradient: 4, indices: 5)
}
extension ShapeFunction {
    /// An optimizer op laid out as `layout`: the shape the variable and its slots share (which a
    /// dense gradient has too; a sparse gradient has it past its first dimension, with one row
    /// per index of the int32 or int64 vector `indices`); every other input a scalar; all but
    /// `indices` of one dtype.
    static func optimizerUpdate(_ layout: OptimizerOpLayout) -> ShapeFunction {
        var types = ["T": 0]
        if let indices = layout.indices { types["Tindices"] = indices }
        return ShapeFunction(inputTypes: types) { op in
            let gradient = try op.input(layout.gradient)
            let values = op.inputs.indices.filter { $0 != layout.indices }.map { op.inputs[$0] }
            _ = try requireSameDType(values, argumentNames: values.indices.map { "input \($0)" }, opType: op.opType)
            var shape = op.inputs[0].shape
            for slot in op.inputs.prefix(layout.references).dropFirst() { shape = try op.merge(shape, slot.shape) }
            for (index, input) in op.inputs.enumerated()
            where index >= layout.references && index != layout.gradient && index != layout.indices {
                try requireRank(input, 0, opName: op.opName)
            }
            guard let indexInput = layout.indices else {
                return [OutputSpec(dtype: op.inputs[0].dtype, shape: try op.merge(shape, gradient.shape))]
            }
            let indices = try op.input(indexInput)
            try requireDType(indices, in: [.int32, .int64], argument: "indices", opType: op.opType)
            try requireRank(indices, 1, opName: op.opName)
            guard var rows = gradient.shape.dims else { return [OutputSpec(dtype: op.inputs[0].dtype, shape: shape)] }
            guard !rows.isEmpty else {
                throw ScopeFlowError(
                    .shapeMismatch,
                    "Shape must be at least rank 1 but is rank 0 for '\(op.opName)' (grad \(gradient.name) is a "
                        + "scalar); give grad one row per index.",
                    names: [op.opName])
            }
            _ = try op.merge(indices.shape.dims?.first ?? nil, rows[0])
            rows[0] = nil
            return [OutputSpec(dtype: op.inputs[0].dtype, shape: try op.merge(shape, Shape(rows)))]
        }
    }
}
