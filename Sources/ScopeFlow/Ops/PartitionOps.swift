/// The coordinates of the true entries of `condition` (TF's one-argument `tf.where(condition)`,
/// op `Where`): an int64 matrix with one row of `rank` coordinates per true entry, in row-major
/// order. A numeric condition counts its non-zero entries.
public func `where`(
    _ condition: any TensorConvertible, name: String? = nil, file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let input = condition.tensor
    return try makeOp(
        "Where", name: name, defaultName: "Where", inputs: [input], attrs: ["T": .type(input.dtype)],
        location: SourceLocation(fileID: file, line: line), shape: .whereTrue
    ).output(0)
}

/// The slices of `tensor` where `mask` is true (TF's `tf.compat.v1.boolean_mask`, built as TF builds
/// it under `boolean_mask/`): the dimensions `axis..<axis + mask.rank` of `tensor` are flattened
/// into one (`Reshape` of a `concat` of the shape's parts and their `Prod`), the flattened mask's
/// true positions found (`Where`, `Squeeze`) and gathered along `axis` (`GatherV2`).
///
/// ```swift
/// // x = [[1, 2], [3, 4], [5, 6]], mask = [true, false, true]
/// let y = try booleanMask(x, mask: mask)   // [[1, 2], [5, 6]]
/// ```
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` for a scalar mask or one of unknown rank;
///   ``ScopeFlowError/Code/shapeMismatch`` when the mask's shape does not match the dimensions
///   of `tensor` it covers.
public func booleanMask(
    _ tensor: any TensorConvertible, mask: any TensorConvertible, axis: Int = 0, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> Tensor {
    let (x, m) = (tensor.tensor, mask.tensor)
    return try nameScope(name, defaultName: "boolean_mask", values: [x, m]) { _ in
        guard let maskRank = m.shape.rank, maskRank > 0 else {
            throw ScopeFlowError(
                .invalidArgument,
                "booleanMask needs a mask of known rank 1 or more; \(m.name) has shape \(m.shape).",
                names: [m.name])
        }
        try requireDType(m, in: [.bool], argument: "mask", opType: "boolean_mask")
        if let dims = x.shape.dims {
            guard axis >= 0, axis + maskRank <= dims.count else {
                throw ScopeFlowError(
                    .invalidArgument,
                    "booleanMask's axis \(axis) and mask rank \(maskRank) do not fit \(x.name) of rank \(dims.count).",
                    names: [x.name])
            }
            guard Shape(Array(dims[axis..<(axis + maskRank)])).isCompatible(with: m.shape) else {
                throw ScopeFlowError(
                    .shapeMismatch,
                    "booleanMask's mask shape \(m.shape) does not match the dimensions \(axis)..<\(axis + maskRank) "
                        + "of \(x.name) (shape \(x.shape)).",
                    names: [m.name])
            }
        }
        let covered = try shape(x)[.range(axis, axis + maskRank)]
        let leading = try reduceProd(covered, axis: [0], file: file, line: line)
        let before = try shape(x)[.range(nil, axis)]
        let after = try shape(x)[.range(axis + maskRank, nil)]
        let flatShape = try nameScope(nil, defaultName: "concat") { scope in
            try concat([before, stack([leading], name: "values_1"), after], axis: 0, name: scope)
        }
        let flattened = try reshape(x, shape: flatShape, file: file, line: line)
        let positions = try squeeze(`where`(reshape(m, shape: [-1])), axis: [1])
        return try gather(flattened, indices: positions, axis: axis, file: file, line: line)
    }
}

/// One tensor from the slices of `data`, the slice `data[i][j…]` at row `indices[i][j…]` (TF's
/// `tf.dynamic_stitch`, op `DynamicStitch`); where an index repeats, the later slice wins.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `indices` and `data` differ in count or
///   are empty; running it, for a negative index or a data shape that does not fit its indices.
public func dynamicStitch(
    indices: [any TensorConvertible], data: [any TensorConvertible], name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Tensor {
    try stitch("DynamicStitch", indices: indices, data: data, name: name, file: file, line: line)
}

/// ``dynamicStitch(indices:data:name:file:line:)`` as op `ParallelDynamicStitch` (TF's
/// `tf.raw_ops.ParallelDynamicStitch`, which TF's `DynamicPartition` gradient builds).
public func parallelDynamicStitch(
    indices: [any TensorConvertible], data: [any TensorConvertible], name: String? = nil, file: String = #fileID,
    line: Int = #line
) throws -> Tensor {
    try stitch("ParallelDynamicStitch", indices: indices, data: data, name: name, file: file, line: line)
}

private func stitch(
    _ type: String, indices: [any TensorConvertible], data: [any TensorConvertible], name: String?, file: String,
    line: Int
) throws -> Tensor {
    let (positions, slices) = (indices.map(\.tensor), data.map(\.tensor))
    guard !positions.isEmpty, positions.count == slices.count, let first = slices.first else {
        throw ScopeFlowError(
            .invalidArgument,
            "\(type) needs as many data tensors as index tensors, at least one; got \(positions.count) and \(slices.count)."
        )
    }
    return try makeOp(
        type, name: name, defaultName: type, inputs: positions + slices,
        attrs: ["N": .int(positions.count), "T": .type(first.dtype)],
        location: SourceLocation(fileID: file, line: line),
        shape: .dynamicStitch
    ).output(0)
}

/// The slices of `data` split into `numPartitions` tensors by `partitions` (TF's
/// `tf.dynamic_partition`, op `DynamicPartition`): output `p` holds, in order, the slices
/// `data[j…]` whose `partitions[j…]` is `p`.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `numPartitions` is below 1 or
///   `partitions` is not int32; running it, for a partition outside `0..<numPartitions`.
public func dynamicPartition(
    _ data: any TensorConvertible, partitions: any TensorConvertible, numPartitions: Int, name: String? = nil,
    file: String = #fileID, line: Int = #line
) throws -> [Tensor] {
    let (x, p) = (data.tensor, partitions.tensor)
    guard numPartitions >= 1 else {
        throw ScopeFlowError(.invalidArgument, "dynamicPartition needs numPartitions >= 1, got \(numPartitions).")
    }
    return try makeOp(
        "DynamicPartition", name: name, defaultName: "DynamicPartition", inputs: [x, p],
        attrs: ["T": .type(x.dtype), "num_partitions": .int(numPartitions)],
        location: SourceLocation(fileID: file, line: line), shape: .dynamicPartition
    ).outputs
}

extension ShapeFunction {
    /// `Where(condition)`: an int64 matrix of `rank(condition)` columns and an unknown row count.
    static let whereTrue = ShapeFunction { op in
        let condition = try op.input(0)
        return [OutputSpec(dtype: .int64, shape: Shape([nil, condition.shape.rank]))]
    }

    /// `DynamicStitch`/`ParallelDynamicStitch`: `[rows] + data[0].shape[rank(indices[0])...]`, the
    /// rows known when every index is known at build time.
    static let dynamicStitch = ShapeFunction(inputTypes: ["T": -1]) { op in
        let n = op.inputs.count / 2
        guard n >= 1, op.inputs.count == 2 * n else {
            throw ScopeFlowError(
                .invalidArgument, "\(op.opType) '\(op.opName)' needs as many data as index inputs.", names: [op.opName])
        }
        let (indices, data) = (Array(op.inputs[..<n]), Array(op.inputs[n...]))
        for index in indices { try requireDType(index, in: [.int32, .int64], argument: "indices", opType: op.opType) }
        let dtype = try requireSameDType(data, argumentNames: [], opType: op.opType)
        var slice: [Int?]? = nil
        for (position, values) in zip(indices, data) {
            guard let rank = position.shape.rank, let dims = values.shape.dims else { continue }
            guard dims.count >= rank else {
                throw ScopeFlowError(
                    .shapeMismatch,
                    "\(op.opType) '\(op.opName)': data \(values.name) of shape \(values.shape) does not start with "
                        + "the shape \(position.shape) of its indices \(position.name).",
                    names: [op.opName])
            }
            _ = try op.merge(Shape(Array(dims[..<rank])), position.shape)
            let rest = Shape(Array(dims[rank...]))
            slice = try slice.map { try op.merge(Shape($0), rest).dims ?? $0 } ?? rest.dims
        }
        let known = indices.map(staticInts)
        let rows = known.allSatisfy { $0 != nil } ? (known.flatMap { $0! }.max() ?? -1) + 1 : nil
        return [OutputSpec(dtype: dtype, shape: slice.map { Shape([rows] + $0) } ?? .unknown)]
    }

    /// `DynamicPartition(data, partitions)`: `num_partitions` outputs of shape
    /// `[?] + data.shape[rank(partitions)...]`.
    static let dynamicPartition = ShapeFunction(inputTypes: ["T": 0]) { op in
        try op.requireInputs(2)
        let (data, partitions) = (op.inputs[0], op.inputs[1])
        try requireDType(partitions, in: [.int32], argument: "partitions", opType: op.opType)
        let count = op.attrs["num_partitions"]?.intValue ?? 1
        guard count >= 1 else {
            throw ScopeFlowError(
                .invalidArgument, "num_partitions of '\(op.opName)' must be at least 1, got \(count).",
                names: [op.opName])
        }
        var shape = Shape.unknown
        if let rank = partitions.shape.rank, let dims = data.shape.dims {
            guard dims.count >= rank else {
                throw ScopeFlowError(
                    .shapeMismatch,
                    "DynamicPartition '\(op.opName)': data of shape \(data.shape) does not start with the "
                        + "partitions' shape \(partitions.shape).",
                    names: [op.opName])
            }
            _ = try op.merge(Shape(Array(dims[..<rank])), partitions.shape)
            shape = Shape([nil] + dims[rank...])
        }
        return Array(repeating: OutputSpec(dtype: data.dtype, shape: shape), count: count)
    }
}
