/// `variable -= alpha · delta` in place (TF's `training_ops.apply_gradient_descent`,
/// op `ApplyGradientDescent`). Its output is the variable's new value.
public func applyGradientDescent(
    _ variable: Variable, alpha: any TensorConvertible, delta: any TensorConvertible, useLocking: Bool = false,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try trainingOp(
        "ApplyGradientDescent", refs: [variable], inputs: [alpha.tensor, delta.tensor], gradient: 1,
        useLocking: useLocking, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The momentum update (TF's `training_ops.apply_momentum`, op `ApplyMomentum`):
/// `accum = accum · momentum + grad`, then `variable -= lr · accum`, or with
/// Nesterov `variable -= lr · grad + lr · momentum · accum`.
public func applyMomentum(
    _ variable: Variable, accumulator: Variable, learningRate: any TensorConvertible, gradient: any TensorConvertible,
    momentum: any TensorConvertible, useLocking: Bool = false, useNesterov: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try trainingOp(
        "ApplyMomentum", refs: [variable, accumulator],
        inputs: [learningRate.tensor, gradient.tensor, momentum.tensor],
        gradient: 1, useLocking: useLocking, useNesterov: useNesterov, name: name,
        location: SourceLocation(fileID: file, line: line))
}

/// The Adam update (TF's `training_ops.apply_adam`, op `ApplyAdam`):
/// `lr_t = lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ)`, `m += (g − m)(1 − β₁)`, `v += (g² − v)(1 − β₂)`,
/// `variable −= lr_t · m / (√v + ε)` (with Nesterov `m` is replaced by `β₁m + (1 − β₁)g`).
public func applyAdam(
    _ variable: Variable, m: Variable, v: Variable, beta1Power: any TensorConvertible,
    beta2Power: any TensorConvertible, learningRate: any TensorConvertible, beta1: any TensorConvertible,
    beta2: any TensorConvertible, epsilon: any TensorConvertible, gradient: any TensorConvertible,
    useLocking: Bool = false, useNesterov: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let inputs = [beta1Power, beta2Power, learningRate, beta1, beta2, epsilon, gradient].map(\.tensor)
    return try trainingOp(
        "ApplyAdam", refs: [variable, m, v], inputs: inputs, gradient: 6, useLocking: useLocking,
        useNesterov: useNesterov, name: name, location: SourceLocation(fileID: file, line: line))
}

/// The RMSProp update (TF's `training_ops.apply_rms_prop`, op `ApplyRMSProp`):
/// `ms += (g² − ms)(1 − rho)`, `mom = mom · momentum + lr · g / √(ms + ε)`, `variable −= mom`.
public func applyRMSProp(
    _ variable: Variable, ms: Variable, mom: Variable, learningRate: any TensorConvertible,
    rho: any TensorConvertible, momentum: any TensorConvertible, epsilon: any TensorConvertible,
    gradient: any TensorConvertible, useLocking: Bool = false, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let inputs = [learningRate, rho, momentum, epsilon, gradient].map(\.tensor)
    return try trainingOp(
        "ApplyRMSProp", refs: [variable, ms, mom], inputs: inputs, gradient: 4, useLocking: useLocking, name: name,
        location: SourceLocation(fileID: file, line: line))
}

/// Builds a training op: the variables' references first, then `inputs`, of
/// which all but `inputs[gradient]` are scalars. Output 0 is the updated variable.
private func trainingOp(
    _ type: String, refs: [Variable], inputs: [Tensor], gradient: Int, useLocking: Bool, useNesterov: Bool? = nil,
    name: String?, location: SourceLocation
) throws -> Tensor {
    let variable = refs[0]
    var attrs: AttrMap = ["T": .type(variable.dtype), "use_locking": .bool(useLocking)]
    if let useNesterov { attrs["use_nesterov"] = .bool(useNesterov) }
    let all = refs.map(\.ref) + inputs
    return try makeOp(type, name: name, defaultName: type, inputs: all, attrs: attrs, location: location) { opName in
        _ = try requireSameDType(all, argumentNames: all.indices.map { "input \($0)" }, opType: type)
        for slot in refs.dropFirst() where !slot.shape.isCompatible(with: variable.shape) {
            throw ScopeFlowError(
                .shapeMismatch,
                "\(type) '\(opName)': slot \(slot.name) has shape \(slot.shape.bracketed) but the variable has "
                    + "\(variable.shape.bracketed); give slots the variable's shape.",
                names: [opName, slot.name])
        }
        for (index, input) in inputs.enumerated() {
            if index == gradient {
                guard input.shape.isCompatible(with: variable.shape) else {
                    throw ScopeFlowError(
                        .shapeMismatch,
                        "var and grad do not have the same shape \(variable.shape.bracketed) "
                            + "\(input.shape.bracketed) in '\(opName)'; pass the variable's gradient.",
                        names: [opName, input.name])
                }
            } else {
                try requireRank(input, 0, opName: opName)
            }
        }
        return [OutputSpec(dtype: variable.dtype, shape: variable.shape)]
    }.output(0)
}
