/// The matrix product `a · b` (TF's `tf.matmul`: a `MatMul` op for matrices, a
/// `BatchMatMulV2` named `MatMul` when either input has rank > 2).
///
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when an input is not a
///   matrix or the inner dimensions differ; ``ScopeFlowError/Code/dtypeMismatch``
///   for different dtypes.
public func matmul(
    _ a: any TensorConvertible, _ b: any TensorConvertible, transposeA: Bool = false, transposeB: Bool = false,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let location = SourceLocation(fileID: file, line: line)
    let inputs = [a.tensor, b.tensor]
    if inputs.contains(where: { ($0.shape.rank ?? 2) > 2 }) {
        return try batchOp(
            inputs, adjX: transposeA, adjY: transposeB, name: name, defaultName: "MatMul", location: location)
    }
    return try matmulOp(inputs, transposeA: transposeA, transposeB: transposeB, name: name, location: location)
}

/// Which operand's gradient a `MatMul` computes: TF's `_MatMulGrad` marks its products with the
/// kernel hints `grad_a` / `grad_b`.
enum MatMulGradientHint {
    case none, gradA, gradB
}

/// The `MatMul` op of two matrices, with TF's attrs.
func matmulOp(
    _ inputs: [Tensor], transposeA: Bool, transposeB: Bool, hint: MatMulGradientHint = .none, name: String? = nil,
    location: SourceLocation
) throws -> Tensor {
    let graph = try Graph.forInputs(inputs)
    let op = try graph.addOperation(
        type: "MatMul", name: name, defaultName: "MatMul", inputs: inputs,
        attrs: [
            "T": .type(inputs[0].dtype), "transpose_a": .bool(transposeA), "transpose_b": .bool(transposeB),
            "grad_a": .bool(hint == .gradA), "grad_b": .bool(hint == .gradB),
        ],
        location: location, shape: .matMul)
    return op.output(0)
}

/// Batched matrix product of the last two dimensions, broadcasting the batch
/// dimensions (TF's `tf.linalg.matmul` on batches / `tf.raw_ops.BatchMatMulV2`).
public func batchMatmul(
    _ x: any TensorConvertible, _ y: any TensorConvertible, adjX: Bool = false, adjY: Bool = false,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    try batchOp(
        [x.tensor, y.tensor], adjX: adjX, adjY: adjY, name: name, defaultName: "BatchMatMulV2",
        location: SourceLocation(fileID: file, line: line))
}

/// The `BatchMatMulV2` op (named `defaultName` unless `name` is given).
private func batchOp(
    _ inputs: [Tensor], adjX: Bool, adjY: Bool, name: String?, defaultName: String, location: SourceLocation
) throws -> Tensor {
    try makeOp(
        "BatchMatMulV2", name: name, defaultName: defaultName, inputs: inputs,
        attrs: [
            "T": .type(inputs[0].dtype), "adj_x": .bool(adjX), "adj_y": .bool(adjY), "grad_x": .bool(false),
            "grad_y": .bool(false),
        ],
        location: location, shape: .batchMatMul
    ).output(0)
}

extension ShapeFunction {
    /// The product of two matrices, each transposed by `transpose_a` / `transpose_b` (`MatMul`).
    static let matMul = ShapeFunction { op in
        try op.requireInputs(2)
        let inputs = op.inputs
        let transposeA = op.attrs["transpose_a"]?.boolValue ?? false
        let transposeB = op.attrs["transpose_b"]?.boolValue ?? false
        let dtype = try requireSameDType(inputs, argumentNames: ["a", "b"], opType: op.opType)
        try requireRank(inputs[0], 2, opName: op.opName)
        try requireRank(inputs[1], 2, opName: op.opName)
        let aDims = inputs[0].shape.dims ?? [nil, nil]
        let bDims = inputs[1].shape.dims ?? [nil, nil]
        let (rows, innerA) = transposeA ? (aDims[1], aDims[0]) : (aDims[0], aDims[1])
        let (innerB, cols) = transposeB ? (bDims[1], bDims[0]) : (bDims[0], bDims[1])
        if let innerA, let innerB, innerA != innerB {
            throw ScopeFlowError(
                .shapeMismatch,
                "Dimensions must be equal, but are \(innerA) and \(innerB) for '{{node \(op.opName)}} = \(op.opType)"
                    + "[transpose_a=\(transposeA), transpose_b=\(transposeB)]' with input shapes: "
                    + "\(inputs[0].shape.bracketed), \(inputs[1].shape.bracketed).",
                names: [op.opName])
        }
        return [OutputSpec(dtype: dtype, shape: Shape([rows, cols]))]
    }

    /// The product of the last two dimensions, adjoint by `adj_x` / `adj_y`, with the batch
    /// dimensions broadcast (`BatchMatMulV2`).
    static let batchMatMul = ShapeFunction { op in
        try op.requireInputs(2)
        let inputs = op.inputs
        let adjX = op.attrs["adj_x"]?.boolValue ?? false
        let adjY = op.attrs["adj_y"]?.boolValue ?? false
        let dtype = try requireSameDType(inputs, argumentNames: ["x", "y"], opType: op.opType)
        guard let x = inputs[0].shape.dims, let y = inputs[1].shape.dims else {
            return [OutputSpec(dtype: dtype, shape: .unknown)]
        }
        guard x.count >= 2, y.count >= 2 else {
            throw ScopeFlowError(
                .shapeMismatch, "In[0] and In[1] must have rank >= 2 for '\(op.opName)' (\(op.opType)).",
                names: [op.opName])
        }
        let (rows, innerX) = adjX ? (x[x.count - 1], x[x.count - 2]) : (x[x.count - 2], x[x.count - 1])
        let (innerY, cols) = adjY ? (y[y.count - 1], y[y.count - 2]) : (y[y.count - 2], y[y.count - 1])
        if let innerX, let innerY, innerX != innerY {
            throw ScopeFlowError(
                .shapeMismatch,
                "Matrix size-incompatible: In[0]: \(inputs[0].shape.bracketed), In[1]: \(inputs[1].shape.bracketed) "
                    + "for '\(op.opName)' (\(op.opType)): inner dimensions \(innerX) and \(innerY) differ.",
                names: [op.opName])
        }
        let batch = try Shape(Array(x.dropLast(2))).broadcast(
            with: Shape(Array(y.dropLast(2))), opName: op.opName, opType: op.opType)
        return [OutputSpec(dtype: dtype, shape: Shape((batch.dims ?? []) + [rows, cols]))]
    }
}
