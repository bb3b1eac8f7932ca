/// The rows of `params` that `ids` name (TF's `tf.nn.embedding_lookup` with one unpartitioned
/// table): in the name scope `embedding_lookup`, a `GatherV2` named after the scope (its axis
/// `embedding_lookup/axis`) and an `Identity` (`embedding_lookup/Identity`), as TF 2.21 builds it.
/// The result has the shape `ids.shape + params.shape[1...]`; its gradient with respect to
/// `params` is an ``IndexedSlices`` of the rows looked up.
///
/// ```swift
/// let embedding = try getVariable("embedding", shape: [50, 16])
/// let inputs = try embeddingLookup(embedding, ids: inputData)   // embedding_lookup/Identity:0, [4, 6, 16]
/// ```
///
/// - Parameter ids: int32 or int64 indices into the first dimension of `params`, any shape.
/// - Throws: ``ScopeFlowError/Code/dtypeMismatch`` for ids that are not integers; running it,
///   ``ScopeFlowError/Code/invalidArgument`` for an id outside `params`' rows.
public func embeddingLookup(
    _ params: any TensorConvertible, ids: any TensorConvertible, name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Tensor {
    let (table, indices) = (params.tensor, ids.tensor)
    try requireDType(indices, in: [.int32, .int64], argument: "ids", opType: "embedding_lookup")
    return try nameScope(name, defaultName: "embedding_lookup", values: [table, indices]) { scope in
        let rows = try gather(table, indices: indices, name: scope, file: file, line: line)
        return try identity(rows, file: file, line: line)
    }
}
