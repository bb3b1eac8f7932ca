/// A variable stored as several ``Variable`` parts cut along one axis (TF's
/// `PartitionedVariable`), made by
/// ``getPartitionedVariable(_:shape:dtype:initializer:regularizer:trainable:collections:partitioner:file:line:)``.
///
/// The parts are named `<name>/part_0`, `<name>/part_1` … and each knows its place in the whole
/// (``Variable/saveSliceInfo``), so a ``Saver`` writes them under one checkpoint key, as TF does.
/// Reading the whole builds TF's `<name>/ConcatPartitions/concat` and an `Identity` named `<name>`.
///
/// ```swift
/// let table = try getPartitionedVariable("emb", shape: [10, 4], partitioner: fixedSizePartitioner(numShards: 2))
/// table.parts.map(\.name)          // ["emb/part_0:0", "emb/part_1:0"]
/// let whole = try table.asTensor()  // emb:0, [10, 4]
/// ```
public final class PartitionedVariable: Sendable, Sequence, CustomStringConvertible {
    /// The full variable-scope name (TF's `name`, with no `:0`).
    public let name: String
    /// The shape of the whole.
    public let shape: [Int]
    /// The element type.
    public let dtype: DType
    /// The parts, in order along the partitioned axis.
    public let parts: [Variable]
    /// How many parts each axis has (TF's `_get_partitions()`), e.g. `[2, 1, 1]`.
    public let partitions: [Int]

    init(name: String, shape: [Int], dtype: DType, parts: [Variable], partitions: [Int]) {
        self.name = name
        self.shape = shape
        self.dtype = dtype
        self.parts = parts
        self.partitions = partitions
    }

    public func makeIterator() -> IndexingIterator<[Variable]> { parts.makeIterator() }

    /// The axis the parts are cut along (0 when there is a single part).
    public var partitionAxis: Int { partitions.firstIndex { $0 > 1 } ?? 0 }

    /// The whole value (TF's `as_tensor()`): the parts' values joined by a `ConcatV2` in the name
    /// scope `<name>/ConcatPartitions/`, then an `Identity` named `<name>` at the root. Each call
    /// builds new ops, as in TF.
    public func asTensor(file: String = #fileID, line: Int = #line) throws -> Tensor {
        try parts[0].graph.asDefault {
            let joined: Tensor
            if parts.count == 1 {
                joined = parts[0].snapshot
            } else {
                joined = try nameScope(name + "/ConcatPartitions/") { _ in
                    try concat(parts, axis: partitionAxis, file: file, line: line)
                }
            }
            return try nameScope(nil) { _ in try identity(joined, name: name, file: file, line: line) }
        }
    }

    public var description: String {
        "<PartitionedVariable '\(name)' shape=\(Shape(known: shape)) dtype=\(dtype) parts=\(parts.count)>"
    }
}

/// Where a part of a partitioned variable lies in the whole, as a checkpoint records it (TF's
/// `Variable.SaveSliceInfo`).
public struct SaveSliceInfo: Sendable, Hashable {
    /// The whole variable's name: the checkpoint key.
    public let fullName: String
    /// The whole variable's shape.
    public let fullShape: [Int]
    /// The part's first index in the whole, per axis.
    public let varOffset: [Int]
    /// The part's shape.
    public let varShape: [Int]

    /// TF's slice spec (`"3 2 2,1:0,2"`): the full shape, then `start,length` per axis.
    public var spec: String {
        fullShape.map(String.init).joined(separator: " ") + " "
            + zip(varOffset, varShape).map { "\($0),\($1)" }.joined(separator: ":")
    }
}
