/// `a`'s last axis contracted with the matrix `b`'s first (TF's `tf.tensordot(a, b, [[rank - 1],
/// [0]])`, as `tf.compat.v1.layers.dense` applies its kernel to inputs of rank above 2).
///
/// Built as TF 2.21 builds it for a fully known shape of `a`, in the name scope `Tensordot`:
/// `a` reshaped to a matrix (`Reshape`, its shape the `Const` `Reshape/shape`), a `MatMul` with
/// `b`, and the product reshaped to `a`'s leading dimensions and `b`'s columns by a `Reshape`
/// named after the scope (shape `Const` `shape`).
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when `b` is not a matrix, when the
///   contracted dimensions differ, or when `a`'s shape is not fully known (TF's graph for unknown
///   dimensions, with `Shape`, `GatherV2` and `Prod`, is not built by ScopeFlow yet).
func tensordotLastAxis(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard let dims = a.shape.knownDims, let depth = dims.last, dims.count >= 2 else {
        throw ScopeFlowError(
            .shapeMismatch,
            "tensordot of \(a.name) needs a fully known shape of rank 2 or more, not \(a.shape); ScopeFlow does not "
                + "build TF's Tensordot for unknown dimensions yet, so give the placeholder a full shape.",
            names: [a.name])
    }
    guard let matrix = b.shape.knownDims, matrix.count == 2, matrix[0] == depth else {
        throw ScopeFlowError(
            .shapeMismatch,
            "tensordot contracts the last axis of \(a.name) (\(a.shape)) with the rows of the matrix \(b.name) "
                + "(\(b.shape)); they must agree.", names: [a.name, b.name])
    }
    let free = Array(dims.dropLast())
    return try nameScope(nil, defaultName: "Tensordot", values: [a, b]) { scope in
        let rows = try reshape(a, shape: [free.reduce(1, *), depth])
        let product = try matmul(rows, b)
        return try reshape(product, shape: free + [matrix[1]], name: scope)
    }
}
