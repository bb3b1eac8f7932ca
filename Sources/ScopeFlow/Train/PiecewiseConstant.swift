/// A step function of `x` (usually the global step): `values[0]` while `x <= boundaries[0]`,
/// `values[i]` while `boundaries[i-1] < x <= boundaries[i]`, and the last value after the last
/// boundary (TF1's `tf.train.piecewise_constant`).
///
/// Built as TF 2.21 builds it: the boundaries (int32 `Const`s, cast to `x`'s dtype when it differs)
/// and the values (float32 `Const`s) at the current name scope, then in the name scope `name`
/// (default `PiecewiseConstant`) the predicates `x <= b₀`, `x > bₙ` and `b₍ᵢ₋₁₎ < x <= bᵢ`
/// (`and`), and an exclusive ``case(_:default:exclusive:name:file:line:)`` of them with
/// `values[0]` as the default:
///
/// ```swift
/// let globalStep = try getOrCreateGlobalStep()
/// let lr = try piecewiseConstant(globalStep, boundaries: [3, 6], values: [0.1, 0.05, 0.01])
/// // lr is PiecewiseConstant/case/cond/Merge:0
/// ```
///
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when there is no boundary, when `values` does
///   not have one element more than `boundaries`, or when `x` is not an integer or float scalar;
///   what ``case(_:default:exclusive:name:file:line:)`` throws.
public func piecewiseConstant(
    _ x: any TensorConvertible, boundaries: [Int], values: [Double], name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let converted = try boundaries.map { boundary in
        guard let narrow = Int32(exactly: boundary) else {
            throw ScopeFlowError(
                .invalidArgument,
                "piecewiseConstant's boundary \(boundary) does not fit in int32, as TF converts a Python int list; "
                    + "use boundaries below 2^31.")
        }
        return HostTensor(scalar: narrow)
    }
    return try piecewiseConstant(x, boundaries: converted, values: values, name: name, file: file, line: line)
}

/// ``piecewiseConstant(_:boundaries:values:name:file:line:)`` with float boundaries (float32
/// `Const`s, cast to `x`'s dtype when it differs), for a float `x`.
public func piecewiseConstant(
    _ x: any TensorConvertible, boundaries: [Double], values: [Double], name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try piecewiseConstant(
        x, boundaries: boundaries.map { HostTensor(scalar: Float($0)) }, values: values, name: name, file: file,
        line: line)
}

/// The schedule for boundaries given as scalar host tensors.
private func piecewiseConstant(
    _ x: any TensorConvertible, boundaries: [HostTensor], values: [Double], name: String?, file: String, line: Int
) throws -> Tensor {
    let step = x.tensor
    guard !boundaries.isEmpty, values.count == boundaries.count + 1 else {
        throw ScopeFlowError(
            .invalidArgument,
            "piecewiseConstant needs at least one boundary and one value more than boundaries, got "
                + "\(boundaries.count) boundaries and \(values.count) values.")
    }
    guard step.dtype.isFloatingPoint || step.dtype.isInteger, step.shape.rank == 0 || step.shape.rank == nil else {
        throw ScopeFlowError(
            .invalidArgument,
            "piecewiseConstant needs a scalar integer or float step, not \(step.name) of type \(step.dtype) and "
                + "shape \(step.shape).",
            names: [step.name])
    }
    let boundaryTensors = try boundaries.map { try constant($0, file: file, line: line) }
    let valueTensors = try values.map { try constant($0, file: file, line: line) }
    let bounds = try boundaryTensors.map { boundary in
        boundary.dtype == step.dtype ? boundary : try cast(boundary, to: step.dtype, file: file, line: line)
    }
    return try nameScope(name, defaultName: "PiecewiseConstant") { _ in
        var pairs: [(Tensor, () throws -> [Tensor])] = [
            (try lessEqual(step, bounds[0], file: file, line: line), { [valueTensors[0]] }),
            (try greater(step, bounds[bounds.count - 1], file: file, line: line), { [valueTensors[values.count - 1]] }),
        ]
        for index in bounds.indices.dropLast() {
            let above = try greater(step, bounds[index], file: file, line: line)
            let within = try lessEqual(step, bounds[index + 1], file: file, line: line)
            let value = valueTensors[index + 1]
            pairs.append((try logicalAnd(above, within, name: "and", file: file, line: line), { [value] }))
        }
        return try `case`(pairs, default: { [valueTensors[0]] }, exclusive: true, file: file, line: line)[0]
    }
}
