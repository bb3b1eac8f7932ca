/// `x` divided by its L2 norm along `axis`, the squared norm floored at `epsilon` (TF's
/// `tf.nn.l2_normalize`, composed as TF composes it in the name scope `l2_normalize`:
/// `Square`, `Sum` keeping dims, `Maximum` with `epsilon`, `Rsqrt`, and a `Mul` named
/// `l2_normalize`).
///
/// ```swift
/// let unitRows = try l2Normalize(embeddings, axis: [1])
/// ```
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for an axis outside `x`'s rank.
public func l2Normalize(
    _ x: any TensorConvertible, axis: [Int], epsilon: Double = 1e-12, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Tensor {
    let input = x.tensor
    return try nameScope(name, defaultName: "l2_normalize", values: [input]) { scope in
        let squareSum = try reduceSum(square(input, file: file, line: line), axis: axis, keepDims: true)
        let inverseNorm = try rsqrt(maximum(squareSum, epsilon, file: file, line: line), file: file, line: line)
        return try multiply(input, inverseNorm, name: scope, file: file, line: line)
    }
}
