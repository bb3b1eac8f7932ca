import ScopeFlowProto

/// One tensor listed in a checkpoint: its key, element type and shape.
public struct CheckpointEntry: Sendable, Hashable {
    /// The key: the variable's op name (`model/dense/kernel`).
    public let name: String
    /// The element type.
    public let dtype: DType
    /// The dimensions (`[]` for a scalar).
    public let shape: [Int]
}

/// Reads a V2 checkpoint written by TensorFlow or ScopeFlow (TF's
/// `tf.train.load_checkpoint` / `NewCheckpointReader`).
///
/// Every checksum, length and key order is verified; a corrupt file throws a
/// ``ScopeFlowError/Code/dataLoss`` naming the file and the problem.
///
/// ```swift
/// let reader = try CheckpointReader(prefix: "run/model.ckpt-3")
/// for entry in reader.entries { print(entry.name, entry.dtype, entry.shape) }
/// let w = try reader.tensor(named: "layer1/w")
/// ```
public struct CheckpointReader: Sendable {
    /// The checkpoint prefix (`dir/model.ckpt-3`).
    public let prefix: String
    /// Every tensor in the checkpoint, in key order (partitioned-variable slices hidden).
    public let entries: [CheckpointEntry]
    private let records: [String: (entry: CheckpointEntry, record: Tensorflow_BundleEntryProto)]
    private let dataFiles: [[UInt8]]

    /// Opens the checkpoint `prefix` (reads `prefix.index` and its data files).
    /// - Throws: ``ScopeFlowError/Code/notFound`` when a file is missing,
    ///   ``ScopeFlowError/Code/dataLoss`` when one is corrupt.
    public init(prefix: String) throws {
        self.prefix = prefix
        let indexPath = CheckpointWriter.indexPath(prefix)
        let table = try SSTable.decode(try FileIO.read(indexPath), file: indexPath)
        func corrupt(_ what: String, underlying: (any Error)? = nil) -> ScopeFlowError {
            ScopeFlowError(.dataLoss, "\(indexPath) is corrupt: \(what).", names: [indexPath], underlying: underlying)
        }
        guard let first = table.first, first.key.isEmpty else {
            throw corrupt("the first record is not the bundle header (key \"\")")
        }
        let header: Tensorflow_BundleHeaderProto
        do { header = try Tensorflow_BundleHeaderProto(serializedBytes: Array(first.value)) } catch {
            throw corrupt("the bundle header does not parse (\(error))", underlying: error)
        }
        guard header.endianness == .little else {
            throw ScopeFlowError(
                .unimplemented, "\(indexPath) is a big-endian checkpoint; ScopeFlow reads little-endian ones.",
                names: [indexPath])
        }
        guard (1...10_000).contains(header.numShards) else { throw corrupt("num_shards is \(header.numShards)") }
        var entries: [CheckpointEntry] = []
        var records: [String: (entry: CheckpointEntry, record: Tensorflow_BundleEntryProto)] = [:]
        for (key, value) in table.dropFirst() where key.first != 0 {
            let name = String(decoding: key, as: UTF8.self)
            let record: Tensorflow_BundleEntryProto
            do { record = try Tensorflow_BundleEntryProto(serializedBytes: Array(value)) } catch {
                throw corrupt("the entry of '\(name)' does not parse (\(error))", underlying: error)
            }
            let dims = record.shape.dim.map { Int(clamping: $0.size) }
            guard let count = HostTensor.elementCount(dims), !record.shape.unknownRank else {
                throw corrupt("the entry of '\(name)' has an invalid shape \(dims)")
            }
            guard record.slices.isEmpty else {
                throw ScopeFlowError(
                    .unimplemented, "'\(name)' in \(indexPath) is a partitioned variable; ScopeFlow does not read those.",
                    names: [name])
            }
            let dtype = try DType(proto: record.dtype, context: "'\(name)' in \(indexPath)")
            // A fixed-width tensor takes exactly count × element size bytes; strings take at least a
            // one-byte length each plus the 4-byte length checksum.
            let sizeFits =
                dtype == .string
                ? record.size >= 4 && record.size - 4 >= count
                : TensorCoding.byteCount(count, dtype).map { record.size == $0 } ?? false
            guard sizeFits else {
                throw corrupt(
                    "the entry of '\(name)' (\(dtype), shape \(dims), \(count) elements) records \(record.size) bytes, "
                        + "which its shape cannot have")
            }
            guard (0..<header.numShards).contains(record.shardID) else {
                throw corrupt("the entry of '\(name)' names shard \(record.shardID) of \(header.numShards)")
            }
            let entry = CheckpointEntry(name: name, dtype: dtype, shape: dims)
            entries.append(entry)
            records[name] = (entry, record)
        }
        self.entries = entries
        self.records = records
        let shards = Int(header.numShards)
        dataFiles = try (0..<shards).map { shard in
            try FileIO.read(prefix + ".data-" + Self.fiveDigits(shard) + "-of-" + Self.fiveDigits(shards))
        }
    }

    private static func fiveDigits(_ value: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// True when the checkpoint holds a tensor called `name`.
    public func hasTensor(_ name: String) -> Bool { records[name] != nil }

    /// The value stored under `name`.
    /// - Throws: ``ScopeFlowError/Code/notFound`` for a missing key,
    ///   ``ScopeFlowError/Code/dataLoss`` when the stored bytes are corrupt.
    public func tensor(named name: String) throws -> HostTensor {
        guard let found = records[name] else {
            throw ScopeFlowError(
                .notFound, "Key \(name) not found in checkpoint \(prefix); list its keys with `scopeflow inspect`.",
                names: [name])
        }
        let (entry, record) = found
        let shard = Int(record.shardID)
        let file = prefix + ".data-" + Self.fiveDigits(shard) + "-of-" + Self.fiveDigits(dataFiles.count)
        let data = dataFiles[shard]
        var reader = ByteReader(data[...], file: file, context: "tensor '\(name)'")
        guard record.offset >= 0, record.size >= 0, record.offset <= data.count,
            record.size <= data.count - Int(record.offset)
        else {
            throw reader.corrupt("offset \(record.offset) and size \(record.size) run past the \(data.count)-byte file")
        }
        _ = try reader.readBytes(Int(record.offset))
        let bytes = try reader.readBytes(Int(record.size))
        let payload = ByteReader(bytes, file: file, context: "tensor '\(name)'")
        let count = HostTensor.elementCount(entry.shape) ?? 0
        let storage: HostTensor.Storage
        if entry.dtype == .string {
            let (strings, crc) = try TensorCoding.decodeStrings(payload, count: count)
            guard crc == record.crc32C else {
                throw payload.corrupt("the checksum does not match")
            }
            storage = .string(strings)
        } else {
            guard CRC32C.mask(CRC32C.checksum(bytes)) == record.crc32C else {
                throw payload.corrupt("the checksum does not match")
            }
            storage = try TensorCoding.decodeFixedWidth(payload, dtype: entry.dtype, count: count)
        }
        return HostTensor(uncheckedStorage: storage, shape: entry.shape)
    }
}
