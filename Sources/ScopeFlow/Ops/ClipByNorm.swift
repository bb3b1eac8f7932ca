/// `t` scaled down so that its L2 norm (over `axes`, or all of it) is at most `clipNorm`
/// (TF's `tf.clip_by_norm`): `t · clipNorm / max(‖t‖, clipNorm)`; a `t` within the norm is
/// returned unchanged, a zero `t` stays zero.
///
/// Built as TF 2.21 builds it in the name scope `name` (default `clip_by_norm`): the squared
/// sum kept to `t`'s rank (`mul`, `Sum`), its square root taken only where it is positive
/// (`Greater`, `ones_like`, `Select`, `Sqrt`, `Select_1`, so the gradient stays finite at
/// zero), `mul_1`, `Maximum`, `truediv`, and an `Identity` named after the scope.
///
/// ```swift
/// let clipped = try clipByNorm(gradient, clipNorm: 1.0)   // clip_by_norm:0
/// ```
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `clipNorm` is not positive and finite;
///   ``ScopeFlowError/Code/dtypeMismatch`` when `t` is not a float tensor; an axis error of
///   ``reduceSum(_:axis:keepDims:name:file:line:)`` for an axis out of range.
public func clipByNorm(
    _ t: any TensorConvertible, clipNorm: Double, axes: [Int]? = nil, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let values = t.tensor
    guard clipNorm > 0, clipNorm.isFinite else {
        throw ScopeFlowError(
            .invalidArgument, "clip_by_norm needs a positive, finite clip_norm, not \(clipNorm).", names: [values.name])
    }
    guard values.dtype.isFloatingPoint else {
        throw ScopeFlowError(
            .dtypeMismatch, "clip_by_norm clips float tensors, not \(values.name) of dtype \(values.dtype).",
            names: [values.name])
    }
    return try nameScope(name, defaultName: "clip_by_norm", values: [values]) { scope in
        let squaredSum = try reduceSum(values * values, axis: axes, keepDims: true, file: file, line: line)
        let positive = try scalarComparison("Greater", squaredSum, 0)
        let safeSum = try select(positive, squaredSum, onesLike(squaredSum), file: file, line: line)
        let norm = try select(positive, sqrt(safeSum), squaredSum, file: file, line: line)
        let scaled = try values * clipNorm
        let clipped = try divide(scaled, maximum(norm, clipNorm), file: file, line: line)
        return try identity(clipped, name: scope, file: file, line: line)
    }
}

/// ``clipByNorm(_:clipNorm:axes:name:file:line:)`` of a sparse gradient, as TF's `tf.clip_by_norm`
/// clips an `IndexedSlices`: the values are clipped (by their own norm, repeated rows counted
/// apart), the indices and dense shape are kept.
/// - Throws: as ``clipByNorm(_:clipNorm:axes:name:file:line:)``.
public func clipByNorm(
    _ slices: IndexedSlices, clipNorm: Double, axes: [Int]? = nil, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> IndexedSlices {
    let values = try clipByNorm(slices.values, clipNorm: clipNorm, axes: axes, name: name, file: file, line: line)
    return try IndexedSlices(values: values, indices: slices.indices, denseShape: slices.denseShape)
}

/// ``clipByNorm(_:clipNorm:axes:name:file:line:)`` of a gradient from `computeGradients`: a dense
/// one as a tensor, a sparse one as ``clipByNorm(_:clipNorm:axes:name:file:line:)-(IndexedSlices,_,_,_,_,_)``
/// clips it, staying sparse.
/// - Throws: as ``clipByNorm(_:clipNorm:axes:name:file:line:)``.
public func clipByNorm(
    _ gradient: Gradient, clipNorm: Double, axes: [Int]? = nil, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Gradient {
    switch gradient {
    case .dense(let tensor):
        return .dense(try clipByNorm(tensor, clipNorm: clipNorm, axes: axes, name: name, file: file, line: line))
    case .indexedSlices(let slices):
        return .indexedSlices(
            try clipByNorm(slices, clipNorm: clipNorm, axes: axes, name: name, file: file, line: line))
    }
}
