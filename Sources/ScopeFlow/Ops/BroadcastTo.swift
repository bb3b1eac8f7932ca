/// `x` broadcast to `shape` with NumPy's rules, aligned at the last dimension (TF's
/// `tf.broadcast_to`, op `BroadcastTo` with the shape a `Const` named `BroadcastTo/shape`).
///
/// ```swift
/// let x = try constant([Float(1), 2, 3], shape: [3, 1])
/// let y = try broadcastTo(x, shape: [2, 3, 4])   // each row of x repeated 4 times, twice
/// ```
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when `x`'s known shape cannot broadcast to
///   `shape`; ``ScopeFlowError/Code/invalidArgument`` for a negative dimension.
public func broadcastTo(
    _ x: any TensorConvertible, shape: [Int], name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    if let negative = shape.first(where: { $0 < 0 }) {
        throw ScopeFlowError(
            .invalidArgument, "broadcastTo needs dimensions of 0 or more, but shape \(shape) holds \(negative).")
    }
    return try nameScope(name, defaultName: "BroadcastTo", values: [input]) { scope in
        try makeOp(
            "BroadcastTo", name: scope, defaultName: "BroadcastTo", inputs: [input, indexVector(shape, name: "shape")],
            attrs: ["T": .type(input.dtype), "Tidx": .type(.int32)], location: SourceLocation(fileID: file, line: line),
            shape: .broadcastTo
        ).output(0)
    }
}

/// TF's `_BroadcastToGrad`: the gradient summed over the axes `BroadcastGradientArgs` finds
/// between the target shape and the input's (kept), then reshaped to the input's shape.
func broadcastToGradient(_ op: Operation, _ grad: Tensor) throws -> Tensor {
    let (input, target) = (op.inputs[0], op.inputs[1])
    let inputShape = try shape(input, outType: target.dtype)
    // A target shape known when building becomes a `Const`, as TF's try_evaluate_constant folds it.
    let broadcastShape = try staticInts(target).map { try constant(indexTensor($0), dtype: target.dtype) } ?? target
    let axes = try makeOp(
        "BroadcastGradientArgs", name: nil, defaultName: "BroadcastGradientArgs", inputs: [broadcastShape, inputShape],
        attrs: ["T": .type(target.dtype)], location: gradientLocation, shape: .broadcastGradientArgs
    )
    let summed = try reductionOp("Sum", grad, axes.output(1), keepDims: true, name: "Sum", location: gradientLocation)
    return try reshapeOp(summed, inputShape, name: "Reshape", location: gradientLocation)
}

/// Checks, where both are known, that each dimension of `input` is 1 or the matching (last-aligned)
/// dimension of `target`, and that `target` has at least `input`'s rank, as TF's `BroadcastTo`
/// shape function does.
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` naming both shapes.
func requireBroadcastable(_ input: Shape, to target: Shape, opName: String) throws {
    guard let from = input.dims, let to = target.dims else { return }
    let lead = to.count - from.count
    let compatible =
        lead >= 0
        && from.indices.allSatisfy { axis in
            guard let dim = from[axis], let wanted = to[lead + axis] else { return true }
            return dim == wanted || dim == 1
        }
    guard compatible else {
        throw ScopeFlowError(
            .shapeMismatch,
            "Unable to broadcast tensor of shape \(input) to tensor of shape \(target) for '\(opName)'; "
                + "each dimension must be 1 or equal the target's.",
            names: [opName])
    }
}
