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
