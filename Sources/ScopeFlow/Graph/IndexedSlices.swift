/// A sparse gradient: some rows of a tensor of shape `denseShape`, the others zero (TF's
/// `tf.IndexedSlices`). Row `indices[i]` of the dense tensor is `values[i]`, summed where an
/// index repeats.
///
/// The gradient of a `GatherV2` (``gather(_:indices:axis:name:file:line:)`` along
/// axis 0) with respect to its params is one, as in TF: only the rows looked up get a
/// gradient, and optimizers update only those rows (`ScatterSub`, `SparseApplyAdagrad`).
///
/// ```swift
/// let rows = try gather(table, indices: ids)                        // table: [5, 3], ids: [2, 2]
/// let grad = try gradientValues([reduceSum(rows)], [table])[0]!
/// print(grad.indexedSlices!.values.name)    // gradients/GatherV2_grad/Reshape:0, shape [4, 3]
/// let dense = try grad.asTensor()           // UnsortedSegmentSum:0, shape [5, 3]
/// ```
public struct IndexedSlices: Sendable {
    /// The rows: one per index, each of the dense tensor's shape past its first dimension.
    public let values: Tensor
    /// The int32 or int64 vector of rows of the dense tensor that `values` fill.
    public let indices: Tensor
    /// The int32 or int64 shape of the dense tensor, nil when unknown (it cannot be made dense then).
    public let denseShape: Tensor?

    /// Rows `values` at `indices` of a tensor of shape `denseShape`.
    /// - Throws: ``ScopeFlowError/Code/dtypeMismatch`` when `indices` or `denseShape` is not
    ///   int32 or int64; ``ScopeFlowError/Code/differentGraphs`` when the tensors are in different graphs.
    public init(values: any TensorConvertible, indices: any TensorConvertible, denseShape: (any TensorConvertible)?)
        throws
    {
        let (values, indices, denseShape) = (values.tensor, indices.tensor, denseShape?.tensor)
        for index in [indices] + (denseShape.map { [$0] } ?? []) where index.dtype != .int32 && index.dtype != .int64 {
            throw ScopeFlowError(
                .dtypeMismatch,
                "IndexedSlices needs int32 or int64 indices and dense shape; \(index.name) is \(index.dtype).",
                names: [index.name])
        }
        _ = try Graph.of([values, indices] + (denseShape.map { [$0] } ?? []), fallback: values.graph)
        self.values = values
        self.indices = indices
        self.denseShape = denseShape
    }

    /// The dtype of the values.
    public var dtype: DType { values.dtype }

    /// The graph of the values.
    public var graph: Graph { get throws { try values.graph } }

    /// The dense tensor these slices stand for, as TF converts an IndexedSlices that an op
    /// needs as a tensor (`_indexed_slices_to_tensor`): `denseShape[0]` (a `strided_slice`),
    /// then an `UnsortedSegmentSum` of the values into that many rows, named `name`.
    /// - Throws: ``ScopeFlowError/Code/invalidArgument`` when the dense shape is unknown.
    public func toTensor(name: String? = nil, file: String = #fileID, line: Int = #line) throws -> Tensor {
        guard let denseShape else {
            throw ScopeFlowError(
                .invalidArgument,
                "Tensor conversion requested for IndexedSlices without dense_shape (values \(values.name)); "
                    + "give the IndexedSlices a denseShape.",
                names: [values.name])
        }
        return try graph.asDefault {
            try unsortedSegmentSum(
                values, segmentIDs: indices, numSegments: denseShape[0], name: name, file: file, line: line)
        }
    }
}

/// A gradient as `tf.gradients` returns it: a dense tensor, or, for the params of a gather,
/// an ``IndexedSlices``.
public enum Gradient: Sendable {
    /// A dense gradient of the tensor's shape.
    case dense(Tensor)
    /// A sparse gradient: some rows of the tensor's shape.
    case indexedSlices(IndexedSlices)

    /// The dtype of the gradient's values.
    public var dtype: DType {
        switch self {
        case .dense(let tensor): tensor.dtype
        case .indexedSlices(let slices): slices.dtype
        }
    }

    /// The tensor of a dense gradient, nil for an IndexedSlices.
    public var denseTensor: Tensor? {
        if case .dense(let tensor) = self { return tensor }
        return nil
    }

    /// The IndexedSlices of a sparse gradient, nil for a dense one.
    public var indexedSlices: IndexedSlices? {
        if case .indexedSlices(let slices) = self { return slices }
        return nil
    }

    /// The tensor the gradient values, or fills (an IndexedSlices: the values).
    var valuesTensor: Tensor {
        switch self {
        case .dense(let tensor): tensor
        case .indexedSlices(let slices): slices.values
        }
    }

    /// The gradient as a dense tensor: a dense gradient itself, an IndexedSlices converted by
    /// ``IndexedSlices/toTensor(name:file:line:)`` (TF's conversion, an `UnsortedSegmentSum`).
    public func asTensor(name: String? = nil, file: String = #fileID, line: Int = #line) throws -> Tensor {
        switch self {
        case .dense(let tensor): tensor
        case .indexedSlices(let slices): try slices.toTensor(name: name, file: file, line: line)
        }
    }
}
