import Foundation

/// Decides how a variable is cut into parts (TF's `partitioner` callable): given the full shape
/// and dtype, it returns how many parts each axis gets. At most one axis may have more than one.
///
/// Give one to ``variableScope(_:defaultName:values:reuse:initializer:regularizer:dtype:auxiliaryNameScope:customGetter:partitioner:_:)``
/// or ``getPartitionedVariable(_:shape:dtype:initializer:regularizer:trainable:collections:partitioner:file:line:)``.
/// A partitioner is a reference: a scope entered again keeps the very same one (`===`).
///
/// ```swift
/// let halves = Partitioner { shape, _ in [2] + Array(repeating: 1, count: shape.count - 1) }
/// let table = try getPartitionedVariable("table", shape: [10, 4], partitioner: halves)
/// // table/part_0 is [5, 4], table/part_1 is [5, 4]
/// ```
public final class Partitioner: Sendable {
    private let body: @Sendable (_ shape: [Int], _ dtype: DType) throws -> [Int]

    /// A partitioner that calls `body` with the variable's full shape and dtype.
    public init(_ body: @escaping @Sendable (_ shape: [Int], _ dtype: DType) throws -> [Int]) {
        self.body = body
    }

    /// The parts per axis for a variable of `shape` and `dtype`, with TF's checks
    /// (`_call_partitioner`): one count per axis, each at least 1, at most one above 1.
    func partitions(of name: String, shape: [Int], dtype: DType) throws -> [Int] {
        guard !shape.isEmpty else {
            throw ScopeFlowError(
                .invalidArgument,
                "A partitioned Variable must have rank at least 1, shape: \(Shape(known: shape)) "
                    + "(variable \(name)).", names: [name])
        }
        let slicing = try body(shape, dtype)
        guard slicing.count == shape.count else {
            throw ScopeFlowError(
                .invalidArgument,
                "Partitioner returned a partition list that does not match the Variable's rank: \(slicing) vs. "
                    + "\(Shape(known: shape)) (variable \(name)).", names: [name])
        }
        guard slicing.allSatisfy({ $0 >= 1 }) else {
            throw ScopeFlowError(
                .invalidArgument, "Partitioner returned zero partitions for some axes: \(slicing) (variable \(name)).",
                names: [name])
        }
        guard slicing.filter({ $0 > 1 }).count <= 1 else {
            throw ScopeFlowError(
                .invalidArgument,
                "Can only slice a variable along one dimension: shape: \(Shape(known: shape)), partitioning: "
                    + "\(slicing) (variable \(name)).", names: [name])
        }
        return slicing
    }
}

/// A partitioner giving `numShards` parts along `axis`, fewer when the axis is shorter (TF's
/// `tf.compat.v1.fixed_size_partitioner`).
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when `numShards` is below 1 or `axis` is
///   negative; the partitioner throws when the variable has no axis `axis`.
public func fixedSizePartitioner(numShards: Int, axis: Int = 0) throws -> Partitioner {
    guard numShards >= 1, axis >= 0 else {
        throw ScopeFlowError(
            .invalidArgument, "fixedSizePartitioner needs numShards >= 1 and axis >= 0, got \(numShards) and \(axis).")
    }
    return Partitioner { shape, _ in
        var partitions = Array(repeating: 1, count: shape.count)
        try checkAxis(axis, of: shape)
        partitions[axis] = min(numShards, shape[axis])
        return partitions
    }
}

/// A partitioner that cuts `axis` so that no part exceeds `maxShardBytes` bytes, into at most
/// `maxShards` parts (TF's `tf.compat.v1.variable_axis_size_partitioner`). A string element
/// counts `bytesPerStringElement` bytes.
/// - Throws: ``ScopeFlowError/Code/invalidArgument`` when a byte count or `maxShards` is below 1
///   (TF's checks).
public func variableAxisSizePartitioner(
    maxShardBytes: Int, axis: Int = 0, bytesPerStringElement: Int = 16, maxShards: Int? = nil
) throws -> Partitioner {
    guard maxShardBytes >= 1, bytesPerStringElement >= 1 else {
        throw ScopeFlowError(
            .invalidArgument,
            "Both max_shard_bytes and bytes_per_string_element must be positive. Currently, max_shard_bytes is "
                + "\(maxShardBytes) and bytes_per_string_element is \(bytesPerStringElement).")
    }
    if let maxShards, maxShards < 1 {
        throw ScopeFlowError(.invalidArgument, "max_shards must be positive.")
    }
    return Partitioner { shape, dtype in
        try checkAxis(axis, of: shape)
        let elementSize = dtype.byteSize ?? bytesPerStringElement
        let elements = shape.reduce(1.0) { $0 * Double($1) }
        let bytesPerSlice = shape[axis] == 0 ? 0 : elements / Double(shape[axis]) * Double(elementSize)
        let slicesPerShard = bytesPerSlice == 0 ? 1 : max(1, (Double(maxShardBytes) / bytesPerSlice).rounded(.down))
        var shards = Int((Double(shape[axis]) / slicesPerShard).rounded(.up))
        if let maxShards { shards = min(maxShards, shards) }
        var partitions = Array(repeating: 1, count: shape.count)
        partitions[axis] = max(1, shards)
        return partitions
    }
}

/// A partitioner giving each part at least `minSliceSize` bytes, in at most `maxPartitions`
/// parts along `axis` (TF's `tf.compat.v1.min_max_variable_partitioner`).
public func minMaxVariablePartitioner(
    maxPartitions: Int = 1, axis: Int = 0, minSliceSize: Int = 256 << 10, bytesPerStringElement: Int = 16
) -> Partitioner {
    Partitioner { shape, dtype in
        guard axis < shape.count else {
            throw ScopeFlowError(
                .invalidArgument,
                "Cannot partition variable along axis \(axis) when shape is only \(Shape(known: shape)).")
        }
        try checkAxis(axis, of: shape)
        let elementSize = dtype.byteSize ?? bytesPerStringElement
        let totalBytes = shape.reduce(1.0) { $0 * Double($1) } * Double(elementSize)
        let wanted = (totalBytes / Double(minSliceSize)).rounded(.up)
        var partitions = Array(repeating: 1, count: shape.count)
        partitions[axis] = max(1, min(shape[axis], maxPartitions, Int(min(wanted, Double(Int.max / 2)))))
        return partitions
    }
}

private func checkAxis(_ axis: Int, of shape: [Int]) throws {
    guard (0..<shape.count).contains(axis) else {
        throw ScopeFlowError(
            .invalidArgument, "Cannot partition variable along axis \(axis) when shape is only \(Shape(known: shape)).")
    }
}
