/// `x` unchanged, but no gradient flows back through it (TF's `tf.stop_gradient`, op `StopGradient`).
///
/// ```swift
/// let target = try stopGradient(prediction)   // treated as a constant by gradients(_:_:)
/// ```
public func stopGradient(
    _ x: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try unaryOp("StopGradient", x, name: name, location: SourceLocation(fileID: file, line: line))
}

/// `x` unchanged, but asking for a gradient through it fails with `message`
/// (TF's `PreventGradient`, where a second derivative is not implemented).
func preventGradient(_ x: Tensor, message: String) throws -> Tensor {
    try unaryOp("PreventGradient", x, name: nil, attrs: ["message": .string(message)], location: gradientLocation)
}
