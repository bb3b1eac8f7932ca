/// The slices of `params` that the index tuples along the last dimension of `indices` pick (TF's
/// `tf.gather_nd`, op `GatherNd`): of shape `indices.shape[..<-1] + params.shape[depth...]`,
/// where `depth` is the tuples' length.
///
/// ```swift
/// // params = [[1, 2], [3, 4]]
/// let y = try gatherNd(params, indices: constant([Int32(1), 0, 0, 1], shape: [2, 2]))   // [3, 2]
/// ```
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when the tuples are longer than the rank of
///   `params`; running it, for an index outside its dimension.
public func gatherNd(
    _ params: any TensorConvertible, indices: any TensorConvertible, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Tensor {
    let (p, i) = (params.tensor, indices.tensor)
    return try makeOp(
        "GatherNd", name: name, defaultName: "GatherNd", inputs: [p, i],
        attrs: ["Tparams": .type(p.dtype), "Tindices": .type(i.dtype), "bad_indices_policy": .string("")],
        location: SourceLocation(fileID: file, line: line), shape: .gatherNd
    ).output(0)
}

/// Zeros of `shape` with each slice of `updates` added at the slice its index tuple in `indices`
/// picks, repeated tuples adding up (TF's `tf.scatter_nd`, op `ScatterNd` with the shape a
/// `Const` named `ScatterNd/shape` of the indices' dtype).
///
/// ```swift
/// let y = try scatterNd(indices: constant([Int32(1), 1], shape: [2, 1]), updates: constant([Float(2), 3]), shape: [3])
/// // [0, 5, 0]
/// ```
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when `updates` is not of shape
///   `indices.shape[..<-1] + shape[depth...]`; running it, ``ScopeFlowError/Code/invalidArgument``
///   for an index outside `shape`.
public func scatterNd(
    indices: any TensorConvertible, updates: any TensorConvertible, shape: [Int], name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let i = indices.tensor
    return try nameScope(name, defaultName: "ScatterNd", values: [i, updates.tensor]) { scope in
        let dims = try constant(indexTensor(shape), dtype: i.dtype, name: "shape")
        return try scatterNd(indices: i, updates: updates, shape: dims, name: scope, file: file, line: line)
    }
}

/// ``scatterNd(indices:updates:shape:name:file:line:)`` with the shape a vector tensor of the
/// indices' dtype.
public func scatterNd(
    indices: any TensorConvertible, updates: any TensorConvertible, shape: Tensor, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (i, u) = (indices.tensor, updates.tensor)
    return try makeOp(
        "ScatterNd", name: name, defaultName: "ScatterNd", inputs: [i, u, shape],
        attrs: ["T": .type(u.dtype), "Tindices": .type(i.dtype), "bad_indices_policy": .string("")],
        location: SourceLocation(fileID: file, line: line), shape: .scatterNd
    ).output(0)
}

/// `tensor` with the slices that the index tuples in `indices` pick replaced by the slices of
/// `updates` (TF's `tf.tensor_scatter_nd_update`, op `TensorScatterUpdate`).
/// - Throws: ``ScopeFlowError/Code/shapeMismatch`` when `updates` is not of shape
///   `indices.shape[..<-1] + tensor.shape[depth...]`; running it, ``ScopeFlowError/Code/invalidArgument``
///   for an index outside `tensor`.
public func tensorScatterUpdate(
    _ tensor: any TensorConvertible, indices: any TensorConvertible, updates: any TensorConvertible,
    name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (t, i, u) = (tensor.tensor, indices.tensor, updates.tensor)
    return try makeOp(
        "TensorScatterUpdate", name: name, defaultName: "TensorScatterUpdate", inputs: [t, i, u],
        attrs: ["T": .type(t.dtype), "Tindices": .type(i.dtype), "bad_indices_policy": .string("")],
        location: SourceLocation(fileID: file, line: line), shape: .tensorScatterUpdate
    ).output(0)
}

extension ShapeFunction {
    /// `GatherNd(params, indices)`: `indices.shape[..<-1] + params.shape[depth...]`.
    static let gatherNd = ShapeFunction(inputTypes: ["Tparams": 0, "Tindices": 1]) { op in
        try op.requireInputs(2)
        let (params, indices) = (op.inputs[0], op.inputs[1])
        try requireDType(indices, in: [.int32, .int64], argument: "indices", opType: op.opType)
        let slices = try slicesPicked(by: indices, from: params.shape, op: op)
        return [OutputSpec(dtype: params.dtype, shape: slices)]
    }

    /// `ScatterNd(indices, updates, shape)`: the shape's build-time value; the updates must fit it.
    static let scatterNd = ShapeFunction(inputTypes: ["Tindices": 0, "T": 1]) { op in
        try op.requireInputs(3)
        let (indices, updates, shape) = (op.inputs[0], op.inputs[1], op.inputs[2])
        try requireDType(indices, in: [.int32, .int64], argument: "indices", opType: op.opType)
        try requireDType(shape, in: [indices.dtype], argument: "shape", opType: op.opType)
        try requireRank(shape, 1, opName: op.opName)
        let rank = shape.shape.dims?.first ?? nil
        let output =
            staticInts(shape).map { Shape(known: $0) } ?? rank.map { Shape([Int?](repeating: nil, count: $0)) }
            ?? .unknown
        _ = try op.merge(updates.shape, slicesPicked(by: indices, from: output, op: op))
        return [OutputSpec(dtype: updates.dtype, shape: output)]
    }

    /// `TensorScatterUpdate(tensor, indices, updates)`: the tensor's shape; the updates must fit it.
    static let tensorScatterUpdate = ShapeFunction(inputTypes: ["T": 0, "Tindices": 1]) { op in
        try op.requireInputs(3)
        let (tensor, indices, updates) = (op.inputs[0], op.inputs[1], op.inputs[2])
        try requireDType(indices, in: [.int32, .int64], argument: "indices", opType: op.opType)
        _ = try requireSameDType([tensor, updates], argumentNames: ["tensor", "updates"], opType: op.opType)
        _ = try op.merge(updates.shape, slicesPicked(by: indices, from: tensor.shape, op: op))
        return [OutputSpec(dtype: tensor.dtype, shape: tensor.shape)]
    }
}

/// The shape of the slices the index tuples of `indices` pick from a tensor of shape `shape`,
/// `indices.shape[..<-1] + shape[depth...]`, as far as both are known.
private func slicesPicked(by indices: Tensor, from shape: Shape, op: ShapeInference) throws -> Shape {
    guard let outer = indices.shape.dims else { return .unknown }
    guard let depth = outer.last else {
        throw ScopeFlowError(
            .invalidArgument,
            "indices of '\(op.opName)' must be at least a vector, but is a scalar; give each index tuple as a vector.",
            names: [op.opName])
    }
    guard let depth, let dims = shape.dims else { return .unknown }
    guard depth <= dims.count else {
        throw ScopeFlowError(
            .invalidArgument,
            "index innermost dimension length must be <= params rank; saw: \(depth) vs. \(dims.count) for "
                + "'\(op.opName)'.",
            names: [op.opName])
    }
    return Shape(Array(outer.dropLast()) + Array(dims[depth...]))
}
