/// The sum of the products of `a` and `b` over the last `axes` dimensions of `a` and the first
/// `axes` of `b` (TF's `tf.tensordot(a, b, axes)` for an integer `axes`).
/// - Throws: as ``tensordot(_:_:axes:name:file:line:)-(_,_,(a:[Int],b:[Int]),_,_,_)``.
public func tensordot(
    _ a: any TensorConvertible, _ b: any TensorConvertible, axes: Int, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Tensor {
    let (x, y) = (a.tensor, b.tensor)
    guard let rank = x.shape.rank, axes >= 0, axes <= rank, axes <= (y.shape.rank ?? axes) else {
        throw ScopeFlowError(
            .invalidArgument,
            "tensordot's axes \(axes) must be in 0...rank for both \(x.name) (\(x.shape)) and \(y.name) (\(y.shape)).",
            names: [x.name, y.name])
    }
    return try tensordot(
        x, y, axes: (a: Array((rank - axes)..<rank), b: Array(0..<axes)), name: name, file: file, line: line)
}

/// The sum of the products of `a` and `b` over the dimensions `axes.a` of `a` paired with `axes.b`
/// of `b` (TF's `tf.tensordot(a, b, [axes_a, axes_b])`), built as TF 2.21 builds it for fully
/// known shapes in the name scope `Tensordot`: each operand transposed (`transpose`) when its free
/// and contracted dimensions are not already in place, reshaped to a matrix (`Reshape`) unless it
/// is one, a `MatMul`, and the product reshaped to the free dimensions (a `Reshape` named after the
/// scope, its shape the `Const` `shape`) unless it has them already.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for axes out of range, repeated, or of
///   different counts; ``ScopeFlowError/Code/shapeMismatch`` when paired dimensions differ or a
///   shape is not fully known (TF's graph for unknown dimensions is not built by ScopeFlow).
public func tensordot(
    _ a: any TensorConvertible, _ b: any TensorConvertible, axes: (a: [Int], b: [Int]), name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (x, y) = (a.tensor, b.tensor)
    guard let xDims = x.shape.knownDims, let yDims = y.shape.knownDims else {
        throw ScopeFlowError(
            .shapeMismatch,
            "tensordot of \(x.name) (\(x.shape)) and \(y.name) (\(y.shape)) needs fully known shapes; ScopeFlow does "
                + "not build TF's Tensordot for unknown dimensions yet, so give the placeholders full shapes.",
            names: [x.name, y.name])
    }
    let xAxes = try contractedAxes(axes.a, rank: xDims.count, of: x)
    let yAxes = try contractedAxes(axes.b, rank: yDims.count, of: y)
    guard xAxes.count == yAxes.count, zip(xAxes, yAxes).allSatisfy({ xDims[$0] == yDims[$1] }) else {
        throw ScopeFlowError(
            .shapeMismatch,
            "tensordot pairs the dimensions \(xAxes) of \(x.name) (\(x.shape)) with \(yAxes) of \(y.name) "
                + "(\(y.shape)); they must be as many and of equal sizes.",
            names: [x.name, y.name])
    }
    return try nameScope(name, defaultName: "Tensordot", values: [x, y]) { scope in
        let (xMatrix, xFree) = try matrix(x, dims: xDims, contracted: xAxes, contractedFirst: false)
        let (yMatrix, yFree) = try matrix(y, dims: yDims, contracted: yAxes, contractedFirst: true)
        let product = try matmul(xMatrix, yMatrix, file: file, line: line)
        guard product.shape.knownDims != xFree + yFree else { return product }
        return try reshape(product, shape: xFree + yFree, name: scope, file: file, line: line)
    }
}

/// `a`'s last axis contracted with the matrix `b`'s first (TF's `tf.tensordot(a, b, [[rank - 1],
/// [0]])`, as `tf.compat.v1.layers.dense` applies its kernel to inputs of rank above 2).
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when `b` is not a matrix, when the
///   contracted dimensions differ, or when `a`'s shape is not fully known.
func tensordotLastAxis(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard let rank = a.shape.rank, rank >= 2, b.shape.rank == 2 else {
        throw ScopeFlowError(
            .shapeMismatch,
            "tensordot contracts the last axis of \(a.name) (\(a.shape), rank 2 or more) with the rows of the "
                + "matrix \(b.name) (\(b.shape)).", names: [a.name, b.name])
    }
    return try tensordot(a, b, axes: (a: [rank - 1], b: [0]))
}

/// `axes` as non-negative axes of a tensor of rank `rank`, each once.
private func contractedAxes(_ axes: [Int], rank: Int, of x: Tensor) throws -> [Int] {
    let normalized = axes.map { $0 < 0 ? $0 + rank : $0 }
    guard normalized.allSatisfy({ (0..<rank).contains($0) }), Set(normalized).count == normalized.count else {
        throw ScopeFlowError(
            .invalidArgument,
            "tensordot's axes \(axes) must be distinct axes of \(x.name), which has rank \(rank).", names: [x.name])
    }
    return normalized
}

/// TF's `_tensordot_reshape` for a fully known shape: `x` as a matrix of its free dimensions by its
/// contracted ones (or the other way round), and its free dimensions.
private func matrix(_ x: Tensor, dims: [Int], contracted: [Int], contractedFirst: Bool) throws -> (Tensor, [Int]) {
    let free = dims.indices.filter { !contracted.contains($0) }
    let freeDims = free.map { dims[$0] }
    let (freeCount, contractedCount) = (freeDims.reduce(1, *), contracted.map { dims[$0] }.reduce(1, *))
    let perm = contractedFirst ? contracted + free : free + contracted
    let transposed = perm == Array(dims.indices) ? x : try transpose(x, perm: perm)
    let shape = contractedFirst ? [contractedCount, freeCount] : [freeCount, contractedCount]
    return (transposed.shape.knownDims == shape ? transposed : try reshape(transposed, shape: shape), freeDims)
}
