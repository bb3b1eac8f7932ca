/// The symbolic gradients of the sum of `ys` with respect to each of `xs`, each as
/// TF's `tf.gradients` returns it: a dense tensor, or an ``IndexedSlices`` for an `x` that only
/// gathers read (the rows of an embedding table), built into the graph of `ys` under the name
/// scope `name` (`gradients/`, then `gradients_1/` …).
///
/// Each op between `xs` and `ys` gets its gradient ops in `gradients/<op name>_grad/`;
/// gradients reaching a tensor along several paths are summed as TF does: dense ones by an
/// `AddN` (`gradients/AddN`), IndexedSlices by concatenating them, and a mix by an `AddN` of
/// the slices made dense. A ``Variable`` in `xs` stands for its value (its `read` snapshot).
///
/// ```swift
/// let rows = try gather(table, indices: ids)
/// let grads = try gradientValues([reduceSum(rows)], [table])
/// print(grads[0]!.indexedSlices!.indices.name)   // gradients/GatherV2_grad/Reshape_1:0
/// ```
///
/// ``gradients(_:_:gradYs:name:gateGradients:)`` is the same with every gradient dense.
///
/// - Parameters:
///   - ys: The tensors to differentiate.
///   - xs: The tensors to differentiate with respect to.
///   - gradYs: The gradient of each `y` (default: ones of its shape, `gradients/grad_ys_<i>`).
///   - name: The name scope of the gradient ops.
///   - gateGradients: Gate each op's input gradients with a ``tuple(_:name:file:line:)``
///     so none is used before all are computed (TF's `gate_gradients`; optimizers do).
/// - Returns: One gradient per `x`, nil where `x` does not influence `ys`, or
///   only through ops that have no gradient (comparisons, `argmax`, ``stopGradient(_:name:file:line:)`` …).
/// - Throws: ``ScopeFlowError/Code/unimplemented`` when a path crosses an op
///   without a gradient function; ``ScopeFlowError/Code/invalidArgument`` for
///   mismatched `gradYs`.
public func gradientValues(
    _ ys: [any TensorConvertible], _ xs: [any TensorConvertible], gradYs: [Tensor]? = nil,
    name: String = "gradients", gateGradients: Bool = false
) throws -> [Gradient?] {
    let yTensors = ys.map(\.tensor)
    let xTensors = xs.map(\.tensor)
    guard !yTensors.isEmpty else {
        throw ScopeFlowError(.invalidArgument, "gradients needs at least one tensor to differentiate (ys is empty).")
    }
    if let gradYs {
        guard gradYs.count == yTensors.count else {
            throw ScopeFlowError(
                .invalidArgument,
                "gradients got \(gradYs.count) gradYs for \(yTensors.count) ys; pass one gradient per y.")
        }
        for (y, g) in zip(yTensors, gradYs) where y.dtype != g.dtype {
            throw ScopeFlowError(
                .dtypeMismatch, "The gradient \(g.name) (\(g.dtype)) of \(y.name) must have its dtype \(y.dtype).",
                names: [g.name, y.name])
        }
    }
    let graph = try Graph.of(yTensors + xTensors + (gradYs ?? []), fallback: Graph.current)
    return try graph.asDefault {
        var backprop = Backpropagation(ys: yTensors, xs: xTensors, gatesGradients: gateGradients)
        let gradients = try nameScope(name, values: yTensors + xTensors) { _ in
            let initial = try gradYs ?? yTensors.enumerated().map { i, y in try onesGradient(of: y, index: i) }
            return try backprop.run(initial: initial)
        }
        // As in TF, the zeros fed back into gradient loops are built outside the name scope.
        try backprop.finish()
        return gradients
    }
}

/// The symbolic gradients of the sum of `ys` with respect to each of `xs`, every one a dense
/// tensor (TF's `tf.gradients`, with each IndexedSlices converted as TF converts one given to an
/// op that needs a tensor: an `UnsortedSegmentSum` named `UnsortedSegmentSum` in the current
/// name scope); see ``gradientValues(_:_:gradYs:name:gateGradients:)`` for the gradients as
/// TF returns them.
///
/// Each op between `xs` and `ys` gets its gradient ops in
/// `gradients/<op name>_grad/`; gradients reaching a tensor along several
/// paths are summed by an `AddN` (`gradients/AddN`). A ``Variable`` in `xs`
/// stands for its value (its `read` snapshot).
///
/// ```swift
/// let w = try Variable([[1.0, 2.0]], name: "w")
/// let loss = try reduceSum(square(w))
/// let dw = try gradients([loss], [w])[0]   // gradients/Square_grad/Mul_1:0
/// ```
///
/// - Returns: One gradient per `x`, nil where `x` does not influence `ys`.
/// - Throws: as ``gradientValues(_:_:gradYs:name:gateGradients:)``.
public func gradients(
    _ ys: [any TensorConvertible], _ xs: [any TensorConvertible], gradYs: [Tensor]? = nil,
    name: String = "gradients", gateGradients: Bool = false
) throws -> [Tensor?] {
    let values = try gradientValues(ys, xs, gradYs: gradYs, name: name, gateGradients: gateGradients)
    return try values.map { try $0?.asTensor() }
}

/// The gradient of `y` with respect to `x`; see ``gradients(_:_:gradYs:name:gateGradients:)``.
public func gradients(
    _ y: any TensorConvertible, _ x: any TensorConvertible, gradY: Tensor? = nil, name: String = "gradients"
) throws -> Tensor? {
    try gradients([y], [x], gradYs: gradY.map { [$0] }, name: name)[0]
}

/// The gradients of `y` with respect to each of `xs`; see ``gradients(_:_:gradYs:name:gateGradients:)``.
public func gradients(
    _ y: any TensorConvertible, _ xs: [any TensorConvertible], gradY: Tensor? = nil, name: String = "gradients"
) throws -> [Tensor?] {
    try gradients([y], xs, gradYs: gradY.map { [$0] }, name: name)
}

/// Ones of `y`'s shape, as TF's `_DefaultGradYs` builds them: `Shape`,
/// `grad_ys_<i>/Const` and the `Fill` named `grad_ys_<i>`.
private func onesGradient(of y: Tensor, index: Int) throws -> Tensor {
    let dims = try shape(y)
    return try nameScope("grad_ys_\(index)") { scope in
        try fill(dims: dims, value: constant(HostTensor(scalar: 1.0).converted(to: y.dtype)), name: scope)
    }
}
