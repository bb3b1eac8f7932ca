/// Flattens every dimension but the batch (TF's `tf.compat.v1.layers.flatten`): a `Reshape` in
/// the scope `name` (or `flatten` made unique) to `[-1, product of the other sizes]` (`Const`)
/// when those sizes are known, else to `[batch, -1]`.
///
/// ```swift
/// let flat = try flatten(pool2)   // [8, 7, 7, 8] -> [8, 392]: flatten/Const, flatten/Reshape
/// ```
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when the inputs' rank is unknown or 0, or when
///   neither the batch size nor the other sizes are known.
public func flatten(_ inputs: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line)
    throws -> Tensor
{
    let x = inputs.tensor
    guard let dims = x.shape.dims, !dims.isEmpty else {
        throw ScopeFlowError(
            .shapeMismatch, "flatten needs inputs of known rank at least 1, not \(x.name) of shape \(x.shape).",
            names: [x.name])
    }
    let location = SourceLocation(fileID: file, line: line)
    return try layerScope(name, defaultName: "flatten", values: [x], reuse: .inherit) {
        guard dims.count > 1 else { return try expandDims(x, axis: 1, file: file, line: line) }
        let rest = dims.dropFirst()
        let target: [Int]
        if rest.allSatisfy({ $0 != nil }), let size = rest.map({ $0! }).checkedProduct {
            target = [-1, size]
        } else if let batch = dims[0] {
            target = [batch, -1]
        } else {
            throw ScopeFlowError(
                .shapeMismatch,
                "flatten of \(x.name) (shape \(x.shape)) needs the batch size or the other sizes known.",
                names: [x.name])
        }
        return try reshapeOp(x, indexVector(target, name: "Const"), name: "Reshape", location: location)
    }
}
