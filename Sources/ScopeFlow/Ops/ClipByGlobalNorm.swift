/// The global norm of `tensors`, `√(Σ ‖t‖²)` over the non-nil ones (TF's `tf.linalg.global_norm`):
/// in the name scope `global_norm`, an `L2Loss` per tensor, their `stack`, its `Sum`, a `mul`
/// by 2 and the `Sqrt` named `global_norm`. An ``IndexedSlices`` counts by its values.
///
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when every entry is nil.
public func globalNorm(_ tensors: [Gradient?], name: String? = nil, file: String = #fileID, line: Int = #line)
    throws -> Tensor
{
    let values = tensors.compactMap { $0?.valuesTensor }
    guard let first = values.first else {
        throw ScopeFlowError(.invalidArgument, "globalNorm needs at least one tensor; every entry was nil.")
    }
    return try nameScope(name, defaultName: "global_norm", values: values) { scope in
        let halfSquaredNorms = try values.map { try l2Loss($0, file: file, line: line) }
        let halfSquaredNorm = try reduceSum(stack(halfSquaredNorms, file: file, line: line), file: file, line: line)
        let two = try constant(HostTensor(scalar: 2.0), dtype: first.dtype)
        return try sqrt(halfSquaredNorm * two, name: "global_norm", file: file, line: line)
    }
}

/// ``globalNorm(_:name:file:line:)`` of dense tensors.
public func globalNorm(_ tensors: [Tensor?], name: String? = nil, file: String = #fileID, line: Int = #line)
    throws -> Tensor
{
    try globalNorm(tensors.map { $0.map(Gradient.dense) }, name: name, file: file, line: line)
}

/// `tensors` scaled by `clipNorm / max(globalNorm, clipNorm)`, so their global norm is at most
/// `clipNorm` (TF's `tf.clip_by_global_norm`), and the global norm before clipping.
///
/// As TF builds it: ``globalNorm(_:name:file:line:)`` (scope `global_norm`, unless `useNorm` is
/// given), then in the scope `clip_by_global_norm` the scale `clipNorm · min(1 / norm, 1 / clipNorm)`
/// (`truediv`, `Const`, `truediv_1`, `Minimum`, `mul`) plus `norm − norm` (`sub`, `add`: NaN for
/// an infinite or NaN norm), and per tensor a `mul_<k>` and an `Identity` named
/// `<scope>/_<i>`. An ``IndexedSlices`` has its values scaled and keeps its indices; nil stays nil.
///
/// ```swift
/// let grads = try gradientValues([cost], trainableVariables)
/// let (clipped, norm) = try clipByGlobalNorm(grads, clipNorm: 5)
/// ```
///
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `clipNorm` is negative or not finite,
///   or every entry is nil.
public func clipByGlobalNorm(
    _ tensors: [Gradient?], clipNorm: Double, useNorm: Tensor? = nil, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> (clipped: [Gradient?], globalNorm: Tensor) {
    guard clipNorm.isFinite, clipNorm >= 0 else {
        throw ScopeFlowError(
            .invalidArgument, "clipByGlobalNorm's clipNorm must be a finite number >= 0, not \(clipNorm).")
    }
    let norm = try useNorm ?? globalNorm(tensors, file: file, line: line)
    let values = tensors.compactMap { $0?.valuesTensor }
    let clipped = try nameScope(name, defaultName: "clip_by_global_norm", values: values + [norm]) { scope in
        let inverseNorm = try scalarBinary("RealDiv", norm, 1.0, defaultName: "truediv", scalarFirst: true)
        let one = try constant(HostTensor(scalar: 1.0), dtype: norm.dtype)
        let inverseClip = try scalarBinary("RealDiv", one, clipNorm, defaultName: "truediv", scalarFirst: false)
        let scaleForFinite = try scalarBinary(
            "Mul", minimum(inverseNorm, inverseClip), clipNorm, defaultName: "mul", scalarFirst: true)
        let scale = try scaleForFinite + (norm - norm)
        return try tensors.enumerated().map { i, gradient -> Gradient? in
            guard let gradient else { return nil }
            let scaled = try identity(gradient.valuesTensor * scale, name: "\(scope)_\(i)", file: file, line: line)
            guard case .indexedSlices(let slices) = gradient else { return .dense(scaled) }
            return .indexedSlices(
                try IndexedSlices(values: scaled, indices: slices.indices, denseShape: slices.denseShape))
        }
    }
    return (clipped, norm)
}

/// ``clipByGlobalNorm(_:clipNorm:useNorm:name:file:line:)`` of dense tensors.
public func clipByGlobalNorm(
    _ tensors: [Tensor?], clipNorm: Double, useNorm: Tensor? = nil, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> (clipped: [Tensor?], globalNorm: Tensor) {
    let (clipped, norm) = try clipByGlobalNorm(
        tensors.map { $0.map(Gradient.dense) }, clipNorm: clipNorm, useNorm: useNorm, name: name, file: file,
        line: line)
    return (clipped.map { $0?.denseTensor }, norm)
}
