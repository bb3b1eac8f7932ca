/// `t` scaled down so that its L2 norm divided by its element count is at most `clipNorm` (TF's
/// deprecated `tf.compat.v1.clip_by_average_norm`, built as TF builds it under
/// `clip_by_average_norm/`): `t · clipNorm · min(count / ‖t‖, 1 / clipNorm)`, the norm's inverse a
/// `Rsqrt` of the `Sum` of `t · t` over every axis (`Rank`, `range`), the result an `Identity`.
///
/// ```swift
/// let t = try constant([Float(3), 4])            // ‖t‖ = 5, 2 elements: average norm 2.5
/// let clipped = try clipByAverageNorm(t, clipNorm: 1)   // t · 2/5 = [1.2, 1.6]
/// ```
/// - Throws: ``ScopeFlowError/Code/dtypeMismatch`` when `t` is not float32;
///   ``ScopeFlowError/Code/invalidArgument`` when its rank is unknown.
public func clipByAverageNorm(
    _ t: any TensorConvertible, clipNorm: Double, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let x = t.tensor
    try requireDType(x, in: [.float32], argument: "t", opType: "clip_by_average_norm")
    let location = SourceLocation(fileID: file, line: line)
    return try nameScope(name, defaultName: "clip_by_average_norm", values: [x]) { scope in
        let count = try cast(size(x, file: file, line: line), to: .float32, file: file, line: line)
        let squares = try binaryOp("Mul", x, x, name: nil, defaultName: "mul", location: location)
        let axes = try range(limit: rankConstant(x), file: file, line: line)
        let inverseNorm = try rsqrt(
            reductionOp("Sum", squares, axes, keepDims: false, name: "Sum", location: location), file: file, line: line)
        let scaled = try scalarBinary("Mul", x, clipNorm, defaultName: "mul", scalarFirst: false, location: location)
        let ratio = try binaryOp("Mul", inverseNorm, count, name: nil, defaultName: "mul", location: location)
        let bound = try scalarBinary(
            "RealDiv", constant(1.0), clipNorm, defaultName: "truediv", scalarFirst: false, location: location)
        let factor = try minimum(ratio, bound, file: file, line: line)
        let clipped = try binaryOp("Mul", scaled, factor, name: nil, defaultName: "mul", location: location)
        return try identity(clipped, name: scope, file: file, line: line)
    }
}
