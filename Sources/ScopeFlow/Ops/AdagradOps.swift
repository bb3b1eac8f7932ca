/// The Adagrad update in place (TF's `training_ops.apply_adagrad`, op `ApplyAdagrad`):
/// `accumulator += gradient²` (unless `updateSlots` is false), then
/// `variable -= learningRate · gradient / √accumulator`. Its output is the variable's new value.
///
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when the accumulator or gradient does not have
///   the variable's shape or the learning rate is not a scalar; ``ScopeFlowError/Code/dtypeMismatch``
///   when the inputs' dtypes differ.
public func applyAdagrad(
    _ variable: Variable, accumulator: Variable, learningRate: any TensorConvertible,
    gradient: any TensorConvertible, useLocking: Bool = false, updateSlots: Bool = true, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try makeOp(
        "ApplyAdagrad", name: name, defaultName: "ApplyAdagrad",
        inputs: [variable.ref, accumulator.ref, learningRate.tensor, gradient.tensor],
        attrs: ["T": .type(variable.dtype), "use_locking": .bool(useLocking), "update_slots": .bool(updateSlots)],
        location: SourceLocation(fileID: file, line: line), shape: .applyAdagrad
    ).output(0)
}

/// The Adagrad update of the rows `indices` picks (TF's `training_ops.sparse_apply_adagrad`, op
/// `SparseApplyAdagrad`): for each `i` in order, row `indices[i]` of the accumulator gains
/// `gradient[i]²` (unless `updateSlots` is false), then that row of the variable loses
/// `learningRate · gradient[i] / √accumulator`. A repeated index is updated once per row. Its
/// output is the variable's new value.
///
/// - Parameters:
///   - gradient: one row per index: shape `[indices.count] + variable.shape[1...]`.
///   - indices: an int32 or int64 vector of rows of the variable.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when the shapes do not line up; running it,
///   ``ScopeFlowError/Code/invalidArgument`` for an index outside the variable's rows (nothing is
///   updated then).
public func sparseApplyAdagrad(
    _ variable: Variable, accumulator: Variable, learningRate: any TensorConvertible,
    gradient: any TensorConvertible, indices: any TensorConvertible, useLocking: Bool = false,
    updateSlots: Bool = true, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let index = indices.tensor
    return try makeOp(
        "SparseApplyAdagrad", name: name, defaultName: "SparseApplyAdagrad",
        inputs: [variable.ref, accumulator.ref, learningRate.tensor, gradient.tensor, index],
        attrs: [
            "T": .type(variable.dtype), "Tindices": .type(index.dtype), "use_locking": .bool(useLocking),
            "update_slots": .bool(updateSlots),
        ], location: SourceLocation(fileID: file, line: line), shape: .sparseApplyAdagrad
    ).output(0)
}

extension ShapeFunction {
    /// `ApplyAdagrad(var, accum, lr, grad)`: the shape `var`, `accum` and `grad` share; `lr` a scalar.
    static let applyAdagrad = ShapeFunction { op in
        try op.requireInputs(4)
        let shape = try op.adagradShape()
        return [OutputSpec(dtype: op.inputs[0].dtype, shape: try op.merge(shape, op.inputs[3].shape))]
    }

    /// `SparseApplyAdagrad(var, accum, lr, grad, indices)`: the shape `var` and `accum` share, which
    /// `grad` has past its first dimension; `grad` has one row per index.
    static let sparseApplyAdagrad = ShapeFunction(inputTypes: ["T": 0, "Tindices": 4]) { op in
        try op.requireInputs(5)
        let shape = try op.adagradShape()
        let (gradient, indices) = (op.inputs[3], op.inputs[4])
        try requireDType(indices, in: [.int32, .int64], argument: "indices", opType: op.opType)
        try requireRank(indices, 1, opName: op.opName)
        guard var rows = gradient.shape.dims else { return [OutputSpec(dtype: gradient.dtype, shape: shape)] }
        guard !rows.isEmpty else {
            throw ScopeFlowError(
                .shapeMismatch,
                "Shape must be at least rank 1 but is rank 0 for '\(op.opName)' (grad \(gradient.name) is a "
                    + "scalar); give grad one row per index.",
                names: [op.opName])
        }
        _ = try op.merge(indices.shape.dims?.first ?? nil, rows[0])
        rows[0] = nil
        return [OutputSpec(dtype: gradient.dtype, shape: try op.merge(shape, Shape(rows)))]
    }
}

extension ShapeInference {
    /// The checks the Adagrad ops share: `var`, `accum`, `lr` and `grad` (inputs 0–3) of one
    /// dtype, `lr` a scalar; the shape `var` and `accum` share.
    fileprivate func adagradShape() throws -> Shape {
        _ = try requireSameDType(
            Array(inputs.prefix(4)), argumentNames: ["var", "accum", "lr", "grad"], opType: opType)
        let shape = try merge(inputs[0].shape, inputs[1].shape)
        try requireRank(inputs[2], 0, opName: opName)
        return shape
    }
}
